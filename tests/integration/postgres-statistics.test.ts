import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { NewArticle } from '../../src/core/article.ts';
import { storyQuery } from '../../src/core/text-query.ts';
import { questionQuery } from '../../src/core/text-query.ts';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.ts';
import { createPgArticleStore } from '../../src/store/postgres/pg-article-store.ts';
import { openPgPool } from '../../src/store/postgres/pg-database.ts';
import { hasPostgres, PG_SKIP_REASON, useTestDatabase } from '../helpers/postgres.ts';

const db = useTestDatabase();

const FILLER = 'officials said the talks would continue next week in the capital after a long meeting on the border'.split(' ');

function articles(n: number): NewArticle[] {
  return Array.from({ length: n }, (_, i) => ({
    url: `https://example.com/${i}`,
    title: `Report ${i}`,
    source: `Outlet ${i % 5}`,
    publishedAt: new Date(Date.UTC(2025, 0, 1) + i * 600_000),
    language: 'en',
    body: `${Array.from({ length: 8 }, (_, r) => FILLER.map((w, k) => FILLER[(k * 7 + i + r) % FILLER.length] ?? w).join(' ')).join('. ')} item ${i}.${i % 1000 === 0 ? ' Zanzibar harbour reopened.' : ''}`,
  }));
}

describe.skipIf(!hasPostgres)(`PostgreSQL planner statistics after an import${PG_SKIP_REASON}`, () => {
  it("gathers the planner's statistics when an import ends, and not again for a few more articles", { timeout: 60_000 }, async () => {
    const schema = db.freshSchema();
    const stores = await openPostgresStores(db.url(), { schema });
    const client = new pg.Client({ connectionString: db.url() });
    await client.connect();
    try {
      await client.query(`SET search_path TO ${schema}`);
      const statistics = async () =>
        Number((await client.query(`SELECT count(*) AS n FROM pg_stats WHERE schemaname = $1 AND tablename = 'articles'`, [schema])).rows[0].n);
      await stores.articles.addArticles('w', articles(6000));
      expect(await statistics()).toBe(0);
      await stores.articles.searchable();
      expect(await statistics()).toBeGreaterThan(0);
      // What the statistics say about the search column: the words PostgreSQL now knows the frequency of.
      const known = (await client.query(`SELECT most_common_elems::text AS e FROM pg_stats WHERE schemaname = $1 AND tablename = 'articles' AND attname = 'search_vector'`, [schema])).rows[0]?.e;
      expect(String(known)).toContain('offici');
      const hits = await stores.articles.searchArticles('w', storyQuery({ name: 'zanzibar', aliases: [] }), { limit: 150, order: 'newest' });
      expect(hits.map((h) => h.id)).toHaveLength(6);
      // A few more articles do not gather them again (a tenth of the table and 1,000 articles are needed).
      // The server counts a session's writes a while after they are made (up to ten seconds for an idle one): counts
      // of the 6,000 articles above that arrive after the ANALYZE must not look like new writes.
      await new Promise((resolve) => setTimeout(resolve, 10_500));
      const before = (await client.query(`SELECT last_analyze FROM pg_stat_user_tables WHERE relid = 'articles'::regclass`)).rows[0].last_analyze;
      await stores.articles.addArticles('w', articles(6100).slice(6000));
      await stores.articles.searchable();
      const after = (await client.query(`SELECT last_analyze FROM pg_stat_user_tables WHERE relid = 'articles'::regclass`)).rows[0].last_analyze;
      expect(after).toEqual(before);
    } finally {
      await client.end();
      await stores.close();
    }
  });

  it('ranks a question on a large store with common words estimated from the statistics and rare ones counted', async () => {
    const schema = db.freshSchema();
    const stores = await openPostgresStores(db.url(), { schema });
    const pool = await openPgPool(db.url(), { schema });
    try {
      await stores.articles.addArticles('w', articles(6000));
      await stores.articles.searchable();
      // With a cap of 100 matches, 6,000 articles are a large store: "officials" (in every article) is common and left
      // out of the ranking on the planner's estimate, "zanzibar" (6 articles) is counted and ranked.
      const capped = createPgArticleStore(pool, { matchCap: 100 });
      const question = questionQuery('what did officials say about zanzibar?');
      const hits = await capped.searchArticles('w', question, { limit: 20, order: 'relevance' });
      const plain = await stores.articles.searchArticles('w', question, { limit: 20, order: 'relevance' });
      const zanzibar = (await stores.articles.searchArticles('w', storyQuery({ name: 'zanzibar', aliases: [] }), { limit: 50, order: 'newest' })).map((h) => h.id);
      expect(zanzibar).toHaveLength(6);
      expect(hits.map((h) => h.id).sort((a, b) => a - b)).toEqual([...zanzibar].sort((a, b) => a - b));
      // Without the cap the store is small, every word is ranked, and only the 2,000 most recently stored matches of
      // either word are: the two of them that name Zanzibar come first, the four older ones are not reached.
      expect(plain).toHaveLength(20);
      expect(plain.slice(0, 2).map((h) => h.id).sort((a, b) => a - b)).toEqual(zanzibar.filter((id) => id > 4000).sort((a, b) => a - b));
      // Asked again, the counts are remembered: the same answer.
      expect((await capped.searchArticles('w', question, { limit: 20, order: 'relevance' })).map((h) => h.id)).toEqual(hits.map((h) => h.id));
    } finally {
      await pool.end();
      await stores.close();
    }
  });
});
