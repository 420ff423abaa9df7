import type {
  AddFeedResult,
  FeedPollReport,
  FeedView,
  SourcesService,
} from '../briefing/sources-port.ts';
import type { NewArticle } from '../core/article.ts';
import { UserError } from '../core/errors.ts';
import { publicError } from '../core/public-error.ts';
import { DEFAULT_INTERVAL_MS, delayAfterSuccess, formatInterval, parseInterval } from '../core/feed.ts';
import type { Logger } from '../core/logger.ts';
import { minhashSignature, NEAR_DUPLICATE_JACCARD } from '../core/near-duplicate.ts';
import type { FeedRecord, FeedStore } from '../store/ports/feed-store.ts';
import type { NearDuplicateStore } from '../store/ports/near-duplicate-store.ts';
import type { ArticleStore } from '../store/ports/article-store.ts';
import type { ArticlePageReader } from './pages/article-page.ts';
import { canonicalUrl } from './canonical-url.ts';
import { fetchFeed, type FeedParser } from './feeds/feed-fetch.ts';
import type { FeedPoll, PollOutcome } from './feeds/feed-poll.ts';
import type { SafeFetcher } from './http/safe-fetch.ts';
import { parseHttpUrl } from '../core/http-url.ts';

/** Collaborators of the sources service. */
export interface SourcesDeps {
  /** The safe fetcher. */
  fetcher: SafeFetcher;
  /** Subscriptions. */
  feeds: FeedStore;
  /** Articles. */
  articles: ArticleStore;
  /** Near-duplicate links. */
  nearDuplicates: NearDuplicateStore;
  /** Single-feed polling (the first poll when subscribing). */
  poll: FeedPoll;
  /** Runs polls within the concurrency limits (a FeedPoller's pollFeeds). */
  runPolls: (feeds: readonly FeedRecord[]) => Promise<PollOutcome[]>;
  /** Article pages. */
  pages: ArticlePageReader;
  /** Current time. */
  clock: () => Date;
  /** Random numbers for jitter. */
  random?: () => number;
  /** Logger. */
  logger: Logger;
  /** Feed parser override (tests). */
  parse?: FeedParser;
}

/** Most URLs subscribed by one command. */
export const MAX_URLS_PER_ADD = 50;
const FUTURE_TOLERANCE_MS = 24 * 3600_000;

/** A subscription as users see it. */
export function feedView(f: FeedRecord): FeedView {
  return {
    id: f.id,
    url: f.url,
    title: f.title,
    siteUrl: f.siteUrl,
    every: formatInterval(f.intervalMs),
    status: f.status,
    failures: f.failures,
    lastSuccessAt: f.lastSuccessAt,
    lastError: f.lastError,
    lastErrorAt: f.lastErrorAt,
    nextPollAt: f.nextPollAt,
    unhealthySince: f.unhealthySince,
    itemsStored: f.itemsStored,
    addedBy: f.addedBy,
    addedAt: f.addedAt,
  };
}

function httpUrl(raw: string): string | null {
  return parseHttpUrl(raw)?.toString() ?? null;
}

