import type { WorkspaceId } from '../../core/article.ts';
import type {
  DigestRun,
  DigestRunTrigger,
  DigestStoryRecord,
  DigestSubscription,
} from '../../core/digest.ts';
import type { TextQuery } from '../../core/text-query.ts';
import type { ArticleHit } from './article-store.ts';

/** Input for {@link DigestStore.createSubscription}: a subscription before it has an id or any run state. */
export type NewDigestSubscription = Pick<
  DigestSubscription,
  'workspace' | 'channel' | 'stories' | 'schedule' | 'cron' | 'timeZone' | 'createdBy' | 'createdAt'
> & { language?: string | null };

/**
 * What a run posts, kept in the ledger when posting begins so that another process can finish a post that stopped
 * half-way with exactly the same messages (never rebuilt: the news may have moved on).
 */
export interface PostingRecord {
  /** The reply as JSON-safe data (see `replyToJson`). */
  reply: unknown;
  /** What posting it covers (the subscription's next `coveredIdMax`). */
  coveredIdMax: number;
  /** What each story's part said. */
  stories: DigestStoryRecord[];
  /** The built digest as JSON-safe data, so that whoever finishes the post records it in the brief history. */
  built?: unknown;
}

/** A post that stopped half-way, handed to the process that took over its claim. */
export interface ResumedPosting {
  /** What is being posted. */
  posting: PostingRecord;
  /** Messages the platform already confirmed, in order: these are not posted again. */
  messageIds: string[];
}

/** Result of trying to claim a (subscription, slot). */
export type ClaimResult =
  | { claimed: true; attempt: number; resume?: ResumedPosting }
  | { claimed: false; reason: 'gone' | 'paused' | 'taken'; existing: DigestRun | null };

/** Options for {@link DigestStore.claimRun}. */
export interface ClaimOptions {
  /** Who claims (unique per process). */
  owner: string;
  /** Current time. */
  now: Date;
  /** How long the claim protects the slot before another process may take it over (only before posting). */
  leaseMs: number;
  /** What started the run. */
  trigger: DigestRunTrigger;
  /** Whether a slot whose earlier attempt failed may be tried again. */
  retryFailed: boolean;
}

/** The candidate articles of one story for a digest. */
export interface DigestCandidateQuery {
  /** The story's query. */
  query: TextQuery;
  /** Slot: nothing published after it is included. */
  slot: Date;
  /** Articles published after this are new. */
  coveredUpTo: Date;
  /** Articles with a higher id arrived after the previous digest and are new if published after `lateFrom`. */
  coveredIdMax: number | null;
  /** Oldest publication time a late-arriving article may have. */
  lateFrom: Date;
  /** Only ids up to this (the snapshot taken when the digest started). */
  idMax: number;
  /** At most this many, newest first. */
  limit: number;
}

/** Storage of digest subscriptions, the run ledger and what each digest covered. */
export interface DigestStore {
  /** Creates a subscription; a UserError when the channel already has one with the same schedule and zone. */
  createSubscription(input: NewDigestSubscription): Promise<DigestSubscription>;
  /** One subscription; with a workspace, only when it belongs to it. */
  getSubscription(id: number, workspace?: WorkspaceId): Promise<DigestSubscription | null>;
  /** A workspace's subscriptions, by id. */
  listSubscriptions(workspace: WorkspaceId): Promise<DigestSubscription[]>;
  /** Every subscription of every workspace (the scheduler's view), by id. */
  listAllSubscriptions(): Promise<DigestSubscription[]>;
  /** Deletes a subscription and its ledger; false when there was none in that workspace. */
  removeSubscription(workspace: WorkspaceId, id: number): Promise<boolean>;
  /** Pauses with a reason (shown in `digest list`). */
  pauseSubscription(id: number, reason: string, at: Date): Promise<void>;
  /** Clears a pause; slots before `at` are not caught up. */
  resumeSubscription(workspace: WorkspaceId, id: number, at: Date): Promise<boolean>;

  /**
   * Claims a slot in one write transaction: succeeds when the slot has no entry, when an earlier claim expired
   * before posting began, when a post that kept its {@link PostingRecord} stopped and its lease expired (the result
   * then carries what to finish), or (with `retryFailed`) when an earlier attempt failed. Fails for posted, skipped
   * and unknown slots and for removed or paused subscriptions.
   */
  claimRun(subscriptionId: number, slot: Date, options: ClaimOptions): Promise<ClaimResult>;
  /**
   * Marks a claimed slot as being posted; false when the claim was lost (then nothing may be posted). With a
   * record, it is kept and the lease becomes `leaseMs` from now, renewed by {@link recordPosting}; without one, a
   * post that stops half-way can only become `unknown`.
   */
  markPosting(subscriptionId: number, slot: Date, owner: string, now: Date, posting?: { record: PostingRecord; leaseMs: number }): Promise<boolean>;
  /**
   * Renews a posting claim's lease and records the messages confirmed so far; false when this owner no longer holds
   * the slot (another process took it over): then nothing more may be posted.
   */
  recordPosting(subscriptionId: number, slot: Date, owner: string, progress: { messageIds: string[]; now: Date; leaseMs: number }): Promise<boolean>;
  /**
   * Records a confirmed post and, in the same transaction, advances what the subscription has covered and stores
   * what the digest said (for the next digest's repeat check).
   */
  completeRun(
    subscriptionId: number,
    slot: Date,
    owner: string,
    result: { messageIds: string[]; finishedAt: Date; coveredIdMax: number; stories: DigestStoryRecord[] },
  ): Promise<void>;
  /** Records a failed attempt (the slot may be retried). */
  failRun(subscriptionId: number, slot: Date, owner: string, detail: string, at: Date): Promise<void>;
  /**
   * Records a slot that will not be posted (beyond the grace window), unless it already has an entry other than a
   * claim whose lease expired before posting began.
   */
  skipRun(subscriptionId: number, slot: Date, detail: string, at: Date): Promise<boolean>;
  /**
   * Marks a posting claim whose lease expired and that kept no {@link PostingRecord} as `unknown` (it may or may not
   * have reached the channel). One with a record is finished by the next claim instead.
   */
  expireStalePosting(subscriptionId: number, slot: Date, now: Date, detail: string): Promise<boolean>;
  /** Digest slots claimed or being posted and not finished, over every subscription (a queue depth for metrics). */
  unfinishedRuns(): Promise<number>;
  /** One ledger entry. */
  getRun(subscriptionId: number, slot: Date): Promise<DigestRun | null>;
  /** The newest ledger entry of a subscription. */
  lastRun(subscriptionId: number): Promise<DigestRun | null>;
  /** What the latest `count` posted digests said, per story, newest digest first. */
  recentPostedStories(subscriptionId: number, count: number): Promise<DigestStoryRecord[]>;

  /** Highest article id in a workspace (0 when empty). */
  maxArticleId(workspace: WorkspaceId): Promise<number>;
  /** A story's articles that are new for a digest (see {@link DigestCandidateQuery}), newest first. */
  digestCandidates(workspace: WorkspaceId, q: DigestCandidateQuery): Promise<ArticleHit[]>;
}
