import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NewArticle } from '../../src/core/article.ts';
import { freeTextQuery } from '../../src/core/text-query.ts';
import { sqliteMigrations as migrations } from '../../src/store/sqlite/migrations.ts';
import { openSqliteDatabase, type SqliteDatabase } from '../../src/store/sqlite/sqlite-database.ts';
import { removeSearchIndex, searchIndexFile } from '../../src/store/sqlite/search/search-index.ts';
import { sqliteCorpus, type SqliteCorpus } from '../helpers/sqlite-app.ts';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-search-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshFile = (): string => join(dir, `db${n++}.sqlite`);

/** `count` distinct articles; every one mentions Kordofan, every third also Darfur. */
function articles(count: number, from = 0): NewArticle[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      url: `https://example.com/${i}`,
      title: `Report ${i}`,
      source: 'Wire',
      publishedAt: new Date(Date.UTC(2025, 0, 1, 0, i)),
      language: 'en',
      body: `Report number ${i} on the ceasefire in Kordofan${i % 3 === 0 ? ' and Darfur' : ''}, officials said.`,
    };
  });
}

async function matches(store: SqliteCorpus, words: string): Promise<number> {
  return (await store.coverage('w', freeTextQuery(words))).count;
}

function integrityCheck(db: SqliteDatabase): void {
  db.exec("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)");
}

