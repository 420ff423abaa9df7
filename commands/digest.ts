import type { DigestListing, DigestRunOutcome, DigestService } from '../src/briefing/digest-service.ts';
import { textReply, type Reply } from '../src/chat/reply.ts';
import type { DigestSubscription } from '../src/core/digest.ts';
import { UserError } from '../src/core/errors.ts';
import { languageName } from '../src/core/languages.ts';
import { formatRunTime } from '../src/core/zoned-time.ts';
import { list, placeOf, str, type Command, type CommandContext } from './command.ts';
import { clearsLanguage } from './language.ts';
import { UsageError } from './parse.ts';
import { languageOption } from './window-options.ts';

/** One line describing a subscription, as `digest list` shows it in chat and in the terminal. */
export function describeDigest(l: DigestListing): string {
  const s = l.subscription;
  const stories = s.stories === 'all' ? 'all tracked stories' : s.stories.join(', ');
  const parts = [`#${s.id} ${s.channel.platform}:${s.channel.id}`, `${s.schedule} (${s.timeZone})`, stories];
  if (s.language) parts.push(`in ${languageName(s.language)}`);
  if (s.paused) parts.push(`PAUSED: ${s.paused.reason}`);
  else if (l.nextRun) parts.push(`next ${formatRunTime(l.nextRun, s.timeZone)}`);
  if (l.lastRun) {
    const detail = l.lastRun.detail && l.lastRun.status !== 'posted' ? ` (${l.lastRun.detail})` : '';
    parts.push(`last ${l.lastRun.status} ${formatRunTime(l.lastRun.slot, s.timeZone)}${detail}`);
  }
  return parts.join(' · ');
}

/** The `--format json` shape of a listing. */
export function listingJson(l: DigestListing): Record<string, unknown> {
  const s = l.subscription;
  return {
    id: s.id,
    channel: `${s.channel.platform}:${s.channel.id}`,
    stories: s.stories,
    schedule: s.schedule,
    cron: s.cron,
    timeZone: s.timeZone,
    language: s.language,
    paused: s.paused ? { at: s.paused.at.toISOString(), reason: s.paused.reason } : null,
    nextRun: l.nextRun?.toISOString() ?? null,
    lastRun: l.lastRun
      ? { slot: l.lastRun.slot.toISOString(), status: l.lastRun.status, detail: l.lastRun.detail, attempts: l.lastRun.attempts }
      : null,
  };
}

/** A sentence about a run's outcome. */
export function describeOutcome(o: DigestRunOutcome): string {
  const when = formatRunTime(o.slot, o.timeZone);
  switch (o.status) {
    case 'posted':
      return `Digest #${o.subscriptionId} for ${when} posted${o.detail ? ` (${o.detail})` : ''}.`;
    case 'already-posted':
      return `Digest #${o.subscriptionId} for ${when} was already posted; nothing was sent again.`;
    case 'in-progress':
      return `Digest #${o.subscriptionId} for ${when} is being posted by another run.`;
    case 'skipped':
      return `The ${when} slot of digest #${o.subscriptionId} was skipped: ${o.detail ?? 'missed'}.`;
    case 'unknown':
      return `An earlier run of digest #${o.subscriptionId} for ${when} stopped while posting; it is not repeated to avoid a duplicate.`;
    case 'paused':
      return `Digest #${o.subscriptionId} was paused: ${o.detail ?? ''}`;
    default:
      return `Digest #${o.subscriptionId} for ${when} was not posted: ${o.detail ?? o.status}.`;
  }
}

/** The `--format json` shape of a run outcome. */
export function outcomeJson(o: DigestRunOutcome): Record<string, unknown> {
  return { subscriptionId: o.subscriptionId, slot: o.slot.toISOString(), timeZone: o.timeZone, status: o.status, messageIds: o.messageIds, detail: o.detail };
}

function service(ctx: CommandContext): DigestService {
  const digests = ctx.services.digests;
  if (!digests) throw new UserError('digest.unavailable', 'Scheduled digests are not available here.');
  return digests;
}

