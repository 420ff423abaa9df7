import { describe, expect, it } from 'vitest';
import type { NewArticle } from '../../src/core/article.ts';
import { freeTextQuery, questionQuery, storyQuery } from '../../src/core/text-query.ts';
import { createSearchPlanner } from '../../src/store/sqlite/search/search-planner.ts';
import { compileFtsQuery } from '../../src/store/sqlite/search/fts-query.ts';
import { createArticleSearch } from '../../src/store/sqlite/search/article-search.ts';
import { createTimeFirstSearch } from '../../src/store/sqlite/search/time-first-search.ts';
import { sqliteCorpus } from '../helpers/sqlite-app.ts';
import { seededRandom } from '../../scripts/lib/random.ts';

const FILLER = 'officials said the talks would continue next week in the capital after a long meeting'.split(' ');

/** A store where "common" is in most articles, "medium" in some and "rare" in a handful, over 100 days. */
async function populated(n: number) {
  const store = sqliteCorpus(':memory:');
  const { db } = store;
  const rand = seededRandom(5);
  const articles: NewArticle[] = [];
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 30 }, () => FILLER[Math.floor(rand() * FILLER.length)]!);
    if (rand() < 0.7) words.push('common');
    if (rand() < 0.05) words.push('medium');
    if (i % 97 === 0) words.push('rare');
    articles.push({
      url: `https://example.com/${i}`,
      title: `Report ${i}`,
      source: `Outlet ${i % 7}`,
      publishedAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 100 * 86_400_000)),
      language: 'en',
      body: `${words.join(' ')}.`,
    });
  }
  await store.addArticles('w', articles);
  await store.addArticles('other', articles.slice(0, 50));
  return { db, store, articles };
}

