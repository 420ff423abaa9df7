import type { Article } from '../../src/core/article.ts';
import { rankDevelopments } from '../../src/core/developments.ts';
import { mentionedDays } from '../../src/core/dates.ts';
import { splitSentences, terms } from '../../src/core/text.ts';
import { createExtractiveSummarizer } from '../../src/summarize/extractive-summarizer.ts';
import type { TopicFolder } from './dataset.ts';
import type { TrackedStory } from './stories.ts';

/**
 * The Timeline17 timeline task: for each topic, a timeline of the whole period with as many dates as the reference
 * timelines have (their mean, rounded), scored by date F1 against each reference and averaged over them.
 */

const DAY = 86_400_000;

/** Date F1 of one timeline's dates against one reference's. */
export function dateF1(system: readonly string[], reference: readonly string[]): { precision: number; recall: number; f1: number } {
  const ref = new Set(reference);
  const sys = new Set(system);
  const hit = [...sys].filter((d) => ref.has(d)).length;
  const precision = sys.size ? hit / sys.size : 0;
  const recall = ref.size ? hit / ref.size : 0;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** One topic's timeline result for one system. */
export interface TimelineResult {
  /** System. */
  system: string;
  /** Topic folder. */
  topic: string;
  /** Dates asked for. */
  k: number;
  /** The dates the system chose, sorted. */
  dates: string[];
  /** Mean date F1 over the references. */
  dateF1: number;
}

function day(ms: number): string {
  return new Date(Math.floor(ms / DAY) * DAY).toISOString().slice(0, 10);
}

/** `sitrep`: the timeline engine (rank the whole period's developments, one line per development's day). */
async function sitrepDates(articles: readonly Article[], story: TrackedStory, k: number): Promise<string[]> {
  const from = new Date(Math.min(...articles.map((a) => a.publishedAt.getTime())));
  const to = new Date(Math.max(...articles.map((a) => a.publishedAt.getTime())) + DAY);
  const queryTerms = terms([story.name, ...story.aliases].join(' '));
  const developments = rankDevelopments(articles, { queryTerms, windowStart: from, windowEnd: to });
  const out = await createExtractiveSummarizer().summarize({
    kind: 'timeline',
    workspace: 'eval',
    subject: story.name,
    window: { from, to },
    developments,
    articles: new Map(articles.map((a) => [a.id, a])),
    maxBullets: k,
    minBullets: 1,
  });
  return [...new Set(out.bullets.map((b) => b.date!).filter(Boolean))].sort();
}

/**
 * `date-count`: the k days most often named in the articles' sentences (resolved against each article's date) or
 * published on, a simple stand-in for date selection by mention counts.
 */
function dateCountDates(articles: readonly Article[], k: number): string[] {
  const count = new Map<string, number>();
  for (const a of articles) {
    const pub = day(a.publishedAt.getTime());
    count.set(pub, (count.get(pub) ?? 0) + 1);
    for (const s of splitSentences(a.body)) for (const d of mentionedDays(s, a.publishedAt)) count.set(day(d), (count.get(day(d)) ?? 0) + 1);
  }
  return [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, k).map(([d]) => d).sort();
}

/** Runs the timeline task on one topic. */
export async function runTimelineTask(topic: TopicFolder, articles: readonly Article[], story: TrackedStory): Promise<TimelineResult[]> {
  if (articles.length === 0 || topic.timelines.length === 0) return [];
  const refs = topic.timelines.map((t) => [...t.keys()].sort());
  const k = Math.max(1, Math.round(refs.reduce((acc, r) => acc + r.length, 0) / refs.length));
  const score = (dates: string[]): number => refs.reduce((acc, r) => acc + dateF1(dates, r).f1, 0) / refs.length;
  const systems: [string, string[]][] = [
    ['sitrep', await sitrepDates(articles, story, k)],
    ['date-count', dateCountDates(articles, k)],
  ];
  return systems.map(([system, dates]) => ({ system, topic: topic.name, k, dates, dateF1: score(dates) }));
}
