import type { DigestStore } from '../digest-store.ts';
import type { FeedStore } from '../feed-store.ts';
import type { LlmStore } from '../llm-store.ts';
import type { NearDuplicateStore } from '../near-duplicate-store.ts';
import type { SlackStore } from '../slack-store.ts';
import type { ArticleStore, BriefHistoryStore, StoryStore } from '../store.ts';
import { createPgArticleStore } from './pg-article-store.ts';
import { openPgPool } from './pg-database.ts';
import { createPgDigestStore } from './pg-digest-store.ts';
import { createPgFeedStore } from './pg-feed-store.ts';
import { createPgLlmStore } from './pg-llm-store.ts';
import { createPgNearDuplicateStore } from './pg-near-duplicate-store.ts';
import { createPgSlackStore } from './pg-slack-store.ts';
import { createPgBriefHistoryStore, createPgStoryStore } from './pg-story-store.ts';

/** Every store port on one PostgreSQL database. */
export interface PostgresStores {
  /** Articles and search. */
  articles: ArticleStore;
  /** Tracked stories. */
  stories: StoryStore;
  /** Brief history. */
  briefs: BriefHistoryStore;
  /** Feed subscriptions and items. */
  feeds: FeedStore;
  /** Digest subscriptions and run ledger. */
  digests: DigestStore;
  /** Slack installations and event ledger. */
  slack: SlackStore;
  /** LLM cache and usage. */
  llm: LlmStore;
  /** Near-duplicate links. */
  nearDuplicates: NearDuplicateStore;
  /** Ends the pool. */
  close(): Promise<void>;
}

/** Options for {@link openPostgresStores}. */
export interface PostgresStoreOptions {
  /** Schema to use (default: the connection's search path, normally `public`). */
  schema?: string;
  /** Pool size. */
  poolSize?: number;
}

/** Opens a `postgres://` / `postgresql://` target: connects, migrates (once across instances) and builds every port. */
export async function openPostgresStores(target: string, options: PostgresStoreOptions = {}): Promise<PostgresStores> {
  const pool = await openPgPool(target, {
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    ...(options.poolSize !== undefined ? { max: options.poolSize } : {}),
  });
  const articles = createPgArticleStore(pool);
  let closed = false;
  return {
    articles,
    stories: createPgStoryStore(pool, articles),
    briefs: createPgBriefHistoryStore(pool),
    feeds: createPgFeedStore(pool),
    digests: createPgDigestStore(pool),
    slack: createPgSlackStore(pool),
    llm: createPgLlmStore(pool),
    nearDuplicates: createPgNearDuplicateStore(pool),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
