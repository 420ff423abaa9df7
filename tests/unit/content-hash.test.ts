import { describe, expect, it } from 'vitest';
import { contentHash } from '../../src/core/article.ts';
import { storeContentHash } from '../../src/store/content-hash.ts';
import { demoArticles } from '../../src/ingest/demo-corpus.ts';
import { loadVocabulary } from '../../scripts/bench/vocabulary.ts';
import { generateCorpus } from '../../scripts/bench/corpus.ts';
import { hasSharedData, shared } from '../helpers/shared-data.ts';

describe('the store content hash', () => {
  it('equals contentHash on ASCII and non-ASCII text alike', () => {
    const samples = [
      "Don't stop: the U.S. envoy's 3.5% plan (10,000 troops) -- it's DONE.",
      "Rock'n'roll isn't dead; 1.2.3 and 4,5,6 'quoted' words' end.",
      'Bogotá talks — “quoted” text, Київ and دمشق.',
      'Plain text — with ‘curly’ quotes, don’t and it’s – dashes, “both” kinds; 3–4 and 2.5.',
      'Odd ’ apostrophes’ and ‘ alone, x’y’z.',
      '',
      '   \n\n  ',
      ...demoArticles(new Date(0)).map((a) => a.body),
      // Real news sentences when the data is present, else the demo corpus again.
      ...[...generateCorpus(loadVocabulary(hasSharedData ? shared('timeline17') : undefined), { articles: 300, seed: 9 })].flat().map((a) => a.body),
    ];
    for (const s of samples) expect(storeContentHash(s)).toBe(contentHash(s));
  });
});