function idOf(text: string | undefined, command: Command): number {
  const t = (text ?? '').replace(/^#/, '').trim();
  if (!t) throw new UsageError('Give the digest id, e.g. 3 (see digest list).', command);
  if (!/^\d{1,9}$/.test(t)) throw new UsageError(`"${t.slice(0, 30)}" is not a digest id; ids are numbers (see digest list).`, command);
  return Number(t);
}

/** The language asked for, else the receiving channel's (`/language`); `off` keeps the sources' own. */
async function digestLanguage(asked: string | undefined, ctx: CommandContext): Promise<string | undefined> {
  if (asked?.trim()) return clearsLanguage(asked) ? undefined : asked;
  return (await ctx.services.briefing.channelLanguage(ctx.workspace, placeOf(ctx))) ?? undefined;
}

function added(sub: DigestSubscription, nextRuns: Date[], verb: string): Reply {
  const stories = sub.stories === 'all' ? 'all tracked stories' : sub.stories.join(', ');
  return {
    visibility: 'public',
    blocks: [
      {
        type: 'text',
        text: `${verb} digest #${sub.id}: ${stories}, ${sub.schedule} (${sub.timeZone})${sub.language ? `, in ${languageName(sub.language)}` : ''}, posted to ${sub.channel.platform}:${sub.channel.id}.`,
      },
      { type: 'text', text: 'Next runs:' },
      { type: 'list', items: nextRuns.map((d) => formatRunTime(d, sub.timeZone)) },
    ],
    data: { id: sub.id, channel: `${sub.channel.platform}:${sub.channel.id}`, stories: sub.stories, schedule: sub.schedule, cron: sub.cron, timeZone: sub.timeZone, language: sub.language, nextRuns: nextRuns.map((d) => d.toISOString()) },
  };
}

export const digestCommand = {
  name: 'digest',
  description: 'Scheduled digests for this channel: add, list, remove, run or resume',
  // No HH:MM here: adapters turn name:value pairs in usage lines into --name value.
  usage: 'digest add <schedule> [stories:a,b|all] [tz:Europe/Berlin] [language:fr] | list | remove <id> | run <id> [now:time] | resume <id>',
  options: [
    {
      name: 'action',
      type: 'string',
      description: 'What to do',
      required: true,
      positional: true,
      choices: ['add', 'list', 'remove', 'run', 'resume'].map((v) => ({ name: v, value: v })),
    },
    {
      name: 'target',
      type: 'string',
      description: 'add: the schedule (daily 08:00, weekdays 07:30, weekly mon 09:00 or cron); else the digest id',
      positional: true,
      variadic: true,
    },
    { name: 'stories', type: 'string', description: 'add: stories, comma-separated, or all (default all)', autocomplete: 'story' },
    { name: 'tz', type: 'string', description: 'add: IANA time zone, e.g. Europe/Berlin (default: the configured one)' },
    { name: 'now', type: 'string', description: 'run: a time inside the slot to run, e.g. 2025-11-24T08:00' },
    {
      ...languageOption,
      description: "add: write the digest in this language, or off (default: the channel's /language; LLM engine)",
      choices: [...languageOption.choices, { name: "Off (the sources' own)", value: 'off' }],
    },
  ],
  mutates: true,
  visibility: 'private',
  async run(options, ctx) {
    const digests = service(ctx);
    const action = str(options, 'action');
    const target = str(options, 'target');
    if (action === 'add') {
      if (!ctx.channel) throw new UserError('digest.no_channel', 'Run /digest add in the channel that should receive the digest.');
      if (!target) {
        throw new UsageError('Give a schedule: daily 08:00, weekdays 07:30, weekly mon 09:00 or cron such as "0 8 * * *".', this);
      }
      const { subscription, nextRuns } = await digests.add({
        workspace: ctx.workspace,
        channel: ctx.channel,
        stories: options['stories'] === undefined ? 'all' : list(options, 'stories'),
        schedule: target,
        timeZone: str(options, 'tz'),
        language: await digestLanguage(str(options, 'language'), ctx),
        by: ctx.user.id,
      });
      return added(subscription, nextRuns, 'Added');
    }
    if (action === 'list') {
      const listings = await digests.list(ctx.workspace);
      if (listings.length === 0) return textReply('No digests yet. Add one with: /digest add daily 08:00', 'private', { subscriptions: [] });
      return {
        visibility: 'private',
        title: 'Scheduled digests',
        blocks: [{ type: 'list', items: listings.map(describeDigest) }],
        data: { subscriptions: listings.map(listingJson) },
      };
    }
    const id = idOf(target, this);
    if (action === 'remove') {
      const sub = await digests.remove(ctx.workspace, id);
      return textReply(`Removed digest #${sub.id} (${sub.schedule}, ${sub.channel.platform}:${sub.channel.id}).`, 'public', { removed: sub.id });
    }
    if (action === 'resume') {
      const { subscription, nextRuns } = await digests.resume(ctx.workspace, id);
      return added(subscription, nextRuns, 'Resumed');
    }
    const outcome = await digests.run({ workspace: ctx.workspace, id, now: str(options, 'now') });
    return textReply(describeOutcome(outcome), 'private', outcomeJson(outcome));
  },
} satisfies Command;
