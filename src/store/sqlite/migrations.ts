import { SitrepError } from '../../core/errors.ts';
import type { SqliteDatabase } from './sqlite-database.ts';
import type { Migration } from './migration.ts';
import { corpusMigrations } from './migrations/corpus-migrations.ts';
import { digestMigrations } from './migrations/digest-migrations.ts';
import { feedMigrations } from './migrations/feed-migrations.ts';
import { llmMigrations } from './migrations/llm-migrations.ts';
import { slackMigrations } from './migrations/slack-migrations.ts';

export type { Migration } from './migration.ts';

/**
 * The SQLite schema, as one list in the order it is applied; each migration runs once, in its own transaction, and
 * is recorded by id in `schema_migrations`. The ids are those databases already record (blocks of ten per role:
 * 1–9 corpus, 10–19 LLM, 20–29 Slack, 30–39 Discord, 40–49 feeds and article pages, 50–59 digests), so a database
 * created by an earlier version upgrades by running only the ids it lacks. Never edit a migration that has shipped:
 * append a new one with a higher id.
 */
export const sqliteMigrations: readonly Migration[] = [
  ...corpusMigrations,
  ...llmMigrations,
  ...slackMigrations,
  ...feedMigrations,
  ...digestMigrations,
];

/** Applies every migration not yet recorded, in list order (ids must increase), each in its own transaction. */
export function applyMigrations(db: SqliteDatabase, migrations: readonly Migration[]): number[] {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.id <= migrations[i - 1]!.id) {
      throw new SitrepError('store.migration_order', `Migration ${migrations[i]!.id} is listed after ${migrations[i - 1]!.id}.`);
    }
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const done = new Set((db.prepare('SELECT id FROM schema_migrations').all() as { id: number }[]).map((r) => r.id));
  const applied: number[] = [];
  for (const m of migrations) {
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
