import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/article.ts';
import type { Development } from '../../src/core/developments.ts';
import { writeSummary } from '../../src/briefing/write-summary.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { LLM_READING, type Reading, type Summarizer, type SummaryInput } from '../../src/summarize/summarizer.ts';

// Forty distinct sentences about one story; the figure that matters comes late, as on long wire reports.
const PLACES = ['Misrata', 'Brega', 'Zawiyah', 'Sirte', 'Ajdabiya', 'Tobruk', 'Derna', 'Gharyan', 'Zintan', 'Sabha'];
const VERBS = ['shelled', 'surrounded', 'entered', 'left', 'defended', 'attacked', 'reached', 'bombed'];
function body(): string {
  const sentences = Array.from({ length: 40 }, (_, i) =>
    i === 34
      ? 'Officials counted 1,742 refugees crossing into Tunisia at the Ras Jdir border post on Tuesday.'
      : `Rebel fighters ${VERBS[i % VERBS.length]} the town of ${PLACES[i % PLACES.length]} in clash number ${i + 1} of the week, a spokesman said.`,
  );
  return sentences.join(' ');
}

function article(id: number): Article {
  return {
    id,
    workspace: 'w',
    url: null,
    title: `Libya report ${id}`,
    source: `Outlet ${id}`,
    publishedAt: new Date('2011-03-01T10:00:00Z'),
    ingestedAt: new Date('2011-03-01T11:00:00Z'),
    contentHash: String(id).padStart(32, '0'),
    language: 'en',
    body: body().replace('1,742', String(1742 + id)),
  };
}

/** A summarizer that records the developments it is handed, reading as told. */
function capture(reading?: Reading): { summarizer: Summarizer; seen: () => readonly Development[]; input: () => SummaryInput | undefined } {
  let seen: readonly Development[] = [];
  let last: SummaryInput | undefined;
  return {
    seen: () => seen,
    input: () => last,
    summarizer: {
      name: 'capture',
      ...(reading ? { reading } : {}),
      async summarize(input) {
        seen = input.developments;
        last = input;
        return { headline: '', bullets: [], engine: 'capture', notes: [] };
      },
    },
  };
}

const request = {
  kind: 'brief' as const,
  workspace: 'w',
  subject: 'libya',
  terms: ['libya'],
  window: { from: new Date('2011-03-01T00:00:00Z'), to: new Date('2011-03-02T00:00:00Z') },
  articles: new Map([1, 2, 3].map((id) => [id, article(id)])),
  maxBullets: 5,
  minBullets: 3,
};
const mentionsRefugees = (ds: readonly Development[]): boolean => ds.some((d) => d.sentences.some((s) => /refugees crossing/.test(s.text)));

describe('how deep writeSummary reads for an engine', () => {
  it('ranks only the leads by default, and the LLM engine twice as deep', async () => {
    const lead = capture();
    await writeSummary(lead.summarizer, request);
    expect(lead.seen().length).toBeGreaterThan(0);
    expect(mentionsRefugees(lead.seen())).toBe(false);

    const deep = capture(LLM_READING);
    await writeSummary(deep.summarizer, request);
    expect(mentionsRefugees(deep.seen())).toBe(true);
    expect(deep.seen().length).toBeGreaterThan(lead.seen().length);
    // The default reading travels with it, for the engine's extractive fallback.
    expect(deep.input()?.fallback?.developments.map((d) => d.text)).toEqual(lead.seen().map((d) => d.text));
    expect(lead.input()?.fallback).toBeUndefined();
  });

  it('keeps the engine reading depth through the metrics wrapper', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const inner = capture(LLM_READING);
    const wrapped = metrics.instrumentSummarizer(inner.summarizer);
    expect(wrapped.reading).toEqual(LLM_READING);
    await writeSummary(wrapped, request);
    expect(mentionsRefugees(inner.seen())).toBe(true);
  });
});
