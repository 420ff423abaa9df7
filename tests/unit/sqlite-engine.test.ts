import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freeTextQuery } from '../../src/core/text-query.ts';
import { applyMigrations, sqliteMigrations as migrations } from '../../src/store/sqlite/migrations.ts';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.ts';
import { openSqliteDatabase } from '../../src/store/sqlite/sqlite-database.ts';
import { contractOptions } from '../contract/stores-factory.ts';
import { sqliteCorpus } from '../helpers/sqlite-app.ts';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the SQLite engine', () => {
  it('uses WAL and foreign keys, and applies each migration once', () => {
    const file = join(dir, 'm.db');
    const db = openSqliteDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(applyMigrations(db, migrations)).toEqual([]);
    db.close();
    const again = openSqliteDatabase(file);
    const ids = again.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all();
    expect(ids).toEqual(migrations.map((m) => m.id));
    again.close();
  });

  it('lists its migrations in the order they apply, and refuses a list out of order', () => {
    const ids = migrations.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const db = new Database(':memory:');
    expect(() => applyMigrations(db, [migrations[1]!, migrations[0]!])).toThrow(/listed after/);
    db.close();
  });

  it('opens a database written by the version before the store split, keeping every row and its search', async () => {
    // The fixture is a text dump of a database that version created, with rows in every table; its search index
    // file is absent, so opening also rebuilds the index from the articles.
    const file = join(dir, 'legacy.db');
    const raw = new Database(file);
    raw.exec(readFileSync(new URL('../fixtures/sqlite/schema-before-split.sql', import.meta.url), 'utf8'));
    raw.close();
    const stores = await openSqliteStores(file, contractOptions);
    try {
      expect(await stores.articles.countArticles('local')).toBe(4);
      const hits = await stores.articles.searchArticles('local', freeTextQuery('khartoum ceasefire'), { limit: 10, order: 'newest' });
      expect(hits).toHaveLength(2);
      const sudan = await stores.stories.getStory('local', 'sudan');
      expect(sudan?.aliases).toEqual(['Khartoum', 'El Fasher']);
      expect((await stores.briefs.lastBrief('local', 'Sudan', 'brief'))?.articleIds).toEqual([1, 2]);
      const [feed] = await stores.feeds.listFeeds('local');
      expect(feed).toMatchObject({ url: 'https://example.org/feed.xml', itemsStored: 1, channel: { platform: 'slack', id: 'C1' } });
      expect((await stores.feeds.knownItems(feed!.id, ['item-1'])).get('item-1')).toBe('r1');
      const [sub] = await stores.digests.listSubscriptions('local');
      expect(sub).toMatchObject({ stories: ['Sudan'], timeZone: 'Europe/Berlin' });
      expect((await stores.digests.lastRun(sub!.id))?.status).toBe('claimed');
      expect((await stores.slack.findInstallation('T1'))?.data).toBe('{"team":{"id":"T1"}}');
      expect(await stores.slack.claimEvent('Ev1', 'T1', new Date())).toBe(false);
      expect((await stores.llm.getCached('local', 'k1'))?.output).toBe('{"bullets":[]}');
      expect(await stores.llm.tokensUsedSince('local', new Date(0))).toBe(150);
      expect(await stores.nearDuplicates.nearDuplicatesOf('local', 2)).toEqual([{ articleId: 1, similarity: 1 }]);
      // New rows continue the old sequences.
      const { feed: next } = await stores.feeds.addFeed('local', { ...feed!, url: 'https://example.org/other.xml' });
      expect(next.id).toBe(2);
    } finally {
      await stores.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all()).toEqual(migrations.map((m) => m.id));
    db.close();
  });

  it('keeps the full-text index in sync on update and delete', async () => {
    const store = sqliteCorpus(':memory:');
    const { db } = store;
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
    const store = sqliteCorpus(':memory:');
    const { db } = store;
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
