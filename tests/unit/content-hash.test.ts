import { describe, expect, it } from 'vitest';
import { contentHash } from '../../src/core/article.ts';
import { storeContentHash } from '../../src/store/content-hash.ts';
import { demoArticles } from '../../src/ingest/files/demo-corpus.ts';
import { loadVocabulary } from '../../scripts/bench/vocabulary.ts';
import { generateCorpus } from '../../scripts/bench/corpus.ts';
import { seededRandom } from '../../scripts/lib/random.ts';
import { hasSharedData, shared } from '../helpers/shared-data.ts';

// Text the fast path handles itself (ASCII, dashes, curly quotes); anything else goes to contentHash.
// eslint-disable-next-line no-control-regex
const PLAIN = /^[\u0000-\u007f\u2013\u2014\u2018\u2019\u201c\u201d]*$/;

// Pieces chosen to meet often: letters of both cases next to digits, digits next to . and , (numbers such as
// "3.5", "1.2.3", "4,5,6" and their near misses), straight and curly apostrophes between and after letters, the
// other quotes and dashes, whitespace. The pairs make runs like "1.2,0.5" and "a'B’a" common.
const PLAIN_PIECES = [...'aAbxZq019..,,\'\'’’‘“”–—- \n', '1.', '2,', '0.', "a'", 'B’'];
// The same plus letters outside ASCII, so the slow path and mixed text are generated too.
const MIXED_PIECES = [...PLAIN_PIECES, 'é', 'Ж', 'É'];

/** Deterministic random strings of 0..39 pieces. */
function randomStrings(count: number, pieces: string[], seed: number): string[] {
  const rand = seededRandom(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let s = '';
    const length = Math.floor(rand() * 40);
    for (let i = 0; i < length; i++) s += pieces[Math.floor(rand() * pieces.length)];
    out.push(s);
  }
  return out;
}

describe('the store content hash', () => {
  it('equals contentHash on ASCII and non-ASCII text alike', () => {
    const samples = [
      "Don't stop: the U.S. envoy's 3.5% plan (10,000 troops) -- it's DONE.",
      "Rock'n'roll isn't dead; 1.2.3 and 4,5,6 'quoted' words' end.",
      'Bogotá talks — “quoted” text, Київ and دمشق.',
      'Plain text — with ‘curly’ quotes, don’t and it’s – dashes, “both” kinds; 3–4 and 2.5.',
      'Odd ’ apostrophes’ and ‘ alone, x’y’z.',
      'A1b2C3, 3.a a.3 1.2. .5 ,5 5, 1..2 1,.2 a\'\'b a’1 1’a \'\' ’’ ’tis ma’am O’NEILL',
      '',
      '   \n\n  ',
      'x',
      '7',
      ...demoArticles(new Date(0)).map((a) => a.body),
      // Real news sentences when the data is present, else the demo corpus again.
      ...[...generateCorpus(loadVocabulary(hasSharedData ? shared('timeline17') : undefined), { articles: 300, seed: 9 })].flat().map((a) => a.body),
    ];
    for (const s of samples) expect(storeContentHash(s)).toBe(contentHash(s));
  });

  it('equals contentHash on very long bodies, plain or not to the very end', () => {
    const long = "The envoy's 10,000-strong force — “it’s done”, said O'Neill, 3.5 km away. ".repeat(600);
    expect(long.length).toBeGreaterThan(40_000);
    // Text whose normalised form takes more bytes than the text has characters (spaces between "a" and "1", three
    // bytes for each ’), short enough for the reused buffer and too long for it.
    const dense = ['a1'.repeat(8000), 'x’y1'.repeat(4000), 'a1'.repeat(30_000), 'x’y1'.repeat(15_000)];
    for (const s of [long, `${long}é`, `${long.slice(0, 20_000)}Ж${long.slice(20_000)}`, long.toUpperCase(), ...dense]) {
      expect(storeContentHash(s)).toBe(contentHash(s));
    }
  });

  it('equals contentHash on thousands of generated strings full of edge cases', () => {
    const strings = [...randomStrings(6000, PLAIN_PIECES, 17), ...randomStrings(6000, MIXED_PIECES, 23)];
    const plain = strings.filter((s) => PLAIN.test(s));
    // The generator must reach the fast path often, and with the cases that matter in it.
    expect(plain.length).toBeGreaterThan(7000);
    for (const edge of [/\d[.,]\d[.,]\d/, /\d[.,][a-z]/i, /[a-z]\d/i, /[a-z]['’][a-z]['’][a-z]/i, /[a-z]['’](?![a-z])/i, /^\W/, /\W$/]) {
      expect(plain.filter((s) => edge.test(s)).length, String(edge)).toBeGreaterThan(100);
    }
    const wrong = strings.filter((s) => storeContentHash(s) !== contentHash(s));
    expect(wrong.map((s) => JSON.stringify(s)).slice(0, 5)).toEqual([]);
  });
});
