import { describe, expect, it } from 'vitest';
import { rankDevelopments, selectDevelopments, type SourceArticle } from '../../src/core/developments.ts';
import { groupSentences } from '../../src/core/grouping.ts';
import { createTermizer } from '../../src/core/termizer.ts';
import { terms } from '../../src/core/text.ts';
import { demoArticles } from '../../src/ingest/files/demo-corpus.ts';
import { norm, vectorOf } from '../../src/core/vector.ts';

const at = (iso: string): Date => new Date(iso);
function art(id: number, source: string, publishedAt: string, body: string): SourceArticle {
  return { id, title: body.split('.')[0]!, source, publishedAt: at(publishedAt), body };
}

describe('the termizer', () => {
  it('returns exactly what terms() returns, on real prose in several scripts', () => {
    const termize = createTermizer();
    const texts = [
      ...demoArticles(new Date('2025-01-01T00:00:00Z')).map((a) => `${a.title}\n${a.body}`),
      "Don't panic: the U.S. envoy's 3.5% plan — Bogotá, دمشق, Київ — it's done.",
    ];
    for (const t of texts) expect(termize(t)).toEqual(terms(t));
    // Second pass goes through the cache.
    for (const t of texts) expect(termize(t)).toEqual(terms(t));
  });
});

describe('rankDevelopments', () => {
  it('prefers a development that names a day inside the window over an undated one of equal weight', () => {
    const articles = [
      art(1, 'A', '2011-02-16T10:00:00Z', 'Security forces fired on protesters in the port city on Wednesday, witnesses said.'),
      art(2, 'B', '2011-02-16T11:00:00Z', 'Security forces have often fired on protesters in the port city, witnesses said.'),
    ];
    const window = { windowStart: at('2011-02-16T00:00:00Z'), windowEnd: at('2011-02-18T00:00:00Z'), groupThreshold: 0.99 };
    const ranked = rankDevelopments(articles, window);
    expect(ranked[0]!.text).toMatch(/on Wednesday/);
    // Without the date signal the other sentence (a little newer) comes first.
    const flat = rankDevelopments(articles, { ...window, weights: { dated: 0 } });
    expect(flat[0]!.text).toMatch(/have often/);
  });

  it('counts further articles of the same outlet as weaker corroboration than new outlets', () => {
    const same = 'The ceasefire took effect at midnight along the whole front line, officials said.';
    const other = 'Aid convoys reached three besieged towns in the north for the first time in months.';
    const oneOutlet = [1, 2, 3].map((i) => art(i, 'Wire', '2025-01-01T10:00:00Z', same));
    const threeOutlets = [4, 5, 6].map((i) => art(i, `Outlet ${i}`, '2025-01-01T10:00:00Z', other));
    const ranked = rankDevelopments([...oneOutlet, ...threeOutlets]);
    expect(ranked[0]!.text).toBe(other);
    expect(ranked[0]!.outlets).toBe(3);
    expect(ranked[1]!.articleIds).toHaveLength(3);
    expect(ranked[1]!.outlets).toBe(1);
  });

  it('reads fewer sentences per article when there are many articles, but never fewer than six', () => {
    const body = Array.from({ length: 30 }, (_, i) => `Officials reported development number ${i + 1} in the long running story today.`).join(' ');
    const many = Array.from({ length: 400 }, (_, i) => art(i + 1, `S${i}`, '2025-01-01T10:00:00Z', body));
    const sentences = rankDevelopments(many).flatMap((d) => d.sentences);
    const perArticle = sentences.filter((s) => s.articleId === 1).length;
    expect(perArticle).toBe(6);
    const few = rankDevelopments(many.slice(0, 2)).flatMap((d) => d.sentences).filter((s) => s.articleId === 1);
    expect(few.length).toBe(25);
  });

  it('selects without redundancy', () => {
    const a = art(1, 'A', '2025-01-01T10:00:00Z', 'Rebels captured the airport on Monday after heavy fighting. Rebels captured the airport on Monday after fighting.');
    const picked = selectDevelopments(rankDevelopments([a]), { max: 5, min: 2 });
    expect(picked).toHaveLength(1);
  });
});

describe('groupSentences', () => {
  const mk = (articleId: number, text: string, salience: number) => {
    const v = vectorOf(terms(text), () => 1);
    return { articleId, v, n: norm(v), salience, text };
  };

  it('groups similar sentences of different articles and keeps two of one article apart', () => {
    const groups = groupSentences(
      [
        mk(1, 'Rebels seized the airport in Tripoli on Monday', 3),
        mk(2, 'Rebels seized Tripoli airport Monday', 2),
        mk(2, 'Rebels seized the airport in Tripoli', 1),
        mk(3, 'Oil prices rose sharply in London trading', 0.5),
      ],
      0.5,
    );
    expect(groups.map((g) => g.members.map((m) => m.articleId))).toEqual([[1, 2], [2], [3]]);
  });
});
