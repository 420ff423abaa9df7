import { createSqliteChannelSettingsStore } from './sqlite-channel-settings-store.ts';
import { UserError } from '../../core/errors.ts';
import type { Stores, StoresOptions } from '../stores.ts';
import { createArticleSearch } from './search/article-search.ts';
import { attachSearchIndex, type SearchIndex } from './search/search-index.ts';
import { createSqliteArticleStore } from './sqlite-article-store.ts';
import { createSqliteBriefHistoryStore } from './sqlite-brief-history-store.ts';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.ts';
import { createSqliteDigestStore } from './sqlite-digest-store.ts';
import { createSqliteFeedStore } from './sqlite-feed-store.ts';
import { createSqliteLlmStore } from './sqlite-llm-store.ts';
import { createSqliteNearDuplicateStore } from './sqlite-near-duplicate-store.ts';
import { createSqliteLeaderLock } from './sqlite-leader-lock.ts';
import { createSqliteSlackStore } from './sqlite-slack-store.ts';
import { createSqliteStoryStore } from './sqlite-story-store.ts';
import { createSqliteThreadStore } from './sqlite-thread-store.ts';

/** The SQLite engine's internals beside its ports, for engine tests and benchmarks only. */
export interface SqliteEngine {
  /** The one connection every port uses. */
  db: SqliteDatabase;
  /** The full-text index attached to it. */
  index: SearchIndex;
  /** The ports. */
  stores: Stores;
}

/** Opens the database and its search index and builds every port over them (see {@link openSqliteStores}). */
export function openSqliteEngine(path: string): SqliteEngine {
  const db = openSqliteDatabase(path);
  let index: SearchIndex;
  try {
    // The full-text index lives in its own file (see search-index.ts).
    index = attachSearchIndex(db, path);
  } catch (err) {
    db.close();
    throw new UserError('store.open_failed', `Cannot open the search index of ${path}: ${(err as Error).message}`, { cause: err });
  }
  const search = createArticleSearch(db);
  const stores: Stores = {
    articles: createSqliteArticleStore(db, index, search),
    stories: createSqliteStoryStore(db, index, search),
    briefs: createSqliteBriefHistoryStore(db),
    feeds: createSqliteFeedStore(db, index),
    digests: createSqliteDigestStore(db, index),
    slack: createSqliteSlackStore(db),
    llm: createSqliteLlmStore(db),
    nearDuplicates: createSqliteNearDuplicateStore(db),
    leader: createSqliteLeaderLock(),
    threads: createSqliteThreadStore(db),
    channels: createSqliteChannelSettingsStore(db),
    async indexBacklog() {
      return db.open ? index.status().pending : 0;
    },
    async close() {
      try {
        if (db.open) await index.close();
      } finally {
        if (db.open) db.close();
      }
    },
  };
  return { db, index, stores };
}

/**
 * Opens (creating and migrating when needed) the SQLite database at `path`, or a private in-memory one for
 * `:memory:`. One connection serves every port.
 */
export async function openSqliteStores(path: string, options: StoresOptions): Promise<Stores> {
  const { index, stores } = openSqliteEngine(path);
  const pending = index.status().pending;
  if (pending > 0) options.searchBacklog?.(pending);
  return stores;
}
