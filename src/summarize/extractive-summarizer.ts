import { selectDevelopments, type Development } from '../core/developments.ts';
import { dayOf } from '../core/window.ts';
import type { Summarizer, SummaryBullet, SummaryInput, SummaryOutput } from './summarizer.ts';

function toBullet(d: Development, date?: string): SummaryBullet {
  const b: SummaryBullet = { text: d.text, articleIds: d.articleIds, outlets: d.outlets };
  if (date) b.date = date;
  return b;
}

/** The headline: the title of the article that the chosen bullets lean on most. */
function headlineOf(input: SummaryInput, chosen: readonly Development[]): string {
  const weight = new Map<number, number>();
  chosen.forEach((d, rank) => {
    for (const id of d.articleIds) weight.set(id, (weight.get(id) ?? 0) + 1 / (1 + rank));
  });
  let best: number | undefined;
  for (const [id, w] of weight) if (best === undefined || w > weight.get(best)!) best = id;
  const title = best === undefined ? undefined : input.articles.get(best)?.title;
  return title && title.trim() ? title.trim() : (chosen[0]?.text ?? input.subject);
}

/**
 * The built-in engine: chooses the best-ranked developments without redundancy and quotes their representative
 * sentences. Needs no network and never fails, which is why it is also the fallback for the LLM engine.
 */
export function createExtractiveSummarizer(): Summarizer {
  return {
    name: 'extractive',
    async summarize(input: SummaryInput): Promise<SummaryOutput> {
      if (input.kind === 'timeline') return timeline(input);
      const options = { max: input.maxBullets, min: input.minBullets, relativeFloor: input.kind === 'answer' ? 0.6 : 0.4 };
      const pool = input.preferred === undefined ? input.developments : input.developments.slice(0, input.preferred);
      let chosen = selectDevelopments(pool, options);
      // Too little spread material: take from everything rather than write fewer bullets than asked.
      if (chosen.length < input.minBullets && pool.length < input.developments.length) {
        chosen = selectDevelopments(input.developments, options);
      }
      return { headline: headlineOf(input, chosen), bullets: chosen.map((d) => toBullet(d)), engine: 'extractive', notes: [] };
    },
  };
}

// One bullet per day (the day's best development, and a second one on busy days), oldest first.
function timeline(input: SummaryInput): SummaryOutput {
  const byDay = new Map<string, Development[]>();
  for (const d of input.developments) {
    const day = dayOf(d.firstReportedAt);
    const list = byDay.get(day) ?? [];
    list.push(d);
    byDay.set(day, list);
  }
  const days = [...byDay.entries()].map(([day, devs]) => ({ day, devs, best: devs[0]!.score }));
  // Keep the strongest days when there are more than fit, then show them in date order.
  const kept = days.sort((a, b) => b.best - a.best).slice(0, input.maxBullets);
  const perDay = kept.length <= input.maxBullets / 2 ? 2 : 1;
  const bullets: SummaryBullet[] = [];
  for (const { day, devs } of kept.sort((a, b) => a.day.localeCompare(b.day))) {
    for (const d of selectDevelopments(devs, { max: perDay, relativeFloor: 0.7 })) bullets.push(toBullet(d, day));
  }
  const headline = `${input.subject}: ${kept.length} day${kept.length === 1 ? '' : 's'} of developments`;
  return { headline, bullets, engine: 'extractive', notes: [] };
}
