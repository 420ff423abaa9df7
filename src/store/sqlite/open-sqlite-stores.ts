import type { Stores, StoresOptions } from '../stores.ts';
import { openSqliteDatabase } from '../sqlite-database.ts';
import { createSqliteDigestStore } from '../sqlite-digest-store.ts';
import { createSqliteFeedStore } from '../sqlite-feed-store.ts';
import { createSqliteLlmStore } from '../sqlite-llm-store.ts';
import { createSqliteNearDuplicateStore } from '../sqlite-near-duplicate-store.ts';
import { createSqliteSlackStore } from '../sqlite-slack-store.ts';
import { createSqliteStore } from '../sqlite-store.ts';

/** Opens (creating and migrating when needed) the SQLite database at `path`, or a private one for `:memory:`. */
export async function openSqliteStores(path: string, _options: StoresOptions): Promise<Stores> {
  const db = openSqliteDatabase(path);
  const corpus = createSqliteStore(db);
  return {
    articles: corpus,
    stories: corpus,
    briefs: corpus,
    feeds: createSqliteFeedStore(db),
    digests: createSqliteDigestStore(db),
    slack: createSqliteSlackStore(db),
    llm: createSqliteLlmStore(db),
    nearDuplicates: createSqliteNearDuplicateStore(db),
    close: () => corpus.close(),
  };
}