describe('the search index file', () => {
  it('lives beside the database and indexes a bulk import on a second thread; searches wait for it', async () => {
    const file = freshFile();
    const store = sqliteCorpus(file);
    const { db } = store;
    expect(existsSync(searchIndexFile(file))).toBe(true);
    const out = await store.addArticles('w', articles(3_000));
    expect(out.every((o) => o.status === 'added')).toBe(true);
    // No explicit wait: the search itself waits until the index has everything stored.
    expect(await matches(store, 'kordofan')).toBe(3_000);
    expect(await matches(store, 'darfur')).toBe(1_000);
    expect(store.index.status().workerTransactions).toBeGreaterThan(0);
    expect(store.index.status().pending).toBe(0);
    integrityCheck(db);
    await store.close();
  });

  it('indexes a small write on the connection itself, without a thread', async () => {
    const store = sqliteCorpus(freshFile());
    await store.addArticles('w', articles(20));
    expect(store.index.status()).toMatchObject({ pending: 0, workerTransactions: 0, workerRunning: false });
    expect(await matches(store, 'kordofan')).toBe(20);
    await store.close();
  });

  it('drops queue entries once they are indexed, so the queue of a long-running bot stays short', async () => {
    const store = sqliteCorpus(freshFile());
    const { db } = store;
    const queued = db.prepare('SELECT count(*) FROM search_queue').pluck();
    for (let i = 0; i < 30; i++) await store.addArticles('w', articles(10, i * 10));
    expect(queued.get()).toBe(0);
    // A bulk batch goes to the thread; the next write drops what the thread has applied by then.
    await store.addArticles('w', articles(1_000, 300));
    expect(await matches(store, 'kordofan')).toBe(1_300);
    await store.addArticles('w', articles(1, 5_000));
    expect(queued.get()).toBeLessThanOrEqual(1);
    await store.close();
  });

  it('follows edits and deletions made while a bulk import is still being indexed', async () => {
    const store = sqliteCorpus(freshFile());
    const { db } = store;
    const out = await store.addArticles('w', articles(3_000));
    const [first, second] = [out[0]!.id, out[1]!.id];
    // Article 0 mentions Darfur; after the edit it must only be found by its new text.
    db.prepare('UPDATE articles SET body = ? WHERE id = ?').run('Sennar dam inspected by engineers.', first);
    db.prepare('DELETE FROM articles WHERE id = ?').run(second);
    expect(await matches(store, 'sennar')).toBe(1);
    expect(await matches(store, 'kordofan')).toBe(2_998);
    expect(await matches(store, 'darfur')).toBe(999);
    integrityCheck(db);
    await store.close();
  });

  it('keeps queued work across a restart, even when the process stopped mid-import', async () => {
    const file = freshFile();
    const store = sqliteCorpus(file);
    const { db } = store;
    await store.addArticles('w', articles(3_000));
    // Another writer's row, queued by the trigger, and the connection closed without waiting for the index.
    db.prepare(`INSERT INTO articles (workspace, url, title, source, published_at, ingested_at, language, body, content_hash)
      VALUES ('w', NULL, 't', 's', 0, 0, NULL, 'Sennar dam inspected.', 'h1')`).run();
    db.close();
    // Reopened while the first connection's thread may still be indexing: both apply the same queue, and every
    // article must end up indexed exactly once.
    const store2 = sqliteCorpus(file);
    const again = store2.db;
    expect(await matches(store2, 'kordofan')).toBe(3_000);
    expect(await matches(store2, 'sennar')).toBe(1);
    integrityCheck(again);
    await store2.close();
  });

  it('is rebuilt from the articles when its file is missing, damaged or belongs to another database', async () => {
    const file = freshFile();
    const other = freshFile();
    {
      const store = sqliteCorpus(file);
      await store.addArticles('w', articles(600));
      await store.close();
      const otherStore = sqliteCorpus(other);
      await otherStore.addArticles('w', articles(50, 10_000).map((a) => ({ ...a, body: `${a.body} Abyei.` })));
      await otherStore.close();
    }
    const check = async (): Promise<void> => {
      const store = sqliteCorpus(file);
      expect(await matches(store, 'kordofan')).toBe(600);
      expect(await matches(store, 'abyei')).toBe(0);
      await store.close();
    };
    const removeIndex = (): void => removeSearchIndex(file);
    removeIndex();
    await check();
    removeIndex();
    writeFileSync(searchIndexFile(file), 'not a database '.repeat(500));
    await check();
    removeIndex();
    copyFileSync(searchIndexFile(other), searchIndexFile(file));
    await check();
  });

  it('reports a failing index thread as a clear error, loses no article, and recovers on the next open', async () => {
    const file = freshFile();
    const store = sqliteCorpus(file);
    const { db } = store;
    // Damage the index file's bookkeeping behind the store's back: the thread cannot apply the queue.
    db.exec('DROP TABLE search.index_state');
    await store.addArticles('w', articles(3_000));
    await expect(store.searchable()).rejects.toMatchObject({ code: 'store.search_index_failed' });
    expect(await store.countArticles('w')).toBe(3_000);
    db.close();
    const again = sqliteCorpus(file);
    expect(await matches(again, 'kordofan')).toBe(3_000);
    await again.close();
  });

  it('reports an index thread that cannot work as a clear error too', async () => {
    const file = freshFile();
    const store = sqliteCorpus(file);
    const { db } = store;
    // The index file disappears under the open connection: the thread opens an empty file in its place.
    removeSearchIndex(file);
    await store.addArticles('w', articles(3_000));
    await expect(store.searchable()).rejects.toMatchObject({
      code: 'store.search_index_failed',
      message: expect.stringMatching(/indexing thread failed/) as unknown,
    });
    expect(await store.countArticles('w')).toBe(3_000);
    db.close();
    const again = sqliteCorpus(file);
    expect(await matches(again, 'darfur')).toBe(1_000);
    await again.close();
  });

  it('takes over the articles of a database made before the index had its own file', async () => {
    const file = freshFile();
    const old = openSqliteDatabase(file, migrations.filter((m) => m.id < 3));
    old.prepare(`INSERT INTO articles (workspace, url, title, source, published_at, ingested_at, language, body, content_hash)
      VALUES ('w', NULL, 't', 's', 0, 0, NULL, 'Kordofan talks resumed.', 'h1'), ('w', NULL, 't', 's', 1, 0, NULL, 'Darfur aid arrived.', 'h2')`).run();
    old.close();
    const store = sqliteCorpus(file);
    expect(await matches(store, 'kordofan')).toBe(1);
    expect(await matches(store, 'darfur')).toBe(1);
    await store.close();
  });

  it('lets a second connection (a CLI import while the bot serves) search what the first stored', async () => {
    const file = freshFile();
    const writer = sqliteCorpus(file);
    const reader = sqliteCorpus(file);
    await writer.addArticles('w', articles(2_000));
    expect(await matches(reader, 'darfur')).toBe(667);
    await writer.addArticles('w', articles(2_000, 2_000));
    expect(await matches(reader, 'kordofan')).toBe(4_000);
    await writer.close();
    await reader.close();
  });
});
