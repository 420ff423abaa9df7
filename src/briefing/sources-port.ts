import type { WorkspaceId } from '../core/article.ts';
import type { FeedStatus } from '../core/feed.ts';

/**
 * The sources use cases (feed subscriptions and single article pages) as commands and the CLI see them. The
 * implementation is `src/ingest/sources-use-cases.ts`; only this interface is visible to `commands/`.
 */

/** A subscription as users see it. */
export interface FeedView {
  /** Id to remove it by. */
  id: number;
  /** Feed URL. */
  url: string;
  /** Feed title, once known. */
  title: string | null;
  /** Site the feed belongs to. */
  siteUrl: string | null;
  /** Interval as typed (`15m`, `1h`). */
  every: string;
  /** Health: pending (not polled yet), ok, failing, unhealthy. */
  status: FeedStatus;
  /** Consecutive failures. */
  failures: number;
  /** Last successful poll. */
  lastSuccessAt: Date | null;
  /** Last failure message. */
  lastError: string | null;
  /** When it last failed. */
  lastErrorAt: Date | null;
  /** Next scheduled poll. */
  nextPollAt: Date;
  /** Start of the current unhealthy period. */
  unhealthySince: Date | null;
  /** Articles this feed delivered. */
  itemsStored: number;
  /** Who added it. */
  addedBy: string;
  /** When. */
  addedAt: Date;
}

/** Result of subscribing to one URL. */
export interface AddFeedResult {
  /** The URL as given. */
  input: string;
  /** `added`; `exists` (already subscribed); `failed` (see error; nothing was stored). */
  status: 'added' | 'exists' | 'failed';
  /** The subscription (added or existing). */
  feed?: FeedView;
  /** The page the feed was found on, when the URL was a web page. */
  discoveredFrom?: string;
  /** Articles stored by the first poll. */
  stored?: number;
  /** Why it failed. */
  error?: string;
}

/** Result of polling one feed. */
export interface FeedPollReport {
  /** Feed id. */
  id: number;
  /** Feed URL the poll started from. */
  url: string;
  /** The feed's new URL when it moved permanently (every redirect 301/308) and the subscription now points there. */
  movedTo: string | null;
  /** Title. */
  title: string | null;
  /** `stored`, `not-modified` (HTTP 304) or `failed`. */
  result: 'stored' | 'not-modified' | 'failed';
  /** New articles. */
  added: number;
  /** Articles edited at the source and updated. */
  updated: number;
  /** Items already stored (another feed, same URL or text). */
  duplicates: number;
  /** New articles announced as new (0 on the first poll). */
  announced: number;
  /** Near-duplicate links found (the same story from another outlet). */
  nearDuplicates: number;
  /** Items not stored because they carry nothing to store (no title and no text); each reason is logged. */
  skipped: number;
  /** Failure message. */
  error: string | null;
  /** Health after the poll. */
  status: FeedStatus;
}

/** Result of adding one article page. */
export interface AddArticleResult {
  /** `added`, or `duplicate` of an article already stored (same canonical URL or text). */
  status: 'added' | 'duplicate';
  /** Stored article id. */
  articleId: number;
  /** Headline. */
  title: string;
  /** Canonical URL. */
  url: string | null;
  /** Outlet. */
  source: string;
  /** Publication time. */
  publishedAt: Date;
  /** Stored articles this one nearly duplicates (wire copies from other outlets). */
  nearDuplicateOf: number[];
}

/** Feed subscriptions and single pages for a workspace. */
export interface SourcesService {
  /** Subscribes to feeds (a web page URL leads to its announced feed) and stores each one's current items. */
  addFeeds(req: {
    workspace: WorkspaceId;
    urls: readonly string[];
    every?: string | undefined;
    by: string;
    channel?: { platform: string; id: string } | undefined;
  }): Promise<AddFeedResult[]>;
  /** Subscribes to every feed an OPML file lists (they are polled on schedule, not now). */
  importOpml(req: { workspace: WorkspaceId; opml: string; every?: string | undefined; by: string }): Promise<AddFeedResult[]>;
  /** The workspace's subscriptions as an OPML 2.0 document. */
  exportOpml(workspace: WorkspaceId): Promise<string>;
  /** Subscriptions with their health. */
  listFeeds(workspace: WorkspaceId): Promise<FeedView[]>;
  /** Unsubscribes (articles stay). Throws a UserError for an unknown id. */
  removeFeed(workspace: WorkspaceId, id: number): Promise<FeedView>;
  /** Polls the workspace's feeds now (all, or these ids), whatever their schedule. */
  pollFeeds(workspace: WorkspaceId, ids?: readonly number[]): Promise<FeedPollReport[]>;
  /** Fetches one article page, extracts its text and stores it. */
  addArticle(req: { workspace: WorkspaceId; url: string; by: string }): Promise<AddArticleResult>;
}
