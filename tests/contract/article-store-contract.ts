import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewArticle } from '../../src/core/article.ts';
import { freeTextQuery, storyQuery } from '../../src/core/text-query.ts';
import type { Store } from '../../src/store/ports/corpus-store.ts';
import { corpusStore } from '../../src/store/stores.ts';
import type { StoresFactory, StoresHandle } from './stores-factory.ts';

function article(over: Partial<NewArticle> = {}): NewArticle {
  return {
    url: null,
    title: 'Syria joins coalition',
    source: 'Wire',
    publishedAt: new Date('2025-11-11T10:00:00Z'),
    language: 'en',
    body: 'Syria has joined the international coalition against the Islamic State group, officials said on Monday.',
    ...over,
  };
}

/**
 * The behaviour every engine's ArticleStore (with its StoryStore, which counts articles through the same searches)
 * must have. Run it against each engine with a factory that opens a fresh, empty database.
 */
export function articleStoreContract(name: string, open: StoresFactory): void {
  describe(`ArticleStore contract: ${name}`, () => {
    let handle: StoresHandle;
    let store: Store;
    beforeEach(async () => {
      handle = await open();
      store = corpusStore(handle.stores);
    });
    afterEach(async () => {
      await handle.cleanup();
    });

    it('stores articles and reads them back with every field', async () => {
      const [o] = await store.addArticles('w1', [article({ url: 'https://example.com/a' })], new Date('2025-11-12T00:00:00Z'));
      expect(o?.status).toBe('added');
      const [a] = await store.getArticles('w1', [o!.id]);
      expect(a).toMatchObject({
        workspace: 'w1',
        url: 'https://example.com/a',
        title: 'Syria joins coalition',
        source: 'Wire',
        language: 'en',
      });
      expect(a!.publishedAt.toISOString()).toBe('2025-11-11T10:00:00.000Z');
      expect(a!.ingestedAt.toISOString()).toBe('2025-11-12T00:00:00.000Z');
      expect(a!.contentHash).toMatch(/^[0-9a-f]{32}$/);
    });

    it('reports duplicates by URL and by normalised text, within one batch and across batches', async () => {
      const out = await store.addArticles('w1', [
        article({ url: 'https://example.com/a' }),
        article({ url: 'https://example.com/a', body: 'Completely different text about something else entirely.' }),
        article({ url: 'https://example.com/b', body: 'SYRIA has joined the international coalition against the Islamic State group — officials said on Monday!' }),
      ]);
      expect(out.map((o) => o.status)).toEqual(['added', 'duplicate', 'duplicate']);
      expect(out[1]).toMatchObject({ reason: 'url', id: out[0]!.id });
      expect(out[2]).toMatchObject({ reason: 'content', id: out[0]!.id });
      const again = await store.addArticles('w1', [article({ url: 'https://example.com/a' })]);
      expect(again[0]?.status).toBe('duplicate');
      expect(await store.countArticles('w1')).toBe(1);
    });

    it('applies overlapping writes in call order, each deciding duplicates after the ones before it', async () => {
      const batch = (tag: string, n: number) =>
        Array.from({ length: n }, (_, i) => article({ url: `https://example.com/${tag}/${i}`, body: `Report ${tag} ${i}: officials met in Geneva on Monday.` }));
      // Handed in without waiting, as an import does with the next batch while one is being written.
      const first = store.addArticles('w1', batch('a', 120));
      const second = store.addArticles('w1', [...batch('b', 60), ...batch('a', 3)]);
      const failing = store.addArticles('w1', [article({ publishedAt: new Date(Number.NaN) })]);
      const third = store.addArticles('w1', batch('b', 2));
      const [one, two, three] = await Promise.all([first, second, third]);
      await expect(failing).rejects.toThrow();
      expect(one.every((o) => o.status === 'added')).toBe(true);
      expect(two.slice(0, 60).every((o) => o.status === 'added')).toBe(true);
      expect(two.slice(60)).toEqual(one.slice(0, 3).map((o) => ({ status: 'duplicate', id: o.id, reason: 'url' })));
      expect(three).toEqual(two.slice(0, 2).map((o) => ({ status: 'duplicate', id: o.id, reason: 'url' })));
      const ids = [...one, ...two.slice(0, 60)].map((o) => o.id);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(await store.countArticles('w1')).toBe(180);
    });

    it('keeps workspaces apart: no read, search, count or dedup crosses them', async () => {
      const [a] = await store.addArticles('w1', [article()]);
      const [b] = await store.addArticles('w2', [article()]);
      expect(b?.status).toBe('added');
      expect(await store.getArticles('w2', [a!.id])).toEqual([]);
      const q = freeTextQuery('syria');
      const hits1 = await store.searchArticles('w1', q, { limit: 10, order: 'newest' });
      const hits2 = await store.searchArticles('w2', q, { limit: 10, order: 'newest' });
      expect(hits1.map((h) => h.id)).toEqual([a!.id]);
      expect(hits2.map((h) => h.id)).toEqual([b!.id]);
      expect(await store.countArticles('w3')).toBe(0);
      await store.saveStory('w1', { name: 'syria', aliases: [], createdBy: 'u', createdAt: new Date() });
      expect(await store.getStory('w2', 'syria')).toBeNull();
      expect(await store.listStories('w2')).toEqual([]);
      expect(await store.removeStory('w2', 'syria')).toBe(false);
      expect(await store.getStory('w1', 'syria')).not.toBeNull();
    });

    it('searches newest first within a time range and bounds the result', async () => {
      const days = ['2025-11-01', '2025-11-03', '2025-11-05', '2025-11-07'];
      await store.addArticles(
        'w1',
        days.map((d, i) => article({ publishedAt: new Date(`${d}T12:00:00Z`), body: `Syria report number ${i} from ${d}.` })),
      );
      const q = freeTextQuery('syria');
      const all = await store.searchArticles('w1', q, { limit: 10, order: 'newest' });
      expect(all.map((h) => h.publishedAt.toISOString().slice(0, 10))).toEqual([...days].reverse());
      const ranged = await store.searchArticles('w1', q, {
        from: new Date('2025-11-03T00:00:00Z'),
        to: new Date('2025-11-07T00:00:00Z'),
        limit: 10,
        order: 'newest',
      });
      expect(ranged.map((h) => h.publishedAt.toISOString().slice(0, 10))).toEqual(['2025-11-05', '2025-11-03']);
      expect(await store.searchArticles('w1', q, { limit: 2, order: 'newest' })).toHaveLength(2);
      const cov = await store.coverage('w1', q);
      expect(cov.count).toBe(4);
      expect(cov.oldestAt?.toISOString().slice(0, 10)).toBe('2025-11-01');
      expect(cov.newestAt?.toISOString().slice(0, 10)).toBe('2025-11-07');
    });

    it('ranks by relevance when asked, title matches first', async () => {
      await store.addArticles('w1', [
        article({ title: 'Markets today', body: 'Markets rose. A brief mention of Sudan in passing among many other words here.' }),
        article({ title: 'Sudan ceasefire talks resume', body: 'Sudan ceasefire talks resumed in Jeddah on Tuesday.' }),
      ]);
      const hits = await store.searchArticles('w1', freeTextQuery('sudan'), { limit: 10, order: 'relevance' });
      expect(hits).toHaveLength(2);
      const [top] = await store.getArticles('w1', [hits[0]!.id]);
      expect(top?.title).toBe('Sudan ceasefire talks resume');
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    });

    it('matches story names by their words, demonyms, accents and non-Latin scripts; a quoted name as a phrase', async () => {
      await store.addArticles('w1', [
        article({ title: 'One', body: 'The Syrian government announced new measures today in the capital city.' }),
        article({ title: 'Two', body: 'Talks in Bogotá continued between the parties for a third straight day.' }),
        article({ title: 'Three', body: 'قال مسؤولون في دمشق إن المحادثات ستستمر الأسبوع المقبل في العاصمة السورية.' }),
        article({ title: 'Four', body: 'Islamic scholars met in a different state capital for an unrelated conference.' }),
      ]);
      const count = async (name: string, aliases: string[] = []) =>
        (await store.coverage('w1', storyQuery({ name, aliases }))).count;
      expect(await count('syria')).toBe(1);
      expect(await count('bogota')).toBe(1);
      expect(await count('damascus', ['دمشق'])).toBe(1);
      expect(await count('islamic state')).toBe(1);
      expect(await count('"islamic state"')).toBe(0);
      expect(await count('syria', ['"islamic state"'])).toBe(1);
    });

    it('treats query syntax in user text as plain words, never as FTS operators', async () => {
      await store.addArticles('w1', [article()]);
      for (const hostile of ['syria OR *', '"syria', 'NEAR(syria coalition)', 'syria AND NOT', '-syria', 'title:syria', '*', '^syria']) {
        await expect(store.searchArticles('w1', freeTextQuery(hostile), { limit: 5, order: 'newest' })).resolves.toBeDefined();
        await expect(store.coverage('w1', storyQuery({ name: hostile, aliases: [] }))).resolves.toBeDefined();
      }
      expect((await store.coverage('w1', freeTextQuery('syria OR *'))).count).toBe(1);
      expect((await store.coverage('w1', freeTextQuery('*'))).count).toBe(0);
    });

    it('saves stories case-insensitively, merges aliases, lists with stats and removes without touching articles', async () => {
      await store.addArticles('w1', [article(), article({ body: 'Damascus said the talks would go on, officials added.' })]);
      const first = await store.saveStory('w1', { name: 'Syria', aliases: ['damascus'], createdBy: 'u1', createdAt: new Date('2025-11-01T00:00:00Z') });
      expect(first.created).toBe(true);
      const again = await store.saveStory('w1', { name: 'SYRIA', aliases: ['Damascus', 'aleppo'], createdBy: 'u2', createdAt: new Date() });
      expect(again.created).toBe(false);
      expect(again.story.aliases).toEqual(['damascus', 'aleppo']);
      const [stats] = await store.listStoriesWithStats('w1');
      expect(stats).toMatchObject({ name: 'Syria', articleCount: 2, createdBy: 'u1' });
      expect(stats?.newestAt).toBeInstanceOf(Date);
      expect(await store.removeStory('w1', 'syria')).toBe(true);
      expect(await store.listStories('w1')).toEqual([]);
      expect(await store.countArticles('w1')).toBe(2);
    });

    it('records brief history and returns the latest per subject and kind', async () => {
      const [a] = await store.addArticles('w1', [article()]);
      const [other] = await store.addArticles('w2', [article()]);
      const base = { kind: 'brief', windowFrom: new Date('2025-11-10T00:00:00Z'), windowTo: new Date('2025-11-11T00:00:00Z'), engine: 'extractive' };
      await store.recordBrief('w1', { ...base, subject: 'Syria', createdAt: new Date('2025-11-11T01:00:00Z'), articleIds: [] });
      await store.recordBrief('w1', { ...base, subject: 'Syria', createdAt: new Date('2025-11-11T02:00:00Z'), articleIds: [a!.id, other!.id] });
      const last = await store.lastBrief('w1', 'syria', 'brief');
      expect(last?.createdAt.toISOString()).toBe('2025-11-11T02:00:00.000Z');
      // An article of another workspace is never linked.
      expect(last?.articleIds).toEqual([a!.id]);
      expect(await store.lastBrief('w1', 'syria', 'digest')).toBeNull();
      expect(await store.lastBrief('w2', 'syria', 'brief')).toBeNull();
    });
  });
}
