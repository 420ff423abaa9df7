import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewArticle } from '../../src/core/article.ts';
import { freeTextQuery, storyQuery } from '../../src/core/text-query.ts';
import { parseFeedDocument } from '../../src/ingest/feeds/feed-parse.ts';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.ts';
import { stemmingLanguage } from '../../src/store/postgres/pg-languages.ts';
import { compileTsquery, tsvectorLiteral } from '../../src/store/postgres/pg-search-text.ts';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.ts';
import type { Stores } from '../../src/store/stores.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { hasPostgres, PG_SKIP_REASON, useTestDatabase } from '../helpers/postgres.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';

/**
 * Language-aware full-text search on PostgreSQL: an article whose language is known and has a Snowball stemmer is
 * also indexed with each word's stem in that language, tagged with it; a workspace's queries also match those stems.
 * Real text: the German heise feed of ../shared/data (its items stored as German) and the seed article (English).
 */
const db = useTestDatabase();

describe('language lexemes (no database)', () => {
  it('adds tagged stems only for a known language with a stemmer, and leaves English exactly as it was', () => {
    expect(['de', 'de-AT', 'fr_CA', 'nb', 'EN', 'en-GB', 'xx', null].map(stemmingLanguage)).toEqual(['de', 'de', 'fr', 'no', null, null, null, null]);
    const english = tsvectorLiteral('Talks resume', 'Negotiators resumed talks in Geneva.');
    expect(tsvectorLiteral('Talks resume', 'Negotiators resumed talks in Geneva.', 'en-US')).toBe(english);
    expect(english).not.toMatch(/'\w+:/);
    const german = tsvectorLiteral('Bewerbungen für Vorträge', 'Die Änderungen bei der Authentifizierung.', 'de');
    // The English-style lexeme stays at each position, and the German stem joins it there.
    expect(german).toMatch(/'bewerbungen':1A/);
    expect(german).toMatch(/'de:bewerb':1A/);
    expect(german).toMatch(/'de:ander':\d+B/);
    // Queries: the same words, each also as its stem in the workspace's languages; none: unchanged.
    const q = freeTextQuery('Bewerbung');
    const plain = compileTsquery(q)!;
    expect(plain).toContain("'bewerbung'");
    expect(plain).not.toContain(':');
    const both = compileTsquery(q, ['de', 'fr'])!;
    expect(both).toContain("('bewerbung' | 'de:bewerb' | 'fr:bewerbung')");
    // Digits are not words of a language; hostile text still only becomes quoted lexemes, never an operator.
    expect(compileTsquery(freeTextQuery('2016'), ['de'])).not.toContain('de:');
    const hostile = compileTsquery(freeTextQuery("x' | !y:* <->"), ['de'])!;
    expect(hostile.replace(/'(?:[a-z]+:)?[a-z0-9]+'/g, '')).toMatch(/^[()|&<> -]*$/);
    expect(hostile).not.toContain(':*');
  });
});

describe.skipIf(!hasPostgres || !hasSharedData)(`German articles on PostgreSQL${PG_SKIP_REASON}${SKIP_REASON}`, () => {
  let pg: Stores;
  let lite: Stores;
  const german: NewArticle[] = [];
  beforeAll(async () => {
    const feed = parseFeedDocument(readFileSync(shared('feeds', 'rss-parser--heise.atom')), { url: 'http://www.heise.de/developer/rss/news-atom.xml' });
    for (const item of feed.items) {
      german.push({
        url: item.url,
        title: item.title,
        source: 'heise online',
        publishedAt: item.publishedAt ?? new Date('2016-02-01T00:00:00Z'),
        language: 'de',
        body: item.content || item.summary,
      });
    }
    const seed = readFileSync(shared('seed', 'syria-coalition-2025-11-11.txt'), 'utf8');
    const english: NewArticle = { url: 'https://seed.example/syria', title: seed.split('\n')[0]!, source: 'seed', publishedAt: new Date('2025-11-11T12:00:00Z'), language: 'en', body: seed };
    pg = await openPostgresStores(db.url(), { schema: db.freshSchema() });
    lite = await openSqliteStores(':memory:', { logger: silentLogger, clock: () => new Date() });
    for (const s of [pg, lite]) {
      await s.articles.addArticles('w', [...german, english]);
      await s.articles.searchable();
    }
  }, 60_000);
  afterAll(async () => {
    await pg?.close();
    await lite?.close();
  });

  const titles = async (s: Stores, text: string, order: 'newest' | 'relevance' = 'newest') => {
    const hits = await s.articles.searchArticles('w', freeTextQuery(text), { limit: 20, order });
    return (await s.articles.getArticles('w', hits.map((h) => h.id))).map((a) => a.title).sort();
  };

  it('finds a German inflected form from another one, by recency and by relevance, where English stemming cannot', async () => {
    expect(german.length).toBeGreaterThanOrEqual(10);
    // "Bewerbungen" (plural) in the heise item, asked as "Bewerbung"; "Änderungen" as "Änderung".
    for (const order of ['newest', 'relevance'] as const) {
      expect(await titles(pg, 'Bewerbung', order)).toEqual(['Scrum Day 2016: Bewerbungen für Vorträge und Workshops']);
      expect(await titles(pg, 'Änderung', order)).toContain('Änderungen bei der Authentifizierung in Microsofts v2.0 App Model');
    }
    // SQLite stems every article as English: the plural form is not found from the singular there.
    expect(await titles(lite, 'Bewerbung')).toEqual([]);
    // The exact form is found on both engines.
    expect(await titles(lite, 'Bewerbungen')).toEqual(await titles(pg, 'Bewerbungen'));
  });

  it('counts a story in the German stems too, and leaves English results as SQLite gives them', async () => {
    await pg.stories.saveStory('w', { name: 'Änderung', aliases: [], createdBy: 't', createdAt: new Date() });
    const [story] = await pg.stories.listStoriesWithStats('w');
    expect(story!.articleCount).toBeGreaterThanOrEqual(1);
    expect((await pg.articles.coverage('w', storyQuery({ name: 'Änderung', aliases: [] }))).count).toBe(story!.articleCount);
    for (const text of ['coalition', 'Syria joined the international coalition', 'Damascus']) {
      expect(await titles(pg, text)).toEqual(await titles(lite, text));
    }
  });
});
