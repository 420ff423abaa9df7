import { mentionedDays } from './dates.ts';
import type { Development } from './developments.ts';
import { terms } from './text.ts';
import { cosine, norm, vectorOf, type Vector } from './vector.ts';

/**
 * Timelines: each development dated by when it happened, reports of it kept only when they are close in time, one line
 * per development however many days report it. Pure.
 */

const DAY = 86_400_000;
/** Reports of one development may be this many days apart at most; later ones are other developments. */
export const MAX_REPORT_SPREAD_DAYS = 3;
/** How far back a date named in a report may lie and still date the development (older ones are background). */
const MAX_LOOKBACK_DAYS = 10;
/** Two lines this similar (cosine over terms) within this many days are one development. */
const REPEAT_SIMILARITY = 0.5;
const REPEAT_DAYS = 3;

/** A development placed on the day it happened. */
export interface DatedDevelopment {
  /** The development, its supporting articles limited to reports close to its day. */
  development: Development;
  /** UTC day (start, ms) it happened, or was first reported. */
  day: number;
}

/**
 * The day a development happened: the one day its representative sentence names ("on Tuesday", "12 July",
 * "yesterday"), resolved against its article's publication, when that day lies up to ten days before publication;
 * otherwise the day it was first reported.
 */
export function developmentDay(d: Development, publishedAt: (articleId: number) => Date | undefined): number {
  const first = Math.floor(d.firstReportedAt.getTime() / DAY) * DAY;
  const repId = d.articleIds[0];
  const pub = repId === undefined ? undefined : publishedAt(repId);
  if (!pub) return first;
  const pubDay = Math.floor(pub.getTime() / DAY) * DAY;
  const days = [...new Set(mentionedDays(d.text, pub))].filter((t) => t <= pubDay && t >= pubDay - MAX_LOOKBACK_DAYS * DAY);
  return days.length === 1 ? Math.min(days[0]!, first) : first;
}

/**
 * Dates developments and keeps, for each, only the reports published within {@link MAX_REPORT_SPREAD_DAYS} days of
 * its day (the representative's article always stays): a line never merges reports weeks apart.
 */
export function dateDevelopments(developments: readonly Development[], publishedAt: (articleId: number) => Date | undefined): DatedDevelopment[] {
  return developments.map((d) => {
    const day = developmentDay(d, publishedAt);
    const close = d.articleIds.filter((id, i) => {
      if (i === 0) return true;
      const t = publishedAt(id)?.getTime();
      return t !== undefined && t >= day - DAY && t < day + (MAX_REPORT_SPREAD_DAYS + 1) * DAY;
    });
    const kept = new Set(close);
    const sentences = d.sentences.filter((s) => kept.has(s.articleId));
    return { development: { ...d, articleIds: close, sentences: sentences.length ? sentences : d.sentences.slice(0, 1) }, day };
  });
}

/**
 * How many articles name each day or were published on it (an article counts once per day; named days up to ten days
 * before its publication, as for dating a development).
 */
export function dayMentions(articles: Iterable<{ publishedAt: Date; body: string }>): Map<number, number> {
  const out = new Map<number, number>();
  for (const a of articles) {
    const pubDay = Math.floor(a.publishedAt.getTime() / DAY) * DAY;
    const days = new Set<number>([pubDay]);
    for (const t of mentionedDays(a.body, a.publishedAt)) if (t <= pubDay && t >= pubDay - MAX_LOOKBACK_DAYS * DAY) days.add(t);
    for (const d of days) out.set(d, (out.get(d) ?? 0) + 1);
  }
  return out;
}

/** The timeline's lines and how many dated developments there were before the cut. */
export interface TimelinePick {
  /** Chosen lines, oldest first. */
  lines: DatedDevelopment[];
  /** Distinct days with a development (before the cut). */
  daysAvailable: number;
}

/**
 * Picks the timeline: the strongest development of each day (and a second one on sparse timelines); when more days
 * than `max` have developments, the days most reported on — by `mentions` ({@link dayMentions}: articles naming or
 * published on the day) when given, then by the distinct articles behind the day's developments, then by its best
 * development — as the days the news was about; never a line that repeats one already chosen within a few days.
 */
export function pickTimeline(dated: readonly DatedDevelopment[], max: number, mentions?: ReadonlyMap<number, number>): TimelinePick {
  const byDay = new Map<number, DatedDevelopment[]>();
  for (const x of dated) {
    const list = byDay.get(x.day) ?? [];
    list.push(x);
    byDay.set(x.day, list);
  }
  for (const list of byDay.values()) list.sort((a, b) => b.development.score - a.development.score);
  // A day weighs by how many distinct articles report its developments (the news of that day), then by its best one.
  const reports = new Map<number, number>();
  for (const [day, list] of byDay) reports.set(day, new Set(list.flatMap((x) => x.development.articleIds)).size);
  const weight = (day: number) => mentions?.get(day) ?? reports.get(day)!;
  const days = [...byDay.entries()].sort(
    (a, b) => weight(b[0]) - weight(a[0]) || reports.get(b[0])! - reports.get(a[0])! || b[1][0]!.development.score - a[1][0]!.development.score,
  );
  const perDay = days.length <= max / 2 ? 2 : 1;
  const chosen: { x: DatedDevelopment; v: Vector; n: number }[] = [];
  const repeats = (x: DatedDevelopment, v: Vector, n: number): boolean =>
    chosen.some((c) => Math.abs(c.x.day - x.day) <= REPEAT_DAYS * DAY && cosine(v, c.v, n, c.n) > REPEAT_SIMILARITY);
  let daysUsed = 0;
  for (const [, list] of days) {
    if (daysUsed >= max) break;
    let taken = 0;
    for (const x of list) {
      if (taken >= perDay) break;
      const v = vectorOf(terms(x.development.text), () => 1);
      const n = norm(v);
      if (repeats(x, v, n)) continue;
      chosen.push({ x, v, n });
      taken++;
    }
    if (taken > 0) daysUsed++;
  }
  return { lines: chosen.map((c) => c.x).sort((a, b) => a.day - b.day || b.development.score - a.development.score), daysAvailable: byDay.size };
}
