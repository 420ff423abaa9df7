import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BriefHistoryStore } from '../../src/store/ports/brief-history-store.ts';
import type { StoresFactory, StoresHandle } from './stores-factory.ts';

const at = (h: number): Date => new Date(Date.UTC(2025, 10, 20, h));

/** Brief history: the behaviour every engine's BriefHistoryStore must have. */
export function briefHistoryStoreContract(name: string, open: StoresFactory): void {
  describe(`BriefHistoryStore contract: ${name}`, () => {
    let handle: StoresHandle;
    let briefs: BriefHistoryStore;
    beforeEach(async () => {
      handle = await open();
      briefs = handle.stores.briefs;
    });
    afterEach(() => handle.cleanup());

    it('returns the latest record per subject (case-insensitive) and kind, citing only its workspace’s articles', async () => {
      const article = (body: string) => ({ url: null, title: body, source: 's', publishedAt: at(1), language: 'en', body });
      const mine = (await handle.stores.articles.addArticles('w1', [article('Talks in Khartoum.'), article('Aid in Darfur.')])).map((o) => o.id);
      const [theirs] = (await handle.stores.articles.addArticles('w2', [article('Floods in Kassala.')])).map((o) => o.id);
      const base = { kind: 'brief', windowFrom: at(0), windowTo: at(6), engine: 'extractive' };
      const first = await briefs.recordBrief('w1', { ...base, subject: 'Sudan', createdAt: at(6), articleIds: [mine[0]!] });
      const second = await briefs.recordBrief('w1', { ...base, subject: 'sudan', createdAt: at(7), articleIds: [mine[1]!, mine[0]!, mine[1]!, theirs!] });
      await briefs.recordBrief('w1', { ...base, kind: 'digest', subject: 'Sudan', createdAt: at(8), articleIds: [] });
      expect(second).not.toBe(first);
      const last = await briefs.lastBrief('w1', 'SUDAN', 'brief');
      expect(last).toEqual({
        ...base,
        id: second,
        subject: 'sudan',
        createdAt: at(7),
        articleIds: [...mine].sort((a, b) => a - b),
        scope: '',
        shown: null,
      });
      expect((await briefs.lastBrief('w1', 'sudan', 'digest'))?.articleIds).toEqual([]);
      expect(await briefs.lastBrief('w2', 'sudan', 'brief')).toBeNull();
      expect(await briefs.lastBrief('w1', 'yemen', 'brief')).toBeNull();
    });

    it('keeps where each brief was shown and what it showed, and finds the last one per place', async () => {
      const [a, b] = (await handle.stores.articles.addArticles('w1', [
        { url: null, title: 'Raids', source: 'A', publishedAt: at(1), language: 'en', body: 'NATO flew 61 raids.' },
        { url: null, title: 'More raids', source: 'B', publishedAt: at(2), language: 'en', body: 'NATO flew 85 raids.' },
      ])).map((o) => o.id);
      const base = { subject: 'Libya', kind: 'brief', windowFrom: at(0), windowTo: at(6), engine: 'extractive', articleIds: [a!] };
      const shown = {
        bullets: [{ text: 'NATO flew 61 raids.', articleIds: [a!] }],
        figures: [{ what: 'strikes', value: '61', low: 61, high: 61, approximate: false, articleIds: [a!] }],
        actors: ['NATO'],
      };
      await briefs.recordBrief('w1', { ...base, createdAt: at(6), scope: 'slack:C1', shown });
      await briefs.recordBrief('w1', { ...base, createdAt: at(7), scope: 'slack:C2', articleIds: [b!] });
      await briefs.recordBrief('w1', { ...base, createdAt: at(8) });
      const inC1 = await briefs.lastBrief('w1', 'libya', 'brief', 'slack:C1');
      expect(inC1).toMatchObject({ scope: 'slack:C1', shown, articleIds: [a!], createdAt: at(6) });
      expect((await briefs.lastBrief('w1', 'libya', 'brief', 'slack:C2'))?.shown).toBeNull();
      expect((await briefs.lastBrief('w1', 'libya', 'brief', ''))?.createdAt).toEqual(at(8));
      expect((await briefs.lastBrief('w1', 'libya', 'brief'))?.createdAt).toEqual(at(8));
      expect(await briefs.lastBrief('w1', 'libya', 'brief', 'discord:9')).toBeNull();
      expect(await briefs.lastBrief('w2', 'libya', 'brief', 'slack:C1')).toBeNull();
    });
  });
}
