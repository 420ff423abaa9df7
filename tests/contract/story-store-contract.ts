import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
  });
}
