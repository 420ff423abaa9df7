import { describe, expect, it } from 'vitest';
import { rankDevelopments, type Development, type SourceArticle } from '../../src/core/developments.ts';
import { capPerEvent, dropRepeats, groupEvents, spreadOverEvents } from '../../src/core/event-groups.ts';
import { createExtractiveSummarizer } from '../../src/summarize/extractive-summarizer.ts';
import type { Article } from '../../src/core/article.ts';

function src(id: number, title: string, body: string, source = `Outlet ${id}`): SourceArticle {
  return { id, title, source, publishedAt: new Date(`2025-11-23T${String(8 + id).padStart(2, '0')}:00:00Z`), body };
}

const articles = [
  src(1, 'Airstrike on Idlib market kills 12', 'An airstrike on a crowded market in Idlib killed 12 people on Sunday, rescuers said. Hospitals in Idlib appealed for blood donations after the strike.'),
  src(2, 'Idlib market strike leaves 12 dead', 'Rescuers said 12 people died when an airstrike hit a busy market in Idlib on Sunday. The UN envoy condemned the market strike.'),
  src(3, 'Deadly strike on Idlib market condemned', 'The UN envoy condemned Sunday\'s strike on an Idlib market and asked for an investigation. Local officials declared three days of mourning in Idlib.'),
  src(4, 'Power returns to Aleppo districts', 'Electricity returned to several districts of Aleppo after engineers restarted a damaged power plant. The plant supplies about 200 megawatts.'),
  src(5, 'Negotiators meet in Damascus', 'Kurdish and government negotiators met in Damascus to discuss merging the eastern forces. Both sides called the talks constructive.'),
];

describe('event groups', () => {
  const ranked = rankDevelopments(articles, { queryTerms: ['syria'] });
  const byId = new Map(articles.map((a) => [a.id, a]));
  const events = groupEvents(ranked, byId, { ignoreTerms: ['syria'] });
  const eventOfArticle = (id: number): number => events[ranked.findIndex((d) => d.articleIds.includes(id))]!;

  it('puts coverage of one event together and keeps different events apart', () => {
    expect(eventOfArticle(1)).toBe(eventOfArticle(2));
    expect(eventOfArticle(2)).toBe(eventOfArticle(3));
    expect(new Set([eventOfArticle(1), eventOfArticle(4), eventOfArticle(5)]).size).toBe(3);
    // Numbered in order of each event's best development.
    expect(events[0]).toBe(0);
  });

  it('caps the developments of each event', () => {
    const capped = capPerEvent(ranked, events, 2);
    const strike = capped.filter((d) => d.articleIds.some((id) => id <= 3));
    expect(strike.length).toBe(2);
    expect(capped.some((d) => d.articleIds.includes(4))).toBe(true);
    expect(capped.some((d) => d.articleIds.includes(5))).toBe(true);
    expect(capPerEvent(['a', 'b', 'c'], [0, 0, 0], 1)).toEqual(['a']);
  });

  it('spreads a brief over events without losing material, and the extractive engine falls back only to reach its minimum', async () => {
    const spread = spreadOverEvents(ranked, byId, { perEvent: 1, ignoreTerms: ['syria'] });
    expect(spread.developments).toHaveLength(ranked.length);
    expect(new Set(spread.developments)).toEqual(new Set(ranked));
    const first = spread.developments.slice(0, spread.preferred);
    expect(new Set(first.map((d) => spread.eventOfArticle.get(d.articleIds[0]!))).size).toBe(first.length);
    expect(spread.eventOfArticle.get(1)).toBe(spread.eventOfArticle.get(3));

    const full = new Map(articles.map((a) => [a.id, { ...a, url: null, language: null, workspace: 'w', ingestedAt: a.publishedAt, contentHash: '' } as Article]));
    const input = {
      kind: 'brief' as const,
      workspace: 'w',
      subject: 'syria',
      window: { from: new Date('2025-11-23T00:00:00Z'), to: new Date('2025-11-24T00:00:00Z') },
      developments: spread.developments,
      preferred: spread.preferred,
      articles: full,
    };
    const summarizer = createExtractiveSummarizer();
    const few = await summarizer.summarize({ ...input, maxBullets: 7, minBullets: 1 });
    expect(few.bullets.length).toBeLessThanOrEqual(spread.preferred);
    const many = await summarizer.summarize({ ...input, maxBullets: 7, minBullets: spread.preferred + 1 });
    expect(many.bullets.length).toBeGreaterThan(spread.preferred);
  });

  it('drops developments that restate an earlier bullet', () => {
    const d = (text: string): Development => ({ text, articleIds: [1], outlets: 1, score: 1, firstReportedAt: new Date(0), sentences: [] });
    const kept = dropRepeats(
      [d('An airstrike on a crowded market in Idlib killed 12 people on Sunday, rescuers said.'), d('Thousands attended funerals in Idlib on Monday.')],
      ['An airstrike on a crowded market in Idlib killed 12 people on Sunday, rescuers said.'],
    );
    expect(kept.map((x) => x.text)).toEqual(['Thousands attended funerals in Idlib on Monday.']);
    expect(dropRepeats([d('Anything at all happened here today.')], [])).toHaveLength(1);
  });
});
