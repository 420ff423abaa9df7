import { describe, expect, it } from 'vitest';
import type { Development } from '../../src/core/developments.ts';
import { dateDevelopments, dayMentions, developmentDay, pickTimeline } from '../../src/core/timeline.ts';
import { createExtractiveSummarizer } from '../../src/summarize/extractive-summarizer.ts';

const DAY = 86_400_000;
const at = (iso: string): Date => new Date(`${iso}T12:00:00Z`);

function dev(text: string, articleIds: number[], first: string, score = 1): Development {
  return {
    text,
    articleIds,
    outlets: 1,
    score,
    firstReportedAt: at(first),
    sentences: articleIds.map((articleId, position) => ({ articleId, position, text })),
  };
}

describe('timelines you can trust', () => {
  // 2012-07-13 is a Friday.
  const published = new Map<number, Date>([
    [1, at('2012-07-13')],
    [2, at('2012-07-14')],
    [3, at('2012-09-20')],
    [4, at('2012-07-13')],
  ]);
  const pub = (id: number): Date | undefined => published.get(id);

  it('dates a development by the day its sentence names, resolved against its article, else by its first report', () => {
    expect(new Date(developmentDay(dev('Troops shelled the town on Tuesday, residents said.', [1], '2012-07-13'), pub)).toISOString()).toBe(
      '2012-07-10T00:00:00.000Z',
    );
    expect(new Date(developmentDay(dev('The council met on 12 July and voted for sanctions.', [1], '2012-07-13'), pub)).toISOString()).toBe(
      '2012-07-12T00:00:00.000Z',
    );
    expect(new Date(developmentDay(dev('The council voted for sanctions, diplomats said.', [1], '2012-07-13'), pub)).toISOString()).toBe(
      '2012-07-13T00:00:00.000Z',
    );
  });

  it('never keeps reports months apart on one line', () => {
    const [d] = dateDevelopments([dev('The army shelled the town on Friday, residents said.', [1, 2, 3], '2012-07-13')], pub);
    expect(d!.development.articleIds).toEqual([1, 2]);
    expect(d!.development.sentences.map((s) => s.articleId)).toEqual([1, 2]);
  });

  it('keeps one line per development across consecutive days, and counts the days it had to leave out', () => {
    const lines = dateDevelopments(
      [
        dev('Forty people were killed in the massacre in the village, monitors said.', [1], '2012-07-13', 3),
        dev('Forty people were killed in the village massacre, the monitors said.', [2], '2012-07-14', 2),
        dev('The envoy arrived in the capital for talks with the government.', [4], '2012-07-13', 1),
      ],
      pub,
    );
    const pick = pickTimeline(lines, 5);
    expect(pick.lines.map((l) => l.development.articleIds[0])).toEqual([1, 4]);
    const many = Array.from({ length: 30 }, (_, i) =>
      dateDevelopments([dev(`Development number ${i} happened in region ${i} with unit ${i}.`, [1], '2012-07-13')], () => new Date(at('2012-07-13').getTime() + i * DAY))[0]!,
    ).map((x, i) => ({ ...x, day: Math.floor(at('2012-07-13').getTime() / DAY) * DAY + i * DAY }));
    const cut = pickTimeline(many, 20);
    expect(cut.lines).toHaveLength(20);
    expect(cut.daysAvailable).toBe(30);
  });

  it('counts the articles naming or published on each day, once per article, named days at most ten days back', () => {
    const day = (iso: string) => Math.floor(at(iso).getTime() / DAY) * DAY;
    // 2012-07-13 is a Friday: "Tuesday" is 10 July.
    const counts = dayMentions([
      { publishedAt: at('2012-07-13'), body: 'Troops shelled the town on Tuesday. On Tuesday night the shelling went on.' },
      { publishedAt: at('2012-07-13'), body: 'The council met on 12 July; the massacre on Tuesday was discussed.' },
      { publishedAt: at('2012-07-14'), body: 'Monitors visited the village. The vote of 1 June was recalled.' },
    ]);
    expect(counts.get(day('2012-07-10'))).toBe(2);
    expect(counts.get(day('2012-07-12'))).toBe(1);
    expect(counts.get(day('2012-07-13'))).toBe(2);
    expect(counts.get(day('2012-07-14'))).toBe(1);
    // Background more than ten days back does not count.
    expect(counts.has(day('2012-06-01'))).toBe(false);
  });

  it('keeps the days most reported on when it must leave days out, the best development breaking ties', () => {
    const day = (iso: string) => Math.floor(at(iso).getTime() / DAY) * DAY;
    const line = (text: string, ids: number[], iso: string, score: number) => ({ development: dev(text, ids, iso, score), day: day(iso) });
    const pick = pickTimeline(
      [
        // One striking report on a quiet day…
        line('A lone official resigned from the provincial council in protest.', [1], '2012-07-01', 9),
        // …against days that many articles reported on.
        line('Shelling killed dozens in the city as the army advanced.', [2, 3, 4, 5], '2012-07-02', 2),
        line('The envoy met the rebels and the government in Geneva.', [6, 7], '2012-07-03', 1),
        line('Aid convoys reached the besieged district after a truce.', [8, 9], '2012-07-04', 3),
      ],
      2,
    );
    expect(pick.lines.map((l) => new Date(l.day).toISOString().slice(0, 10))).toEqual(['2012-07-02', '2012-07-04']);
    expect(pick.daysAvailable).toBe(4);
    // With the articles' own mentions, the days most named or published on come first.
    const named = new Map([
      [day('2012-07-01'), 12],
      [day('2012-07-03'), 7],
      [day('2012-07-02'), 5],
    ]);
    const byMentions = pickTimeline(
      [
        line('A lone official resigned from the provincial council in protest.', [1], '2012-07-01', 9),
        line('Shelling killed dozens in the city as the army advanced.', [2, 3, 4, 5], '2012-07-02', 2),
        line('The envoy met the rebels and the government in Geneva.', [6, 7], '2012-07-03', 1),
        line('Aid convoys reached the besieged district after a truce.', [8, 9], '2012-07-04', 3),
      ],
      2,
      named,
    );
    expect(byMentions.lines.map((l) => new Date(l.day).toISOString().slice(0, 10))).toEqual(['2012-07-01', '2012-07-03']);
  });

  it('says so when the extractive timeline had to leave days out', async () => {
    const articles = new Map(
      Array.from({ length: 25 }, (_, i) => {
        const d = new Date(Date.UTC(2012, 6, 1 + i, 12));
        return [i + 1, { id: i + 1, title: `t${i}`, source: 'x', publishedAt: d, body: '', url: null, language: null, workspace: 'w', addedAt: d }] as const;
      }),
    );
    const developments = [...articles.values()].map((a, i) => dev(`Event ${i} struck district ${i} of province ${i} overnight.`, [a.id], a.publishedAt.toISOString().slice(0, 10), 1 + i / 100));
    const out = await createExtractiveSummarizer().summarize({
      kind: 'timeline',
      workspace: 'w',
      subject: 's',
      window: { from: new Date(Date.UTC(2012, 6, 1)), to: new Date(Date.UTC(2012, 7, 1)) },
      developments,
      articles: articles as never,
      maxBullets: 20,
      minBullets: 1,
    });
    expect(out.bullets).toHaveLength(20);
    expect(out.notes).toEqual([expect.stringMatching(/^Showing 20 of 25 days with developments/)]);
  });
});
