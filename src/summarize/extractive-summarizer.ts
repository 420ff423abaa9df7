import { selectDevelopments, type Development } from '../core/developments.ts';
import { briefHeadline, repeatedTitles } from '../core/headline.ts';
import { dateDevelopments, dayMentions, pickTimeline } from '../core/timeline.ts';
import { dayOf } from '../core/window.ts';
import type { Summarizer, SummaryBullet, SummaryInput, SummaryOutput } from './summarizer.ts';
import { cannotTranslateNote } from './translation.ts';

// Articles whose headline may head a brief, the most cited first.
const HEADLINE_CANDIDATES = 8;

function toBullet(d: Development, date?: string): SummaryBullet {
  const b: SummaryBullet = { text: d.text, articleIds: d.articleIds, outlets: d.outlets };
  if (date) b.date = date;
  return b;
}

/**
 * The headline: the headline of the article that the chosen bullets lean on most, skipping articles whose stored
 * title is not their headline (a promo, a byline, a dateline); else the first bullet.
 */
function headlineOf(input: SummaryInput, chosen: readonly Development[]): string {
  const weight = new Map<number, number>();
  chosen.forEach((d, rank) => {
    for (const id of d.articleIds) weight.set(id, (weight.get(id) ?? 0) + 1 / (1 + rank));
  });
  // Heaviest first; ties keep the order in which the bullets cite them.
  const ranked = [...weight].sort((a, b) => b[1] - a[1]);
  const repeated = repeatedTitles(input.articles.values());
  for (const [id] of ranked.slice(0, HEADLINE_CANDIDATES)) {
    const h = briefHeadline(input.articles.get(id), repeated);
    if (h) return h;
  }
  return chosen[0]?.text ?? input.subject;
}

/**
 * The built-in engine: chooses the best-ranked developments without redundancy and quotes their representative
 * sentences. Needs no network and never fails, which is why it is also the fallback for the LLM engine.
 */
export function createExtractiveSummarizer(): Summarizer {
  return {
    name: 'extractive',
    async summarize(input: SummaryInput): Promise<SummaryOutput> {
      const out = input.kind === 'timeline' ? timeline(input) : bullets(input);
      const note = cannotTranslateNote(input.language, out.bullets.map((b) => b.text));
      return note ? { ...out, notes: [...out.notes, note] } : out;
    },
  };
}

// The best-ranked developments without redundancy, spread over the story's events where the input says so.
function bullets(input: SummaryInput): SummaryOutput {
  const options = {
    max: input.maxBullets,
    min: input.minBullets,
    relativeFloor: input.kind === 'answer' ? 0.6 : 0.4,
    ...(input.deadline ? { deadline: input.deadline } : {}),
  };
  const pool = input.preferred === undefined ? input.developments : input.developments.slice(0, input.preferred);
  let chosen = selectDevelopments(pool, options);
  // Too little spread material: take from everything rather than write fewer bullets than asked.
  if (chosen.length < input.minBullets && pool.length < input.developments.length) {
    chosen = selectDevelopments(input.developments, options);
  }
  return { headline: headlineOf(input, chosen), bullets: chosen.map((d) => toBullet(d)), engine: 'extractive', notes: [] };
}

// One line per development, dated by when it happened (a day its sentence names, else its first report), the day's
// strongest development (two on sparse timelines), oldest first, the most reported days when not all fit; says so
// when days were left out.
function timeline(input: SummaryInput): SummaryOutput {
  input.deadline?.check('timeline');
  const dated = dateDevelopments(input.developments, (id) => input.articles.get(id)?.publishedAt);
  const { lines, daysAvailable } = pickTimeline(dated, input.maxBullets, dayMentions(input.articles.values()));
  const bullets = lines.map((l) => toBullet(l.development, dayOf(new Date(l.day))));
  const days = new Set(bullets.map((b) => b.date)).size;
  const headline = `${input.subject}: ${days} day${days === 1 ? '' : 's'} of developments`;
  const notes =
    daysAvailable > days
      ? [`Showing ${days} of ${daysAvailable} days with developments (the most reported); a shorter --since shows more of each part.`]
      : [];
  return { headline, bullets, engine: 'extractive', notes };
}
