import { describe, expect, it } from 'vitest';
import { generateCorpus, syntheticOutlets, syntheticStories } from '../../scripts/bench/corpus.ts';
import { quantile } from '../../scripts/bench/stats.ts';
import { loadVocabulary } from '../../scripts/bench/vocabulary.ts';
import { zipfSampler, seededRandom } from '../../scripts/lib/random.ts';

// Without a Timeline17 folder the generator falls back to the demo corpus's sentences; that is enough here.
const vocabulary = loadVocabulary(undefined);

describe('the synthetic benchmark corpus', () => {
  it('is deterministic for a seed and different for another', () => {
    const first = (seed: number) => generateCorpus(vocabulary, { articles: 300, seed }).next().value!;
    expect(first(7)).toEqual(first(7));
    expect(first(7)[0]!.body).not.toBe(first(8)[0]!.body);
  });

  it('spreads articles over two years and many outlets, in batches, with URL and text duplicates', () => {
    const all = [...generateCorpus(vocabulary, { articles: 5000, seed: 3, urlDuplicates: 0.05, textDuplicates: 0.05 }, 1000)];
    expect(all.length).toBeGreaterThanOrEqual(5);
    const items = all.flat();
    expect(items.length).toBeGreaterThan(5000);
    const days = new Set(items.map((a) => a.publishedAt.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(700);
    expect(new Set(items.map((a) => a.source)).size).toBeGreaterThan(50);
    const urls = items.map((a) => a.url);
    expect(new Set(urls).size).toBeLessThan(urls.length);
    expect(items.some((a) => a.url?.includes('-syndicated-'))).toBe(true);
  });

  it('names stories with invented words in Zipf proportions', () => {
    const stories = syntheticStories(300, 42, vocabulary);
    expect(new Set(stories.map((s) => s.keyword)).size).toBe(300);
    expect(stories[0]!.share / stories[9]!.share).toBeCloseTo(10);
    const items = [...generateCorpus(vocabulary, { articles: 4000, seed: 42, storyList: stories })].flat();
    const mentions = (k: string) => items.filter((a) => a.body.includes(k)).length;
    expect(mentions(stories[0]!.keyword)).toBeGreaterThan(mentions(stories[50]!.keyword) * 5);
    expect(syntheticOutlets(150).map((o) => o.name).length).toBe(new Set(syntheticOutlets(150).map((o) => o.name)).size);
  });

  it('samples Zipf ranks and computes quantiles', () => {
    const z = zipfSampler(100);
    const rand = seededRandom(1);
    const counts = new Array<number>(100).fill(0);
    for (let i = 0; i < 20000; i++) counts[z.sample(rand)]!++;
    expect(counts[0]! / 20000).toBeCloseTo(z.probability(0), 1);
    expect(counts[0]!).toBeGreaterThan(counts[9]! * 5);
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 0.95)).toBe(19);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });
});
