import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storyQuery } from '../../src/core/text-query.ts';
import type { StoryStore } from '../../src/store/ports/story-store.ts';
import type { StoresFactory, StoresHandle } from './stores-factory.ts';

const T0 = new Date('2025-11-20T12:00:00Z');
const input = (name: string, aliases: string[] = []) => ({ name, aliases, createdBy: 'test', createdAt: T0 });

/** Tracked stories: the behaviour every engine's StoryStore must have. */
export function storyStoreContract(name: string, open: StoresFactory): void {
  describe(`StoryStore contract: ${name}`, () => {
    let handle: StoresHandle;
    let stories: StoryStore;
    beforeEach(async () => {
      handle = await open();
      stories = handle.stores.stories;
    });
    afterEach(() => handle.cleanup());

    it('creates a story once per name (case and accents ignored) and merges new aliases into it', async () => {
      const first = await stories.saveStory('w1', input('Côte d’Ivoire', ['Ivory Coast', 'côte d’ivoire']));
      expect(first.created).toBe(true);
      expect(first.story).toMatchObject({ workspace: 'w1', name: 'Côte d’Ivoire', aliases: ['Ivory Coast'], createdBy: 'test' });
      expect(first.story.createdAt).toEqual(T0);
      const again = await stories.saveStory('w1', input('COTE D’IVOIRE', ['ivory coast', 'Abidjan']));
      expect(again.created).toBe(false);
      expect(again.story.aliases).toEqual(['Ivory Coast', 'Abidjan']);
      expect((await stories.getStory('w1', 'cote d’ivoire'))?.aliases).toEqual(['Ivory Coast', 'Abidjan']);
      expect(await stories.getStory('w2', 'Côte d’Ivoire')).toBeNull();
    });

    it('lists stories by name with their article counts, and removes one without touching articles', async () => {
      await stories.saveStory('w1', input('Sudan', ['Khartoum']));
      await stories.saveStory('w1', input('Armenia'));
      await stories.saveStory('w2', input('Yemen'));
      await handle.stores.articles.addArticles('w1', [
        { url: null, title: 'Khartoum talks', source: 's', publishedAt: new Date('2025-11-18T00:00:00Z'), language: 'en', body: 'Talks resumed in Khartoum.' },
        { url: null, title: 'Sudan aid', source: 's', publishedAt: new Date('2025-11-19T00:00:00Z'), language: 'en', body: 'Aid reached Sudan.' },
      ]);
      expect((await stories.listStories('w1')).map((s) => s.name)).toEqual(['Armenia', 'Sudan']);
      const stats = await stories.listStoriesWithStats('w1');
      expect(stats.map((s) => [s.name, s.articleCount, s.newestAt?.toISOString() ?? null])).toEqual([
        ['Armenia', 0, null],
        ['Sudan', 2, '2025-11-19T00:00:00.000Z'],
      ]);
      expect(await stories.removeStory('w2', 'Sudan')).toBe(false);
      expect(await stories.removeStory('w1', 'SUDAN')).toBe(true);
      expect((await stories.listStories('w1')).map((s) => s.name)).toEqual(['Armenia']);
      expect(await handle.stores.articles.countArticles('w1')).toBe(2);
    });

    it('matches a story by its weighted words: any form of a country, event words optional, a quoted name as a phrase', async () => {
      const at = (d: number) => new Date(Date.UTC(2025, 10, d));
      await handle.stores.articles.addArticles('w1', [
        { url: null, title: 'Damascus talks', source: 's', publishedAt: at(1), language: 'en', body: 'Syrian officials met the envoy.' },
        { url: null, title: 'Crisis deepens', source: 's', publishedAt: at(2), language: 'en', body: 'The crisis in Syria deepened as aid stalled.' },
        { url: null, title: 'Markets', source: 's', publishedAt: at(3), language: 'en', body: 'A currency crisis hit the markets.' },
        { url: null, title: 'Swine flu', source: 's', publishedAt: at(4), language: 'en', body: 'The H1N1 strain spread; the flu season began early.' },
        { url: null, title: 'State visit', source: 's', publishedAt: at(5), language: 'en', body: 'Islamic scholars met in a state capital.' },
        { url: null, title: 'Raqqa', source: 's', publishedAt: at(6), language: 'en', body: 'Islamic State fighters left Raqqa in Syria.' },
        { url: null, title: 'Cup final', source: 's', publishedAt: at(7), language: 'en', body: 'Syria won the football match in Doha.' },
      ]);
      await stories.saveStory('w1', input('syrian crisis'));
      await stories.saveStory('w1', input('h1n1 flu'));
      await stories.saveStory('w1', input('"islamic state"'));
      await stories.saveStory('w1', input('islamic state'));
      await stories.saveStory('w1', input('syria', ['-football', '"islamic state"', '-"currency crisis"']));
      const counts = Object.fromEntries((await stories.listStoriesWithStats('w1')).map((s) => [s.name, s.articleCount]));
      expect(counts).toEqual({
        // Syria in any form (Syrian, Syria) is enough; "crisis" alone (the markets article) is not.
        'syrian crisis': 4,
        // Letters and digits together are one word, as the engines index them.
        'h1n1 flu': 1,
        '"islamic state"': 1,
        // Unquoted, both words anywhere.
        'islamic state': 2,
        // Not the football article; the phrase alias adds nothing Syria did not already match.
        syria: 3,
      });
    });

    it('ranks the articles that also have the optional words first', async () => {
      const [plain, both] = await handle.stores.articles.addArticles('w1', [
        { url: null, title: 'Aid convoy', source: 's', publishedAt: T0, language: 'en', body: 'A convoy reached Syria with food and medicine.' },
        { url: null, title: 'Aid convoy', source: 's', publishedAt: new Date(T0.getTime() - 1000), language: 'en', body: 'A convoy reached Syria as the crisis grew.' },
      ]);
      const hits = await handle.stores.articles.searchArticles('w1', storyQuery({ name: 'syrian crisis', aliases: [] }), { limit: 10, order: 'relevance' });
      expect(hits.map((h) => h.id)).toEqual([both!.id, plain!.id]);
    });

    it('keeps hostile text in names and aliases harmless on the engine', async () => {
      await handle.stores.articles.addArticles('w1', [
        { url: null, title: 'Syria OR *', source: 's', publishedAt: T0, language: 'en', body: 'NEAR( and quotes " are words; !syria & x:* too.' },
      ]);
      const cases: [string, string[], number][] = [
        ['syria OR *', ['"*"', '-)&|!('], 1],
        ['x" syria', ['- -', "-'a'"], 1],
        ['"NEAR( syria"', ['-*'], 0],
        ['near', ['-!x:*'], 0],
      ];
      for (const [name, aliases] of cases) await stories.saveStory('w1', input(name, aliases));
      const stats = await stories.listStoriesWithStats('w1');
      expect(Object.fromEntries(stats.map((s) => [s.name, s.articleCount]))).toEqual(Object.fromEntries(cases.map(([n, , c]) => [n, c])));
    });
  });
}
