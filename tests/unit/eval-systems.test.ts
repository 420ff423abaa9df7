import { describe, expect, it } from 'vitest';
import {
  createLeadSystem,
  createOracleSystem,
  createRandomSystem,
  createTextRankSystem,
  sentencePool,
  type DailyInput,
} from '../../scripts/eval/systems.ts';
import { textRank } from '../../scripts/eval/textrank.ts';
import type { SourceArticle } from '../../src/core/developments.ts';

const a = (id: number, body: string): SourceArticle => ({ id, title: '', source: 's', publishedAt: new Date('2011-03-01T00:00:00Z'), body });
const articles = [
  a(1, 'Rebels seized the oil town of Brega on Tuesday. Oil prices rose in London trading today. Ok.'),
  a(2, 'Rebels held the town of Brega after heavy fighting. The United Nations counted refugees at the border.'),
  a(3, 'Rebels seized Brega and its oil terminal on Tuesday. Traders watched the fighting closely.'),
];
const input = (budget: number, date = '2011-03-01'): DailyInput => ({ topic: 'T', date, articles, budget, story: { name: 'libya', aliases: [] } });

describe('baseline systems', () => {
  it('pools every sentence of four words or more, in article order', () => {
    const pool = sentencePool(articles);
    expect(pool).toHaveLength(6);
    expect(pool.map((s) => `${s.articleId}:${s.position}`)).toEqual(['1:0', '1:1', '2:0', '2:1', '3:0', '3:1']);
  });

  it('lead takes first sentences of the articles in order, then second ones', async () => {
    expect(await createLeadSystem().summarize(input(2))).toEqual([
      'Rebels seized the oil town of Brega on Tuesday.',
      'Rebels held the town of Brega after heavy fighting.',
    ]);
    expect(await createLeadSystem().summarize(input(4))).toHaveLength(4);
  });

  it('random is reproducible for a seed and instance, and differs across seeds or dates', async () => {
    const r1 = await createRandomSystem(1).summarize(input(3));
    expect(await createRandomSystem(1).summarize(input(3))).toEqual(r1);
    expect(new Set(r1).size).toBe(3);
    const others = [
      await createRandomSystem(2).summarize(input(3)),
      await createRandomSystem(1).summarize(input(3, '2011-03-02')),
      await createRandomSystem(3).summarize(input(3)),
    ];
    expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(r1))).toBe(true);
  });

  it('textrank scores the sentence most similar to the others highest', async () => {
    const scores = textRank(['rebels seized brega oil town', 'rebels held brega town', 'rebels seized brega oil', 'weather was mild']);
    expect(scores.reduce((x, y) => x + y, 0)).toBeCloseTo(1);
    expect(scores.indexOf(Math.max(...scores))).not.toBe(3);
    expect(scores[3]).toBe(Math.min(...scores));
    const top = await createTextRankSystem().summarize(input(1));
    expect(top[0]).toMatch(/Brega/);
  });

  it('oracle picks what matches the reference and stops when nothing more helps', async () => {
    const oracle = createOracleSystem(() => ['Rebels seized Brega and its oil terminal on Tuesday.']);
    expect(await oracle.summarize(input(3))).toEqual(['Rebels seized Brega and its oil terminal on Tuesday.']);
  });
});
