import { publicError } from '../../core/public-error.ts';
import {
  delayAfterFailure,
  delayAfterSuccess,
  parseRetryAfter,
  statusAfter,
  type FeedStatus,
} from '../../core/feed.ts';
import type { Logger } from '../../core/logger.ts';
import { minhashSignature, NEAR_DUPLICATE_JACCARD } from '../../core/near-duplicate.ts';
import type { FeedItemInput, FeedRecord, FeedStore } from '../../store/ports/feed-store.ts';
import type { NearDuplicateStore } from '../../store/ports/near-duplicate-store.ts';
import type { ArticlePageReader } from '../pages/article-page.ts';
import { FetchError } from '../http/fetch-error.ts';
import { fetchFeed, type FeedParser } from './feed-fetch.ts';
import { prepareItems } from './feed-items.ts';
import type { ParsedFeed } from './feed-parse.ts';
import type { SafeFetcher } from '../http/safe-fetch.ts';

/** What storing one poll's items did. */
export interface StoreReport {
  /** New articles. */
  added: number;
  /** Articles edited in place (title or text changed at the source). */
  updated: number;
  /** Items already stored from another feed or page (same URL or text). */
  duplicates: number;
  /** Items seen before, unchanged. */
  unchanged: number;
  /** Items that could not be stored (no title and no text). */
  skipped: number;
  /** New articles announced as new (0 on a feed's first poll). */
  announced: number;
  /** Teaser items whose page was fetched for the full text, and how many of those failed (teaser kept). */
  fullText: { fetched: number; failed: number };
  /** Near-duplicate links found. */
  nearDuplicates: number;
}

/** What one poll of one feed did. */
export interface PollOutcome extends StoreReport {
  /** Feed id. */
  feedId: number;
  /** Workspace. */
  workspace: string;
  /** Feed URL the poll started from. */
  url: string;
  /** The feed's new URL when this poll found it moved permanently and the subscription now points there; else null. */
  movedTo: string | null;
  /** Feed title, when known. */
  title: string | null;
  /** `stored`: a new document was read; `not-modified`: the server answered 304; `failed`: see error. */
  result: 'stored' | 'not-modified' | 'failed';
  /** Failure message. */
  error: string | null;
  /** Health after this poll. */
  status: FeedStatus;
  /** When the feed will be polled next. */
  nextPollAt: Date;
  /** True when the feed is unhealthy and the workspace has not been told yet. */
  needsNotice: boolean;
}

/** Collaborators of the poll. */
export interface FeedPollDeps {
  /** The safe fetcher. */
  fetcher: SafeFetcher;
  /** Subscriptions and items. */
  feeds: FeedStore;
  /** Near-duplicate signatures and links. */
  nearDuplicates: NearDuplicateStore;
  /** Reads article pages for full text; null disables full-text fetching. */
  pages: ArticlePageReader | null;
  /** Current time. */
  clock: () => Date;
  /** Random numbers in [0, 1) for jitter. */
  random?: () => number;
  /** Logger. */
  logger: Logger;
  /** Feed parser (tests count calls through it). */
  parse?: FeedParser;
  /** Most article pages fetched in one poll. Default 30. */
  maxFullTextPerPoll?: number;
}

/** Polls single feeds and stores what they deliver. */
export interface FeedPoll {
  /** Polls one feed (conditional GET), stores its items, updates its health and schedule. Never throws. */
  poll(feed: FeedRecord): Promise<PollOutcome>;
  /** Stores an already-fetched document for a feed (the first poll done while subscribing). */
  storeDocument(feed: FeedRecord, document: ParsedFeed, at: Date): Promise<StoreReport>;
}

/** Article pages fetched at the same time during one poll. */
const FULL_TEXT_CONCURRENCY = 3;
/** No new article page is fetched after this much of a poll has gone by. */
const FULL_TEXT_BUDGET_MS = 60_000;

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** A report of a poll that stored nothing (yet). */
function emptyStoreReport(): StoreReport {
  return { added: 0, updated: 0, duplicates: 0, unchanged: 0, skipped: 0, announced: 0, fullText: { fetched: 0, failed: 0 }, nearDuplicates: 0 };
}

