import { createPgChannelSettingsStore } from './pg-channel-settings-store.ts';
import type { Stores, StoresOptions } from '../stores.ts';
import { createPgArticleStore } from './pg-article-store.ts';
import { openPgPool, splitSchema } from './pg-database.ts';
import { createPgDigestStore } from './pg-digest-store.ts';
import { createPgFeedStore } from './pg-feed-store.ts';
import { createPgLeaderLock } from './pg-leader-lock.ts';
import { createPgLlmStore } from './pg-llm-store.ts';
import { createPgNearDuplicateStore } from './pg-near-duplicate-store.ts';
import { createPgSlackStore } from './pg-slack-store.ts';
import { createPgBriefHistoryStore } from './pg-brief-history-store.ts';
import { createPgStoryStore } from './pg-story-store.ts';
import { createPgThreadStore } from './pg-thread-store.ts';

/** Options for {@link openPostgresStores}. */
export interface PostgresStoreOptions extends Partial<StoresOptions> {
  /** Schema to use (default: the connection's search path, normally `public`). */
  schema?: string;
  /** Pool size. */
  poolSize?: number;
}

/** Opens a `postgres://` / `postgresql://` target: connects, migrates (once across instances) and builds every port. */
export async function openPostgresStores(target: string, options: PostgresStoreOptions = {}): Promise<Stores> {
  const pool = await openPgPool(target, {
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    ...(options.poolSize !== undefined ? { max: options.poolSize } : {}),
  });
  const articles = createPgArticleStore(pool);
  const { target: connectionString, schema: urlSchema } = splitSchema(target);
  const schema = options.schema ?? urlSchema;
  // Its own session, outside the pool: the lock lives exactly as long as that connection.
  const leader = createPgLeaderLock({ connectionString, ...(schema !== undefined ? { schema } : {}) });
  let closed = false;
  return {
    articles,
    stories: createPgStoryStore(pool, articles),
    briefs: createPgBriefHistoryStore(pool),
    feeds: createPgFeedStore(pool, articles.languages),
    digests: createPgDigestStore(pool, articles.languages),
    slack: createPgSlackStore(pool),
    llm: createPgLlmStore(pool),
    nearDuplicates: createPgNearDuplicateStore(pool),
    leader,
    threads: createPgThreadStore(pool),
    channels: createPgChannelSettingsStore(pool),
    // Vectors are computed in the same statement that stores the article: nothing is ever waiting.
    indexBacklog: async () => 0,
    async close() {
      if (closed) return;
      closed = true;
      await leader.close();
      await pool.end();
    },
  };
}
