import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations, openSqliteDatabase } from '../../src/store/sqlite-database.ts';
import { migrations } from '../../src/store/migrations.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { storeContract } from '../contract/store-contract.ts';

storeContract('SQLite (in memory)', async () => createSqliteStore(openSqliteDatabase(':memory:')));

const dir = mkdtempSync(join(tmpdir(), 'sitrep-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
storeContract('SQLite (file, WAL)', async () => createSqliteStore(openSqliteDatabase(join(dir, `t${n++}.db`))));

describe('SQLite database', () => {
  it('uses WAL and foreign keys, and applies each migration once', () => {
    const file = join(dir, 'm.db');
    const db = openSqliteDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(applyMigrations(db, migrations)).toEqual([]);
    db.close();
    const again = openSqliteDatabase(file);
    const ids = again.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all();
    expect(ids).toEqual(migrations.map((m) => m.id).sort((a, b) => a - b));
    again.close();
  });

  it('keeps the full-text index in sync on update and delete', async () => {
    const db = openSqliteDatabase(':memory:');
    const store = createSqliteStore(db);
    const [o] = await store.addArticles('w', [
      { url: null, title: 't', source: 's', publishedAt: new Date(), language: null, body: 'Kharkiv shelling continued overnight.' },
    ]);
    db.prepare('UPDATE articles SET body = ? WHERE id = ?').run('Odesa port reopened today.', o!.id);
    const count = async (q: string) => {
      await store.searchable();
      return db.prepare('SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?').pluck().get(q);
    };
    expect(await count('kharkiv')).toBe(0);
    expect(await count('odesa')).toBe(1);
    db.prepare('DELETE FROM articles WHERE id = ?').run(o!.id);
    expect(await count('odesa')).toBe(0);
  });

  it('queues a bulk batch as one index entry and leaves row-by-row queueing on for every other insert', async () => {
    const db = openSqliteDatabase(':memory:');
    const store = createSqliteStore(db);
    const batch = Array.from({ length: 500 }, (_, i) => ({
      url: `https://example.com/${i}`,
      title: `Report ${i}`,
      source: 's',
      publishedAt: new Date(Date.UTC(2025, 0, 1 + (i % 28))),
      language: null,
      body: `Report number ${i} about the ceasefire in Kordofan${i % 2 ? ' and Darfur' : ''}.`,
    }));
    // A duplicate inside the batch is skipped, so the indexed range must still cover exactly the stored rows.
    batch.push({ ...batch[3]!, url: 'https://example.com/dup' });
    const out = await store.addArticles('w', batch);
    expect(out.filter((o) => o.status === 'added')).toHaveLength(500);
    const count = async (q: string) => {
      await store.searchable();
      return db.prepare('SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?').pluck().get(q);
    };
    expect(await count('kordofan')).toBe(500);
    expect(await count('darfur')).toBe(250);
    expect(() => db.exec("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
    expect(db.prepare('SELECT deferred FROM fts_control').pluck().get()).toBe(0);
    // Another writer (a feed store, a script) inserting directly is still queued by the trigger, one entry per row.
    const queued = db.prepare('SELECT count(*) FROM search_queue').pluck();
    const before = queued.get() as number;
    db.prepare(`INSERT INTO articles (workspace, url, title, source, published_at, ingested_at, language, body, content_hash)
      VALUES ('w', NULL, 't', 's', 0, 0, NULL, 'Sennar dam inspected.', 'h1')`).run();
    expect(queued.get()).toBe(before + 1);
    expect(await count('sennar')).toBe(1);
    // A failing batch rolls back whole, the deferral included.
    await expect(store.addArticles('w', [{ ...batch[0]!, url: 'https://example.com/new', body: 'x', publishedAt: new Date(NaN) }])).rejects.toThrow();
    expect(db.prepare('SELECT deferred FROM fts_control').pluck().get()).toBe(0);
  });

  it('refuses a file that is not a database with a clear error', () => {
    const file = join(dir, 'not-a-db.db');
    writeFileSync(file, 'this is not sqlite'.repeat(100));
    expect(() => openSqliteDatabase(file)).toThrow(/Cannot open the database/);
  });
});