export function createFeedPoll(deps: FeedPollDeps): FeedPoll {
  const { feeds, clock, logger } = deps;
  const random = deps.random ?? Math.random;
  const maxFullText = deps.maxFullTextPerPoll ?? 30;

  /**
   * Points the subscription at the URL a feed moved to for good, so later polls skip the redirect and survive the old
   * host going away. The URL is the fetcher's WHATWG serialisation, the same form `feed add` stores. When the workspace
   * already subscribes to that URL the old one is kept (the duplicate is the user's to remove). Returns the new URL
   * when the subscription moved.
   */
  async function follow(feed: FeedRecord, target: string | null): Promise<string | null> {
    if (target === null || target === feed.url) return null;
    const fields = { feed: feed.id, from: feed.url, to: target };
    if (await feeds.moveFeed(feed.id, target)) {
      logger.info(fields, 'feed moved permanently; polling its new URL from now on');
      return target;
    }
    logger.info(fields, 'feed moved permanently to a URL this workspace already subscribes to; keeping the old URL');
    return null;
  }

  /** Replaces teaser bodies of new or edited items with the page's main text; the teaser stays when that fails. */
  async function addFullText(feed: FeedRecord, items: (FeedItemInput & { teaser: boolean })[], report: StoreReport): Promise<void> {
    if (!deps.pages) return;
    const known = await feeds.knownItems(
      feed.id,
      items.map((i) => i.key),
    );
    const wanted = items.filter((i) => i.teaser && i.article.url && known.get(i.key) !== i.revision).slice(0, maxFullText);
    // A few pages at a time, and none started after the time budget: a slow site must not hold up the poll (or a
    // subscription made from chat) for minutes; the items past the budget keep their teasers.
    const started = clock().getTime();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < wanted.length && clock().getTime() - started < FULL_TEXT_BUDGET_MS) {
        const item = wanted[next++]!;
        try {
          const page = await deps.pages!.read(item.article.url!);
          report.fullText.fetched++;
          if (page.body.length > item.article.body.length) item.article = { ...item.article, body: page.body };
        } catch (err) {
          report.fullText.failed++;
          logger.debug({ feed: feed.id, url: item.article.url, err: (err as Error).message }, 'full text not available; keeping the teaser');
        }
      }
    };
    await Promise.all(Array.from({ length: FULL_TEXT_CONCURRENCY }, worker));
  }

  async function storeDocument(feed: FeedRecord, document: ParsedFeed, at: Date): Promise<StoreReport> {
    const report = emptyStoreReport();
    const source = document.title ?? feed.title ?? hostOf(document.siteUrl ?? feed.url);
    const prepared = prepareItems(document.items, { source, fetchedAt: at, language: document.language });
    const ready = prepared.filter((p): p is Extract<typeof p, { key: string }> => 'key' in p);
    report.skipped = prepared.length - ready.length;
    if (report.skipped > 0) {
      // A skipped item never fails the feed; why it was skipped is for the operator.
      const reasons = [...new Set(prepared.flatMap((p) => ('skip' in p ? [p.skip] : [])))];
      logger.info({ feed: feed.id, skipped: report.skipped, reasons }, 'feed items skipped');
    }
    await addFullText(feed, ready, report);
    // The first poll of a new feed fills the store with its backlog; those items are not news to announce.
    const announce = feed.firstPollAt !== null;
    const outcomes = await feeds.storeItems(feed, ready, at, announce);
    const fingerprints: { articleId: number; signature: Uint32Array }[] = [];
    for (const [i, o] of outcomes.entries()) {
      if (o.status === 'added') {
        report.added++;
        if (announce) report.announced++;
      } else if (o.status === 'updated') report.updated++;
      else if (o.status === 'duplicate') report.duplicates++;
      else report.unchanged++;
      if (o.status === 'added' || o.status === 'updated') {
        const signature = minhashSignature(ready[i]!.article.body);
        if (signature) fingerprints.push({ articleId: o.articleId, signature });
      }
    }
    const links = await deps.nearDuplicates.linkNearDuplicates(feed.workspace, fingerprints, NEAR_DUPLICATE_JACCARD, at);
    report.nearDuplicates = links.length;
    return report;
  }

  return {
    storeDocument,

    async poll(feed) {
      const now = clock();
      const base = { feedId: feed.id, workspace: feed.workspace, url: feed.url, movedTo: null };
      const empty = emptyStoreReport();
      try {
        const fetched = await fetchFeed(deps, feed.url, { validators: { etag: feed.etag, lastModified: feed.lastModified } });
        const nextPollAt = new Date(now.getTime() + delayAfterSuccess(feed.intervalMs, random));
        const healthy = { status: 'ok' as const, failures: 0, lastPolledAt: now, lastSuccessAt: now, nextPollAt, unhealthySince: null, noticeSentAt: null };
        if (fetched.kind === 'not-modified') {
          await feeds.updateFeedState(feed.id, healthy);
          const movedTo = await follow(feed, fetched.movedTo);
          return { ...base, ...empty, movedTo, title: feed.title, result: 'not-modified', error: null, status: 'ok', nextPollAt, needsNotice: false };
        }
        const report = await storeDocument(feed, fetched.feed, now);
        const title = fetched.feed.title ?? feed.title;
        await feeds.updateFeedState(feed.id, {
          ...healthy,
          title,
          siteUrl: fetched.feed.siteUrl ?? feed.siteUrl,
          etag: fetched.etag,
          lastModified: fetched.lastModified,
          firstPollAt: feed.firstPollAt ?? now,
        });
        const movedTo = await follow(feed, fetched.movedTo);
        return { ...base, ...report, movedTo, title, result: 'stored', error: null, status: 'ok', nextPollAt, needsNotice: false };
      } catch (err) {
        const failures = feed.failures + 1;
        const status = statusAfter(failures);
        const limited = err instanceof FetchError && (err.status === 429 || err.status === 503);
        const retryAfterMs = limited ? parseRetryAfter(err.retryAfter, now) : null;
        const nextPollAt = new Date(now.getTime() + delayAfterFailure(feed.intervalMs, failures, retryAfterMs, random));
        let message = publicError(err, logger, { feed: feed.id }, {
          logMessage: 'feed poll failed unexpectedly',
          apology: 'Internal error while polling',
        }).message;
        if (retryAfterMs !== null) message += ` The server asked to wait ${Math.round(retryAfterMs / 1000)} s.`;
        const unhealthySince = status === 'unhealthy' ? (feed.unhealthySince ?? now) : null;
        await feeds.updateFeedState(feed.id, {
          status,
          failures,
          lastPolledAt: now,
          lastError: message,
          lastErrorAt: now,
          nextPollAt,
          unhealthySince,
        });
        logger.warn({ feed: feed.id, url: feed.url, failures, status, error: message }, 'feed poll failed');
        return {
          ...base,
          ...empty,
          title: feed.title,
          result: 'failed',
          error: message,
          status,
          nextPollAt,
          needsNotice: status === 'unhealthy' && feed.noticeSentAt === null,
        };
      }
    },
  };
}
