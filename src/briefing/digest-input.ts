import type { WorkspaceId } from '../core/article.ts';
import type { DigestChannel } from '../core/digest.ts';
import { UserError } from '../core/errors.ts';
import { storyKey } from '../core/story.ts';
import { wallClockToInstant } from '../core/zoned-time.ts';
import type { StoryStore } from '../store/ports/story-store.ts';

/** Platforms a digest can post to. */
export const DIGEST_PLATFORMS = ['slack', 'discord', 'console'] as const;

const CHANNEL_IDS: Record<string, { pattern: RegExp; example: string }> = {
  slack: { pattern: /^[CGD][A-Z0-9]{6,20}$/, example: 'slack:C0123456789' },
  discord: { pattern: /^\d{15,25}$/, example: 'discord:112233445566778899' },
  console: { pattern: /^[A-Za-z0-9_.-]{1,64}$/, example: 'console:local' },
};

const MAX_STORIES = 25;

/**
 * Checks a channel: a known platform, an id of that platform's shape, and a workspace that can own it (a Slack
 * channel belongs to a `slack:` workspace, a Discord channel to a `discord:` one; console channels to any).
 */
export function validateChannel(workspace: WorkspaceId, channel: DigestChannel): DigestChannel {
  const platform = channel.platform.toLowerCase();
  const rule = CHANNEL_IDS[platform];
  if (!rule) {
    throw new UserError('digest.invalid_channel', `"${platform.slice(0, 20)}" is not a platform digests can post to.`, {
      hint: `Use one of ${DIGEST_PLATFORMS.join(', ')}.`,
    });
  }
  const id = channel.id.trim();
  if (!rule.pattern.test(id)) {
    throw new UserError('digest.invalid_channel', `"${id.slice(0, 80)}" is not a ${platform} channel id.`, {
      hint: `Example: ${rule.example}.`,
    });
  }
  if (platform !== 'console' && !workspace.startsWith(`${platform}:`)) {
    throw new UserError(
      'digest.wrong_workspace',
      `A ${platform} channel belongs to a ${platform} workspace, not "${workspace}".`,
      { hint: `Pass the workspace, e.g. --workspace ${platform}:<team or guild id>.` },
    );
  }
  return { platform, id };
}

/** Resolves the stories of a subscription: `all`, or tracked story names (canonical spelling, no repeats). */
export async function resolveDigestStories(
  store: StoryStore,
  workspace: WorkspaceId,
  requested: readonly string[] | 'all',
): Promise<string[] | 'all'> {
  const names = requested === 'all' ? ['all'] : requested.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) {
    throw new UserError('digest.no_stories', 'Name the stories for the digest, or "all" for every tracked story.', {
      hint: 'Example: --stories syria,sudan (or --stories all).',
    });
  }
  if (names.length === 1 && names[0]!.toLowerCase() === 'all') return 'all';
  if (names.length > MAX_STORIES) {
    throw new UserError('digest.too_many_stories', `A digest covers at most ${MAX_STORIES} stories; got ${names.length}.`);
  }
  const tracked = await store.listStories(workspace);
  const byKey = new Map(tracked.map((s) => [storyKey(s.name), s.name]));
  const out: string[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    const name = byKey.get(storyKey(n));
    if (!name) unknown.push(n.slice(0, 80));
    else if (!out.includes(name)) out.push(name);
  }
  if (unknown.length) {
    throw new UserError('digest.unknown_story', `Not tracked: ${unknown.join(', ')}.`, {
      hint: tracked.length
        ? `Tracked stories: ${tracked.map((s) => s.name).join(', ')}. Track a story first with: track <name>.`
        : 'No stories are tracked yet: track one first, e.g. track syria.',
    });
  }
  return out;
}

/**
 * Reads `--now`: an ISO time with an offset (`2025-11-24T07:00:00Z`) is that instant; without one
 * (`2025-11-24T08:00`) it is a wall-clock time in the subscription's zone, as people say it.
 */
export function parseRunTime(text: string, timeZone: string): Date {
  const t = text.trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (local) {
    const [y, mo, d, h = '0', mi = '0', s = '0'] = local.slice(1);
    const fields = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s) };
    const check = new Date(Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second));
    if (check.getUTCMonth() === fields.month - 1 && check.getUTCDate() === fields.day && check.getUTCHours() === fields.hour && check.getUTCMinutes() === fields.minute) {
      return new Date(wallClockToInstant(fields, timeZone));
    }
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i.test(t)) {
    const d = new Date(t);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UserError('digest.invalid_time', `"${t.slice(0, 40)}" is not a time.`, {
    hint: 'Use an ISO time such as 2025-11-24T08:00 (read in the digest\'s time zone) or 2025-11-24T07:00:00Z.',
  });
}
