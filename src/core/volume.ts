/** One bar of a volume chart: articles published in `[start, start + bucketDays)`. */
export interface VolumeBucket {
  /** Start of the bucket (00:00 UTC). */
  start: Date;
  /** Matching articles in the bucket. */
  count: number;
}

/** How many articles a story had per day (or per week or month on a long window). */
export interface VolumeSeries {
  /** The story or query it counts. */
  label: string;
  /** Days per bucket: 1, 7 or 30. */
  bucketDays: number;
  /** Consecutive buckets, oldest first. */
  buckets: VolumeBucket[];
  /** Sum of the counts. */
  total: number;
  /** The last UTC day counted (the last bucket may end earlier than a full bucket). */
  lastDay: Date;
}

const DAY = 86_400_000;

/** Most bars a chart shows; a longer span is counted per week, then per 30 days. */
export const MAX_BARS = 62;

/** Midnight UTC of the day containing `d`. */
export function utcDay(d: Date): Date {
  return new Date(Math.floor(d.getTime() / DAY) * DAY);
}

/**
 * The buckets covering the UTC days from `first` to `last` (both inclusive): one per day while that fits in
 * {@link MAX_BARS}, else one per week, else one per 30 days, so a two-year window still draws about 25 bars.
 */
export function planBuckets(first: Date, last: Date, maxBars = MAX_BARS): { bucketDays: number; starts: Date[] } {
  const from = utcDay(first).getTime();
  const days = Math.max(1, Math.floor((utcDay(last).getTime() - from) / DAY) + 1);
  const bucketDays = [1, 7, 30].find((n) => Math.ceil(days / n) <= maxBars) ?? Math.ceil(days / maxBars);
  const starts: Date[] = [];
  for (let t = from; t < from + days * DAY; t += bucketDays * DAY) starts.push(new Date(t));
  return { bucketDays, starts };
}

/** Builds a series from counted buckets. */
export function volumeSeries(label: string, bucketDays: number, buckets: VolumeBucket[], lastDay: Date): VolumeSeries {
  return { label, bucketDays, buckets, total: buckets.reduce((n, b) => n + b.count, 0), lastDay: utcDay(lastDay) };
}

/** The `--format json` shape of a series. */
export function volumeJson(s: VolumeSeries): Record<string, unknown> {
  return {
    story: s.label,
    bucketDays: s.bucketDays,
    total: s.total,
    lastDay: s.lastDay.toISOString().slice(0, 10),
    buckets: s.buckets.map((b) => ({ date: b.start.toISOString().slice(0, 10), count: b.count })),
  };
}
