import { describe, expect, it } from 'vitest';
import { ngrams, rougeN, rougeNMulti, rougeTokens } from '../../scripts/eval/rouge.ts';

describe('ROUGE', () => {
  it('tokenises lower-cased, Porter-stemmed runs of letters and digits', () => {
    expect(rougeTokens("Protesters were ARRESTED in Cairo's streets, 3.5 km away.")).toEqual([
      'protest', 'were', 'arrest', 'in', 'cairo', 's', 'street', '3', '5', 'km', 'awai',
    ]);
    expect(rougeTokens('Bogotá')).toEqual(['bogota']);
    expect(rougeTokens('  ')).toEqual([]);
  });

  it('counts n-grams as a multiset', () => {
    expect([...ngrams(['a', 'b', 'a', 'b'], 2)]).toEqual([
      ['a b', 2],
      ['b a', 1],
    ]);
    expect(ngrams(['a'], 2).size).toBe(0);
  });

  it('computes precision, recall and F1 with clipped overlap', () => {
    // summary bigrams: "the cat", "cat sat", "sat on", "on the", "the mat" (5); reference: "the cat", "cat sat",
    // "sat down" (3); overlap 2.
    const r = rougeN('The cat sat on the mat.', 'the cat sat down', 2);
    expect(r.precision).toBeCloseTo(2 / 5);
    expect(r.recall).toBeCloseTo(2 / 3);
    expect(r.f1).toBeCloseTo((2 * (2 / 5) * (2 / 3)) / (2 / 5 + 2 / 3));
    // A repeated word in the summary matches only as often as it occurs in the reference.
    const clipped = rougeN('police police police', 'police fired', 1);
    expect(clipped.precision).toBeCloseTo(1 / 3);
    expect(clipped.recall).toBeCloseTo(1 / 2);
  });

  it('matches stemmed forms and scores identical texts 1', () => {
    expect(rougeN('Troops withdrew from the cities', 'troop withdrawing from cities', 1).recall).toBeCloseTo(3 / 4);
    expect(rougeN('Same words here.', 'same words here', 2).f1).toBe(1);
  });

  it('averages over references and scores empty input 0', () => {
    const multi = rougeNMulti('a b c', ['a b c', 'x y z'], 1);
    expect(multi.f1).toBeCloseTo(0.5);
    expect(rougeNMulti('', ['a b'], 1).f1).toBe(0);
    expect(rougeNMulti('a b', [], 1).f1).toBe(0);
  });
});
