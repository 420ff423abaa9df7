import type { FeedView, SourcesService } from '../src/briefing/sources-port.ts';
import type { Reply } from '../src/chat/reply.ts';
import { textReply } from '../src/chat/reply.ts';
import { UserError } from '../src/core/errors.ts';
import { str, type Command, type CommandContext } from './command.ts';
import { UsageError } from './parse.ts';

const day = (d: Date | null): string => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : 'never');

/** One line per feed: what `feed list` and `/sources list` show. */
export function describeFeed(f: FeedView): string {
  const name = f.title ? `${f.title} <${f.url}>` : f.url;
  const health =
    f.status === 'unhealthy'
      ? `UNHEALTHY since ${day(f.unhealthySince)} (${f.failures} failures in a row)`
      : f.status === 'failing'
        ? `failing (${f.failures} in a row)`
        : f.status === 'pending'
          ? 'not polled yet'
          : 'ok';
  const error = f.lastError && f.status !== 'ok' ? `; last error: ${f.lastError}` : '';
  return `#${f.id} ${name} — ${health}; every ${f.every}; last success ${day(f.lastSuccessAt)}; ${f.itemsStored} item${f.itemsStored === 1 ? '' : 's'} stored${error}`;
}

/** JSON form of a feed for `--format json`. */
export function feedJson(f: FeedView): Record<string, unknown> {
  const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
  return {
    id: f.id,
    url: f.url,
    title: f.title,
    siteUrl: f.siteUrl,
    every: f.every,
    status: f.status,
    failures: f.failures,
    lastSuccessAt: iso(f.lastSuccessAt),
    lastError: f.lastError,
    lastErrorAt: iso(f.lastErrorAt),
    nextPollAt: f.nextPollAt.toISOString(),
    unhealthySince: iso(f.unhealthySince),
    itemsStored: f.itemsStored,
    addedBy: f.addedBy,
    addedAt: f.addedAt.toISOString(),
  };
}

/** The feed list as a reply. */
export function feedListReply(feeds: readonly FeedView[]): Reply {
  return {
    visibility: 'private',
    title: 'Feeds',
    blocks:
      feeds.length === 0
        ? [{ type: 'text', text: 'No feeds yet. Add one with: /sources add https://example.com/feed.xml' }]
        : [
            ...(feeds.some((f) => f.status === 'unhealthy')
              ? [{ type: 'notice' as const, tone: 'warning' as const, text: 'Some feeds keep failing; they are still tried every few hours.' }]
              : []),
            { type: 'list', items: feeds.map(describeFeed) },
          ],
    data: { feeds: feeds.map(feedJson) },
  };
}

function service(ctx: CommandContext): SourcesService {
  if (!ctx.services.sources) throw new UserError('sources.unavailable', 'Feeds and article pages are not available here.');
  return ctx.services.sources;
}

export const sourcesCommand = {
  name: 'sources',
  description: 'Feeds and article pages: add <url> [every], list, remove <id>, add-article <url>',
  usage: 'sources add <url> [every] | list | remove <id> | add-article <url>',
  options: [
    {
      name: 'action',
      type: 'string',
      description: 'What to do',
      required: true,
      positional: true,
      choices: [
        { name: 'add a feed', value: 'add' },
        { name: 'list feeds', value: 'list' },
        { name: 'remove a feed', value: 'remove' },
        { name: 'add one article page', value: 'add-article' },
      ],
    },
    { name: 'target', type: 'string', description: 'Feed or page URL (add, add-article) or feed id (remove)', positional: true },
    { name: 'every', type: 'string', description: 'Polling interval for add, e.g. 15m or 1h (minimum 5m)', positional: true },
  ],
  mutates: true,
  visibility: 'public',
  async run(options, ctx) {
    const action = str(options, 'action');
    const target = str(options, 'target')?.trim();
    const sources = service(ctx);
    if (action === 'list') return feedListReply(await sources.listFeeds(ctx.workspace));
    if (!target) throw new UsageError(`${action} needs a ${action === 'remove' ? 'feed id' : 'URL'}.`, sourcesCommand);
    if (action === 'remove') {
      const id = Number(target.replace(/^#/, ''));
      if (!Number.isInteger(id) || id <= 0) throw new UsageError(`"${target.slice(0, 40)}" is not a feed id; see /sources list.`, sourcesCommand);
      const f = await sources.removeFeed(ctx.workspace, id);
      return textReply(`Removed feed #${f.id} ${f.title ?? f.url}. Its ${f.itemsStored} stored articles stay.`, 'public', {
        removed: feedJson(f),
      });
    }
    if (action === 'add-article') {
      const r = await sources.addArticle({ workspace: ctx.workspace, url: target, by: ctx.user.id });
      const when = r.publishedAt.toISOString().slice(0, 10);
      const dup = r.nearDuplicateOf.length ? ` It closely matches stored article${r.nearDuplicateOf.length === 1 ? '' : 's'} #${r.nearDuplicateOf.join(', #')} (another outlet's copy).` : '';
      const text =
        r.status === 'added'
          ? `Added "${r.title}" (${r.source}, ${when}).${dup}`
          : `Already stored: "${r.title}" (article #${r.articleId}).`;
      return textReply(text, 'public', { ...r, publishedAt: r.publishedAt.toISOString() });
    }
    const [result] = await sources.addFeeds({
      workspace: ctx.workspace,
      urls: [target],
      every: str(options, 'every'),
      by: ctx.user.id,
      channel: ctx.channel,
    });
    if (!result || result.status === 'failed') {
      throw new UserError('feed.add_failed', `Could not subscribe to ${target.slice(0, 200)}: ${result?.error ?? 'unknown error'}`);
    }
    const f = result.feed!;
    const via = result.discoveredFrom ? ` (found on ${result.discoveredFrom})` : '';
    const text =
      result.status === 'exists'
        ? `Already subscribed: #${f.id} ${f.title ?? f.url}.`
        : `Subscribed to #${f.id} ${f.title ?? f.url}${via}, polled every ${f.every}: ${result.stored ?? 0} articles stored (not announced as new).`;
    return textReply(text, 'public', { ...result, feed: feedJson(f) });
  },
} satisfies Command;
