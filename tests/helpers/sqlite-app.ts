import { buildApp, type App, type AppOptions } from '../../src/app.ts';
import { openSqliteEngine } from '../../src/store/sqlite/open-sqlite-stores.ts';
import type { SqliteDatabase } from '../../src/store/sqlite/sqlite-database.ts';
import type { SearchIndex } from '../../src/store/sqlite/search/search-index.ts';
import type { Store } from '../../src/store/ports/corpus-store.ts';
import { corpusStore } from '../../src/store/stores.ts';

/** An app over a SQLite database, with the raw handle for tests that set up or inspect rows directly. */
export type SqliteApp = App & { db: SqliteDatabase };

/** Builds the app over SQLite at `dbPath` (a file or `:memory:`), as main does with `openStores`. */
export function buildSqliteApp(options: Omit<AppOptions, 'stores'> & { dbPath: string }): SqliteApp {
  const { dbPath, ...rest } = options;
  const engine = openSqliteEngine(dbPath);
  return { ...buildApp({ ...rest, stores: engine.stores }), db: engine.db };
}

/** Articles, stories and history over SQLite, with the engine's handle and index for engine tests. */
export type SqliteCorpus = Store & { close(): Promise<void>; db: SqliteDatabase; index: SearchIndex };

/** Opens SQLite at `path` and returns its corpus ports as one object (see {@link corpusStore}). */
export function sqliteCorpus(path: string): SqliteCorpus {
  const { db, index, stores } = openSqliteEngine(path);
  return { ...corpusStore(stores), close: () => stores.close(), db, index };
}
