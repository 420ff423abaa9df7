import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SitrepError, UserError } from '../core/errors.ts';
import { migrations as allMigrations, type Migration } from './migrations.ts';
import { attachSearchIndex } from './search-index.ts';

/** The better-sqlite3 handle type, re-exported so feature stores can share one connection. */
export type SqliteDatabase = Database.Database;

/**
 * Opens (creating when needed) a SQLite database in WAL mode with foreign keys on, and applies pending migrations.
 * `:memory:` gives a private in-memory database (tests).
 */
export function openSqliteDatabase(file: string, migrations: readonly Migration[] = allMigrations): SqliteDatabase {
  if (file !== ':memory:') {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (err) {
      throw new UserError('store.open_failed', `Cannot create the folder for the database ${file}.`, { cause: err });
    }
  }
  let db: SqliteDatabase;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // Checkpoint every ~40 MB of WAL rather than every 4 MB: a bulk import writes several MB per batch, and fewer,
    // larger checkpoints copy each rewritten index page once instead of many times (about 5% faster imports).
    db.pragma('wal_autocheckpoint = 10000');
    // Schema check: a file that is not a SQLite database fails here rather than on first use.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    throw new UserError('store.open_failed', `Cannot open the database ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  applyMigrations(db, migrations);
  // The full-text index (its own file; see search-index.ts), once the migrations that queue its work are in.
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'search_queue'").get()) {
    try {
      attachSearchIndex(db, file);
    } catch (err) {
      db.close();
      throw new UserError('store.open_failed', `Cannot open the search index of ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  return db;
}

/** Applies every migration not yet recorded, in id order, each in its own transaction. */
export function applyMigrations(db: SqliteDatabase, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const done = new Set(
    (db.prepare('SELECT id FROM schema_migrations').all() as { id: number }[]).map((r) => r.id),
  );
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, Date.now());
      })();
    } catch (err) {
      throw new SitrepError('store.migration_failed', `Migration ${m.id} (${m.name}) failed: ${(err as Error).message}`, {
        cause: err,
      });
    }
    applied.push(m.id);
  }
  return applied;
}
