import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { minhashSignature, NEAR_DUPLICATE_JACCARD } from '../../src/core/near-duplicate.ts';
import type { StoresFactory, StoresHandle } from './stores-factory.ts';

const T0 = new Date('2025-11-20T12:00:00Z');
const WIRE =
  'Syria and Jordan reopened the Nasib border crossing to commercial trucks on Tuesday after a two-month closure, ' +
  'officials on both sides said, and the first convoy of forty trucks crossed shortly after dawn.';
const REWRITE = `${WIRE} Inspections will be tightened.`;
const OTHER =
  'Electricity returned to several districts of Aleppo on Monday after engineers restarted a power plant damaged ' +
  'during the war, state media reported, supplying about two hundred megawatts.';

/** Near-duplicate signatures and links: the behaviour every engine's NearDuplicateStore must have. */
export function nearDuplicateStoreContract(name: string, open: StoresFactory): void {
  describe(`NearDuplicateStore contract: ${name}`, () => {
    let handle: StoresHandle;
    beforeEach(async () => {
      handle = await open();
    });
    afterEach(() => handle.cleanup());

    async function stored(workspace: string, bodies: string[]): Promise<number[]> {
      const out = await handle.stores.articles.addArticles(
        workspace,
        bodies.map((body, i) => ({ url: null, title: `T${i}`, source: `s${i}`, publishedAt: T0, language: 'en', body })),
      );
      return out.map((o) => o.id);
    }

    it('links a later article to an earlier near-identical one in the same workspace only', async () => {
      const [wire, other] = await stored('w1', [WIRE, OTHER]);
      const [rewrite] = await stored('w1', [REWRITE]);
      const [elsewhere] = await stored('w2', [WIRE]);
      const nd = handle.stores.nearDuplicates;
      const sig = (t: string): Uint32Array => minhashSignature(t)!;
      expect(await nd.linkNearDuplicates('w1', [{ articleId: wire!, signature: sig(WIRE) }, { articleId: other!, signature: sig(OTHER) }], NEAR_DUPLICATE_JACCARD, T0)).toEqual([]);
      expect(await nd.linkNearDuplicates('w2', [{ articleId: elsewhere!, signature: sig(WIRE) }], NEAR_DUPLICATE_JACCARD, T0)).toEqual([]);
      const links = await nd.linkNearDuplicates('w1', [{ articleId: rewrite!, signature: sig(REWRITE) }], NEAR_DUPLICATE_JACCARD, T0);
      expect(links).toHaveLength(1);
      expect(links[0]).toMatchObject({ articleId: rewrite, duplicateOf: wire });
      expect(links[0]!.similarity).toBeGreaterThanOrEqual(NEAR_DUPLICATE_JACCARD);
      expect(await nd.nearDuplicatesOf('w1', wire!)).toEqual([{ articleId: rewrite, similarity: links[0]!.similarity }]);
      expect(await nd.nearDuplicatesOf('w1', rewrite!)).toEqual([{ articleId: wire, similarity: links[0]!.similarity }]);
      expect(await nd.nearDuplicatesOf('w1', other!)).toEqual([]);
      expect(await nd.nearDuplicatesOf('w2', wire!)).toEqual([]);
      expect(await nd.linkNearDuplicates('w1', [], NEAR_DUPLICATE_JACCARD, T0)).toEqual([]);
    });

    it('within one batch, links each article to the earlier ones only, once per pair', async () => {
      const [wire, other, rewrite, again] = await stored('w1', [WIRE, OTHER, REWRITE, `${WIRE} Officials confirmed it.`]);
      const nd = handle.stores.nearDuplicates;
      const sig = (t: string): Uint32Array => minhashSignature(t)!;
      const batch = [
        { articleId: wire!, signature: sig(WIRE) },
        { articleId: other!, signature: sig(OTHER) },
        { articleId: rewrite!, signature: sig(REWRITE) },
        { articleId: again!, signature: sig(`${WIRE} Officials confirmed it.`) },
      ];
      const links = await nd.linkNearDuplicates('w1', batch, NEAR_DUPLICATE_JACCARD, T0);
      expect(links.map((l) => [l.articleId, l.duplicateOf])).toEqual([
        [rewrite, wire],
        [again, wire],
        [again, rewrite],
      ]);
      expect((await nd.nearDuplicatesOf('w1', wire!)).map((l) => l.articleId)).toEqual([rewrite, again]);
      // The same batch again (a re-poll of edited items) finds the same pairs, stored once each.
      const relinked = await nd.linkNearDuplicates('w1', batch, NEAR_DUPLICATE_JACCARD, T0);
      expect(new Set(relinked.map((l) => `${l.articleId}>${l.duplicateOf}`))).toEqual(new Set([`${rewrite}>${wire}`, `${again}>${wire}`, `${again}>${rewrite}`]));
      expect((await nd.nearDuplicatesOf('w1', again!)).map((l) => l.articleId)).toEqual([wire, rewrite]);
    });
  });
}
