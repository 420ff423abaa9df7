import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dailyInstances } from '../../scripts/eval/daily-task.ts';
import { listTopics } from '../../scripts/eval/dataset.ts';
import { storyFor } from '../../scripts/eval/stories.ts';
import type { Article } from '../../src/core/article.ts';
import { writeT17Fixture } from '../helpers/t17-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-t17-'));
writeT17Fixture(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function article(id: number, day: string): Article {
  return {
    id,
    workspace: 'eval',
    url: null,
    title: `t${id}`,
    source: 'x',
    publishedAt: new Date(`${day}T00:00:00Z`),
    ingestedAt: new Date(),
    language: null,
    body: `Body ${id}.`,
    contentHash: String(id),
  };
}

describe('the evaluation data folder', () => {
  it('lists topic folders with labels, detokenised timelines in either layout, and keywords', () => {
    const topics = listTopics(dir);
    expect(topics.map((t) => [t.name, t.label])).toEqual([
      ['H1N1_test', 'H1N1'],
      ['LibyaWar_test', 'LibyaWar'],
    ]);
    const [flu, libya] = topics;
    expect(flu!.timelines).toHaveLength(2);
    expect(flu!.timelines[1]!.get('2009-04-27')).toEqual(['The WHO raises its pandemic alert level.', 'Schools close in Mexico.']);
    expect(libya!.timelines).toHaveLength(1);
    expect(libya!.keywords).toEqual(['LibyaWar']);
    expect(storyFor(libya!)).toEqual({ name: 'libya', aliases: ['gaddafi', 'gadhafi', 'qaddafi', 'benghazi'] });
    expect(storyFor({ label: 'SyriaTalks', keywords: ['SyriaTalks', 'Geneva'] })).toEqual({ name: 'syria talks', aliases: ['geneva'] });
  });

  it('refuses a missing folder and unknown topics, naming the known ones', () => {
    expect(() => listTopics(join(dir, 'nope'))).toThrow(/No such data folder/);
    expect(() => listTopics(dir, ['Atlantis_x'])).toThrow(/Unknown topic: Atlantis_x/);
    try {
      listTopics(dir, ['Atlantis_x']);
    } catch (err) {
      expect((err as { hint: string }).hint).toMatch(/H1N1_test, LibyaWar_test/);
    }
    expect(listTopics(dir, ['LibyaWar_test']).map((t) => t.name)).toEqual(['LibyaWar_test']);
  });

  it('builds one instance per reference date: articles of d and d+1, budget = reference sentences (max 5)', () => {
    const [flu, libya] = listTopics(dir);
    const articles = [article(1, '2011-03-01'), article(2, '2011-03-02'), article(3, '2011-03-03'), article(4, '2011-03-05')];
    const inst = dailyInstances(libya!, articles, storyFor(libya!));
    expect(inst.map((i) => [i.input.date, i.input.articles.map((a) => a.id), i.input.budget])).toEqual([
      ['2011-03-01', [1, 2], 1],
      ['2011-03-05', [4], 2],
      ['2011-03-09', [], 1],
    ]);
    expect(inst[1]!.references).toEqual(['NATO ministers meet in Brussels to discuss a no-fly zone. Members of the alliance are divided.']);
    // Two timelines: two references; the budget is their mean sentence count, rounded.
    const fi = dailyInstances(flu!, [], storyFor(flu!));
    expect(fi).toHaveLength(1);
    expect(fi[0]!.references).toHaveLength(2);
    expect(fi[0]!.input.budget).toBe(2);
  });
});