describe('the search planner', () => {
  it('counts matches in the whole index', async () => {
    const { db, articles } = await populated(400);
    const planner = createSearchPlanner(db);
    const m = (w: string) => planner.matches(compileFtsQuery(freeTextQuery(w))!);
    // Every workspace counts: the 50 copies in "other" too.
    const expected = (w: string) => articles.filter((a) => a.body.includes(w)).length + articles.slice(0, 50).filter((a) => a.body.includes(w)).length;
    expect(m('common')).toBe(expected('common'));
    expect(m('rare')).toBe(expected('rare'));
    expect(m('atlantis')).toBe(0);
  });

  it('extrapolates a count stopped at its cap from how far into the index the cap was reached', async () => {
    const { db, store, articles } = await populated(3000);
    const planner = createSearchPlanner(db, { matchCap: 100 });
    const q = compileFtsQuery(freeTextQuery('common'))!;
    const exact = articles.filter((a) => a.body.includes('common')).length + articles.slice(0, 50).filter((a) => a.body.includes('common')).length;
    const estimate = planner.matches(q);
    expect(estimate).toBeGreaterThan(exact * 0.8);
    expect(estimate).toBeLessThan(exact * 1.25);
    // Below the cap the count stays exact.
    expect(planner.matches(compileFtsQuery(freeTextQuery('rare'))!)).toBe(Math.ceil(3000 / 97) + 1);
    // A frequent word in a month of the 100 days is read time first, not by sorting its thousands of matches.
    expect(planner.newest(q, 'w', Date.UTC(2025, 1, 1), Date.UTC(2025, 2, 1), 500)).toBe('time-first');
    // Estimates are kept while the index grows by less than a tenth, then counted again.
    const extra = (n: number) => Array.from({ length: n }, (_, i) => ({ ...articles[0]!, url: `https://example.com/rare/${n}/${i}`, body: `rare item ${n} ${i}` }));
    await store.addArticles('w', extra(5));
    await store.searchable();
    expect(planner.matches(compileFtsQuery(freeTextQuery('rare'))!)).toBe(Math.ceil(3000 / 97) + 1);
    await store.addArticles('w', extra(500));
    await store.searchable();
    // Recounted: 537 matches now, past the cap of 100, so an estimate of at least the cap (the new matches are all at
    // the end of the index, which the extrapolation cannot know).
    expect(planner.matches(compileFtsQuery(freeTextQuery('rare'))!)).toBeGreaterThanOrEqual(100);
  });

  it('reads rare words index first and frequent ones time first', async () => {
    const { db } = await populated(3000);
    const planner = createSearchPlanner(db);
    const all: [number, number] = [-8.64e15, 8.64e15];
    const q = (w: string) => compileFtsQuery(freeTextQuery(w))!;
    expect(planner.newest(q('rare'), 'w', ...all, 150)).toBe('index-first');
    expect(planner.newest(q('common'), 'w', ...all, 150)).toBe('time-first');
    expect(planner.count(q('rare'), 'w', ...all)).toBe('index-first');
    // A one-day window of a frequent word: counting the window beats counting every match.
    expect(planner.count(q('common'), 'w', Date.UTC(2025, 1, 1), Date.UTC(2025, 1, 2))).toBe('time-first');
  });

  it('returns exactly the brute-force answer whichever plan runs', async () => {
    const { store, articles } = await populated(3000);
    const from = new Date(Date.UTC(2025, 1, 1));
    const to = new Date(Date.UTC(2025, 1, 20));
    for (const word of ['common', 'medium', 'rare']) {
      const expected = articles
        .map((a, i) => ({ a, id: i + 1 }))
        .filter(({ a }) => a.body.includes(word) && a.publishedAt >= from && a.publishedAt < to)
        .sort((x, y) => y.a.publishedAt.getTime() - x.a.publishedAt.getTime() || y.id - x.id);
      const hits = await store.searchArticles('w', storyQuery({ name: word, aliases: [] }), { from, to, limit: 25, order: 'newest' });
      expect(hits.map((h) => h.id)).toEqual(expected.slice(0, 25).map((e) => e.id));
      const cov = await store.coverage('w', storyQuery({ name: word, aliases: [] }), { from, to });
      expect(cov.count).toBe(expected.length);
      expect(cov.newestAt?.getTime()).toBe(expected[0]?.a.publishedAt.getTime());
      const newestAll = await store.searchArticles('w', freeTextQuery(word), { limit: 1, order: 'newest' });
      const latest = Math.max(...articles.filter((a) => a.body.includes(word)).map((a) => a.publishedAt.getTime()));
      expect(newestAll[0]!.publishedAt.getTime()).toBe(latest);
    }
    // Another workspace's copies are never returned.
    const other = await store.searchArticles('other', freeTextQuery('common'), { limit: 1000, order: 'newest' });
    expect(other.every((h) => h.id > 3000)).toBe(true);
  });

  it('ranks questions by relevance with rare words carrying the answer', async () => {
    const { store } = await populated(3000);
    const hits = await store.searchArticles('w', questionQuery('what happened to the rare common report?'), { limit: 10, order: 'relevance' });
    expect(hits.length).toBe(10);
    const [top] = await store.getArticles('w', [hits[0]!.id]);
    expect(top!.body).toMatch(/rare/);
  });

  it('bounds relevance ranking per workspace, so a busy neighbour cannot hide a workspace\'s own matches', async () => {
    const store = sqliteCorpus(':memory:');
    const at = (d: number) => new Date(Date.UTC(2025, 0, 1) + d * 3_600_000);
    const mk = (i: number, d: number, body: string): NewArticle => ({ url: null, title: `T${i}`, source: 's', publishedAt: at(d), language: null, body });
    await store.addArticles('quiet', [mk(0, 0, 'Harbour cranes stood idle in Odesa after the strike.'), mk(1, 1, 'Odesa harbour reopened.')]);
    await store.addArticles('busy', Array.from({ length: 2300 }, (_, i) => mk(i + 10, 10 + i, `Odesa grain report number ${i} with harbour news.`)));
    const q = questionQuery('what happened at the Odesa harbour?');
    const quiet = await store.searchArticles('quiet', q, { limit: 10, order: 'relevance' });
    expect(quiet).toHaveLength(2);
    const busy = await store.searchArticles('busy', q, { limit: 5, order: 'relevance' });
    expect(busy).toHaveLength(5);
    // Only the 2,000 most recent matches of the busy workspace are ranked.
    const [oldest] = await store.searchArticles('busy', q, { limit: 1, order: 'newest', to: at(10 + 200) });
    const ranked = await store.searchArticles('busy', q, { limit: 3000, order: 'relevance' });
    expect(ranked).toHaveLength(2000);
    expect(ranked.some((h) => h.id === oldest!.id)).toBe(false);
    await store.close();
  });

  it('ranks a question whose every word is common on a large store by the words each match holds, title first', async () => {
    const { db, store, articles } = await populated(3000);
    // With a cap of 100 matches, 3,000 articles are a large store and both words are common (about 2,100 and 150).
    const search = createArticleSearch(db, { matchCap: 100 });
    const from = new Date(Date.UTC(2025, 0, 10));
    const to = new Date(Date.UTC(2025, 3, 1));
    await store.addArticles('w', [
      { ...articles[0]!, url: 'https://example.com/titled', title: 'Medium common report', publishedAt: new Date(Date.UTC(2025, 1, 1)), body: 'medium common.' },
    ]);
    await store.searchable();
    const hits = search.search('w', questionQuery('what is common and medium?'), { from, to, limit: 20, order: 'relevance' });
    expect(hits).toHaveLength(20);
    const got = await store.getArticles('w', hits.map((h) => h.id));
    const byId = new Map(got.map((a) => [a.id, a]));
    // The article with both words in its title leads; every hit holds both words, is the workspace's, in the window.
    expect(byId.get(hits[0]!.id)!.title).toBe('Medium common report');
    for (const h of hits) {
      const a = byId.get(h.id)!;
      expect(a.body).toMatch(/common/);
      expect(a.body).toMatch(/medium/);
      expect(h.publishedAt >= from && h.publishedAt < to).toBe(true);
    }
    // Scores never rise down the list; equal scores list the most recently stored first.
    for (let i = 1; i < hits.length; i++) {
      expect(hits[i]!.score <= hits[i - 1]!.score).toBe(true);
      if (hits[i]!.score === hits[i - 1]!.score) expect(hits[i]!.id).toBeLessThan(hits[i - 1]!.id);
    }
    expect(search.search('other', questionQuery('what is common and medium?'), { limit: 100, order: 'relevance' }).every((h) => h.id > 3000)).toBe(true);
    await store.close();
  });

  it('walks on past a first step sized by an expectation that was too low', async () => {
    const { db, articles } = await populated(3000);
    const walk = createTimeFirstSearch(db);
    const match = compileFtsQuery(freeTextQuery('medium'))!;
    const expected = articles
      .map((a, i) => ({ a, id: i + 1 }))
      .filter(({ a }) => a.body.includes('medium'))
      .sort((x, y) => y.a.publishedAt.getTime() - x.a.publishedAt.getTime() || y.id - x.id)
      .map((e) => e.id);
    for (const guess of [undefined, 1, 40, 5000]) {
      const got = [...walk(match, 'w', -8.64e15, 8.64e15, guess)].map((r) => r.id);
      expect(got).toEqual(expected);
    }
  });
});