export function createSourcesService(deps: SourcesDeps): SourcesService {
  const { feeds, clock, logger } = deps;
  const random = deps.random ?? Math.random;

  function message(err: unknown): string {
    return publicError(err, logger, {}, { logMessage: 'adding a source failed', apology: 'Internal error' }).message;
  }

  async function subscribe(
    workspace: string,
    input: string,
    intervalMs: number,
    by: string,
    channel: { platform: string; id: string } | null,
  ): Promise<AddFeedResult> {
    const url = httpUrl(input);
    if (!url) return { input, status: 'failed', error: `"${input.slice(0, 200)}" is not an http(s) URL.` };
    const existing = (await feeds.listFeeds(workspace)).find((f) => f.url === url);
    if (existing) return { input, status: 'exists', feed: feedView(existing) };
    let fetched;
    try {
      fetched = await fetchFeed({ fetcher: deps.fetcher, ...(deps.parse ? { parse: deps.parse } : {}) }, url, { discover: true });
    } catch (err) {
      return { input, status: 'failed', error: message(err) };
    }
    if (fetched.kind !== 'feed') return { input, status: 'failed', error: 'The server answered 304 Not Modified to a first request.' };
    const now = clock();
    const { feed, created } = await feeds.addFeed(workspace, {
      url: fetched.requested,
      title: fetched.feed.title,
      siteUrl: fetched.feed.siteUrl,
      intervalMs,
      addedBy: by,
      addedAt: now,
      channel,
      nextPollAt: new Date(now.getTime() + delayAfterSuccess(intervalMs, random)),
    });
    const discovered = fetched.discoveredFrom ? { discoveredFrom: fetched.discoveredFrom } : {};
    if (!created) return { input, status: 'exists', feed: feedView(feed), ...discovered };
    // The document just fetched is the feed's first poll: store it now rather than fetch it again.
    const report = await deps.poll.storeDocument(feed, fetched.feed, now);
    await feeds.updateFeedState(feed.id, {
      status: 'ok',
      lastPolledAt: now,
      lastSuccessAt: now,
      etag: fetched.etag,
      lastModified: fetched.lastModified,
      firstPollAt: now,
    });
    const fresh = (await feeds.getFeed(workspace, feed.id)) ?? feed;
    return { input, status: 'added', feed: feedView(fresh), stored: report.added, ...discovered };
  }

  function pollReport(o: PollOutcome): FeedPollReport {
    return {
      id: o.feedId,
      url: o.url,
      movedTo: o.movedTo,
      title: o.title,
      result: o.result,
      added: o.added,
      updated: o.updated,
      duplicates: o.duplicates,
      announced: o.announced,
      nearDuplicates: o.nearDuplicates,
      skipped: o.skipped,
      error: o.error,
      status: o.status,
    };
  }

  return {
    async addFeeds({ workspace, urls, every, by, channel }) {
      if (urls.length === 0) throw new UserError('feed.no_urls', 'Name at least one feed or page URL.');
      if (urls.length > MAX_URLS_PER_ADD) {
        throw new UserError('feed.too_many', `At most ${MAX_URLS_PER_ADD} URLs at once; got ${urls.length}. Use an OPML file for more.`);
      }
      const intervalMs = every ? parseInterval(every) : DEFAULT_INTERVAL_MS;
      const out: AddFeedResult[] = [];
      for (const u of urls) out.push(await subscribe(workspace, u, intervalMs, by, channel ?? null));
      return out;
    },

    async importOpml({ workspace, opml, every, by }) {
      const intervalMs = every ? parseInterval(every) : DEFAULT_INTERVAL_MS;
      const { readOpml } = await import('./feeds/opml.ts');
      const listed = readOpml(opml);
      if (listed.length === 0) throw new UserError('opml.empty', 'The OPML file lists no feeds (no outline has an xmlUrl).');
      const now = clock();
      const out: AddFeedResult[] = [];
      for (const item of listed) {
        const url = httpUrl(item.url);
        if (!url) {
          out.push({ input: item.url, status: 'failed', error: `"${item.url.slice(0, 200)}" is not an http(s) URL.` });
          continue;
        }
        // Listed feeds are polled by the poller soon rather than fetched one by one here.
        const { feed, created } = await feeds.addFeed(workspace, {
          url,
          title: item.title,
          siteUrl: item.siteUrl ? httpUrl(item.siteUrl) : null,
          intervalMs,
          addedBy: by,
          addedAt: now,
          channel: null,
          nextPollAt: now,
        });
        out.push({ input: item.url, status: created ? 'added' : 'exists', feed: feedView(feed) });
      }
      return out;
    },

    async exportOpml(workspace) {
      const list = await feeds.listFeeds(workspace);
      const { writeOpml } = await import('./feeds/opml.ts');
      return writeOpml(
        list.map((f) => ({ url: f.url, title: f.title, siteUrl: f.siteUrl })),
        `Sitrep feeds of workspace ${workspace}`,
        clock(),
      );
    },

    async listFeeds(workspace) {
      return (await feeds.listFeeds(workspace)).map(feedView);
    },

    async removeFeed(workspace, id) {
      const feed = await feeds.getFeed(workspace, id);
      if (!feed || !(await feeds.removeFeed(workspace, id))) {
        const ids = (await feeds.listFeeds(workspace)).map((f) => f.id);
        throw new UserError('feed.not_found', `No feed has id ${id} in this workspace.`, {
          hint: ids.length ? `Feed ids: ${ids.join(', ')} (see feed list).` : 'No feeds are subscribed.',
        });
      }
      return feedView(feed);
    },

    async pollFeeds(workspace, ids) {
      const all = await feeds.listFeeds(workspace);
      const unknown = (ids ?? []).filter((id) => !all.some((f) => f.id === id));
      if (unknown.length) throw new UserError('feed.not_found', `No feed has id ${unknown.join(', ')} in this workspace.`);
      const chosen = ids?.length ? all.filter((f) => ids.includes(f.id)) : all;
      const outcomes = await deps.runPolls(chosen);
      return outcomes.sort((a, b) => a.feedId - b.feedId).map(pollReport);
    },

    async addArticle({ workspace, url }) {
      const page = await deps.pages.read(url);
      const now = clock();
      const published = page.publishedAt && page.publishedAt.getTime() <= now.getTime() + FUTURE_TOLERANCE_MS ? page.publishedAt : now;
      const article: NewArticle = {
        url: canonicalUrl(page.url ?? page.fetchedFrom) ?? canonicalUrl(page.fetchedFrom),
        title: page.title,
        source: page.siteName ?? new URL(page.fetchedFrom).hostname.replace(/^www\./, ''),
        publishedAt: published,
        language: page.language,
        body: page.body,
      };
      const [outcome] = await deps.articles.addArticles(workspace, [article], now);
      let nearDuplicateOf: number[] = [];
      const sig = outcome!.status === 'added' ? minhashSignature(article.body) : null;
      if (sig) {
        const links = await deps.nearDuplicates.linkNearDuplicates(workspace, [{ articleId: outcome!.id, signature: sig }], NEAR_DUPLICATE_JACCARD, now);
        nearDuplicateOf = links.map((l) => (l.articleId === outcome!.id ? l.duplicateOf : l.articleId));
      }
      return {
        status: outcome!.status,
        articleId: outcome!.id,
        title: article.title,
        url: article.url,
        source: article.source,
        publishedAt: article.publishedAt,
        nearDuplicateOf,
      };
    },
  };
}
