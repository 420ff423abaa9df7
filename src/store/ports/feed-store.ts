import type { NewArticle, WorkspaceId } from '../../core/article.ts';
import type { FeedStatus } from '../../core/feed.ts';

/** Where a subscription was made from, so health notices go back there. */
export interface FeedChannel {
  /** `slack`, `discord`, `console`. */
  platform: string;
  /** Platform channel id. */
  id: string;
}

/** A stored feed subscription with its polling state. */
export interface FeedRecord {
  /** Store id (what `feed remove <id>` takes). */
  id: number;
  /** Owning workspace. */
  workspace: WorkspaceId;
  /** Feed URL (after discovery). */
  url: string;
  /** Feed title, once known. */
  title: string | null;
  /** Site the feed belongs to, once known. */
  siteUrl: string | null;
  /** Polling interval. */
  intervalMs: number;
  /** Who subscribed. */
  addedBy: string;
  /** When. */
  addedAt: Date;
  /** Channel the subscription was made in, when it came from chat. */
  channel: FeedChannel | null;
  /** Validator for conditional GET. */
  etag: string | null;
  /** Validator for conditional GET. */
  lastModified: string | null;
  /** Health. */
  status: FeedStatus;
  /** Consecutive failed polls. */
  failures: number;
  /** Last attempt. */
  lastPolledAt: Date | null;
  /** Last successful poll (200 or 304). */
  lastSuccessAt: Date | null;
  /** Message of the last failure (kept after recovery, for the record). */
  lastError: string | null;
  /** When the last failure happened. */
  lastErrorAt: Date | null;
  /** When the poller should try next. */
  nextPollAt: Date;
  /** Start of the current unhealthy period. */
  unhealthySince: Date | null;
  /** When the workspace was told about the current unhealthy period (null = not yet). */
  noticeSentAt: Date | null;
  /** First successful poll that stored items; items of that poll are not announced as new. */
  firstPollAt: Date | null;
  /** Articles this feed has delivered. */
  itemsStored: number;
  /** Lower-case host name of the URL: the unit of per-host politeness over every instance. */
  host: string;
  /** Poller instance holding the polling lease, while one does. */
  leaseOwner: string | null;
  /** When that lease runs out (another instance may then take the feed over). */
  leaseUntil: Date | null;
}

/** Input of {@link FeedStore.claimDueFeeds}. */
export interface FeedClaim {
  /** At most this many feeds. */
  limit: number;
  /** Who claims (one id per poller process). */
  owner: string;
  /** How long the lease lasts; it must outlast the longest poll, since an expired lease is taken over. */
  leaseMs: number;
  /** Live leases of one host, over every owner and workspace, never exceed this. */
  perHost: number;
  /** Only this workspace's feeds (the per-host count still covers all workspaces). */
  workspace?: WorkspaceId;
}

/** Input of {@link FeedStore.addFeed}: a feed before it has an id or any polling state. */
export type NewFeed = Pick<FeedRecord, 'url' | 'title' | 'siteUrl' | 'intervalMs' | 'addedBy' | 'addedAt' | 'channel' | 'nextPollAt'>;

/** Polling state written after each attempt (only the given fields change). */
export type FeedStateUpdate = Partial<
  Pick<
    FeedRecord,
    | 'title'
    | 'siteUrl'
    | 'etag'
    | 'lastModified'
    | 'status'
    | 'failures'
    | 'lastPolledAt'
    | 'lastSuccessAt'
    | 'lastError'
    | 'lastErrorAt'
    | 'nextPollAt'
    | 'unhealthySince'
    | 'noticeSentAt'
    | 'firstPollAt'
  >
>;

/** One feed item ready to store. */
export interface FeedItemInput {
  /** Identity within the feed: `guid:…`, else `url:…` (canonical), else `hash:…`. */
  key: string;
  /** Hash of title + body, to tell an edit from a repeat. */
  revision: string;
  /** The article it becomes. */
  article: NewArticle;
}

/** What happened to one item. */
export type FeedItemOutcome =
  | { status: 'added'; articleId: number }
  | { status: 'updated'; articleId: number }
  | { status: 'unchanged'; articleId: number | null }
  | { status: 'duplicate'; articleId: number; reason: 'url' | 'content' };

/** Feed subscriptions and the items they delivered. Every method is scoped to a workspace where a user reaches it. */
export interface FeedStore {
  /** Subscribes; when the URL is already subscribed in the workspace returns that one with `created: false`. */
  addFeed(workspace: WorkspaceId, feed: NewFeed): Promise<{ feed: FeedRecord; created: boolean }>;
  /** The subscription with this id in this workspace, or null. */
  getFeed(workspace: WorkspaceId, id: number): Promise<FeedRecord | null>;
  /** Every subscription of the workspace, by id. */
  listFeeds(workspace: WorkspaceId): Promise<FeedRecord[]>;
  /** Unsubscribes (articles stay); false when there was none. */
  removeFeed(workspace: WorkspaceId, id: number): Promise<boolean>;
  /** Subscriptions due at `now` (optionally of one workspace), soonest first, at most `limit`. */
  dueFeeds(now: Date, limit: number, workspace?: WorkspaceId): Promise<FeedRecord[]>;
  /**
   * How much polling is waiting at `now`, over every workspace and instance: feeds due and held by no one, and feeds
   * held by a poller (a live lease).
   */
  pollBacklog(now: Date): Promise<{ due: number; polling: number }>;
  /** Earliest next poll time over all subscriptions (optionally of one workspace), or null when there are none. */
  nextPollAt(workspace?: WorkspaceId): Promise<Date | null>;
  /**
   * Leases due feeds to `owner` for `leaseMs`, soonest due first: feeds whose next poll time has come and that no one
   * holds (or whose lease has run out). Atomic across processes sharing the database: two owners never hold one feed,
   * and the live leases of one host never exceed `perHost`, counted over every owner.
   */
  claimDueFeeds(now: Date, claim: FeedClaim): Promise<FeedRecord[]>;
  /** Gives a lease back without writing polling state; only the lease's owner can. False when it did not hold it. */
  releaseFeed(feedId: number, owner: string): Promise<boolean>;
  /** Writes polling state; this ends any polling lease on the feed (the poll is over). */
  updateFeedState(feedId: number, update: FeedStateUpdate): Promise<void>;
  /**
   * Changes a feed's URL (the feed moved permanently). Returns false, changing nothing, when another feed of the same
   * workspace already has that URL (a workspace never holds two subscriptions to one URL) or the feed is gone.
   */
  moveFeed(feedId: number, url: string): Promise<boolean>;
  /** The stored revision of each of these item keys the feed has already delivered. */
  knownItems(feedId: number, keys: readonly string[]): Promise<Map<string, string>>;
  /**
   * Stores a poll's items in one transaction. Identity: the item key within the feed (an edit of a known item updates
   * its article in place), then canonical URL and content hash across the workspace (another feed's copy is linked,
   * not stored twice). `announce` records whether the items count as new (false on a feed's first poll).
   */
  storeItems(feed: Pick<FeedRecord, 'id' | 'workspace'>, items: readonly FeedItemInput[], at: Date, announce: boolean): Promise<FeedItemOutcome[]>;
}
