import { UserError } from './errors.ts';

/** Health of a subscription, as `feed list` shows it. */
export type FeedStatus = 'pending' | 'ok' | 'failing' | 'unhealthy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Default polling interval. */
export const DEFAULT_INTERVAL_MS = 15 * MINUTE;
/** Shortest interval a user may choose: polite to publishers, and feeds rarely change faster. */
export const MIN_INTERVAL_MS = 5 * MINUTE;
/** Longest interval. */
export const MAX_INTERVAL_MS = 7 * 24 * HOUR;
/** Longest wait between attempts of a failing feed: unhealthy feeds keep being tried, never dropped. */
export const MAX_BACKOFF_MS = 6 * HOUR;
/** Consecutive failures after which a feed is unhealthy and the workspace is told. */
export const UNHEALTHY_AFTER = 5;
/** Share of the interval added at random so feeds added together do not poll in lock-step. */
export const JITTER = 0.1;
/** Longest Retry-After honoured; a larger value from a hostile server is capped. */
export const MAX_RETRY_AFTER_MS = 24 * HOUR;

/** Parses an interval like `15m`, `1h`, `90m`, `2h30m`, `1d`. Throws a UserError naming the rule. */
export function parseInterval(text: string): number {
  const s = text.trim().toLowerCase();
  const parts = [...s.matchAll(/(\d+)\s*(days?|hours?|minutes?|mins?|d|h|m)/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (!s || parts.length === 0 || consumed.replace(/\s/g, '') !== s.replace(/\s/g, '')) {
    throw new UserError('feed.bad_interval', `"${text.slice(0, 40)}" is not an interval; use minutes or hours such as 15m, 1h or 2h30m.`);
  }
  let ms = 0;
  for (const [, n, unit] of parts) {
    const mult = unit!.startsWith('d') ? 24 * HOUR : unit!.startsWith('h') ? HOUR : MINUTE;
    ms += Number(n) * mult;
  }
  if (ms < MIN_INTERVAL_MS) {
    throw new UserError('feed.interval_too_short', `Feeds are polled at most every ${MIN_INTERVAL_MS / MINUTE} minutes; got ${formatInterval(ms)}.`);
  }
  if (ms > MAX_INTERVAL_MS) {
    throw new UserError('feed.interval_too_long', `The longest interval is ${MAX_INTERVAL_MS / HOUR / 24} days; got ${formatInterval(ms)}.`);
  }
  return ms;
}

/** Formats an interval the way {@link parseInterval} reads it: `15m`, `1h`, `2h30m`, `1d`. */
export function formatInterval(ms: number): string {
  const mins = Math.round(ms / MINUTE);
  if (mins % (24 * 60) === 0) return `${mins / (24 * 60)}d`;
  const h = Math.floor(mins / 60);
  const m = mins % 60;
  return h > 0 ? `${h}h${m ? `${m}m` : ''}` : `${m}m`;
}

/** Reads a Retry-After header (seconds or an HTTP date) into milliseconds from `now`, capped; null when absent or invalid. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  const v = value?.trim();
  if (!v) return null;
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return null;
    ms = at - now.getTime();
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

/** Delay before the next poll after a success: the interval plus up to {@link JITTER} of it. */
export function delayAfterSuccess(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (1 + JITTER * random()));
}

/**
 * Delay before the next attempt after a failure: the interval doubled per consecutive failure (1×, 2×, 4× …) up to
 * {@link MAX_BACKOFF_MS}, never shorter than a server's Retry-After, plus jitter.
 */
export function delayAfterFailure(intervalMs: number, failures: number, retryAfterMs: number | null, random: () => number): number {
  const backoff = Math.min(intervalMs * 2 ** Math.max(0, failures - 1), Math.max(MAX_BACKOFF_MS, intervalMs));
  const base = Math.max(backoff, retryAfterMs ?? 0);
  return Math.round(base * (1 + JITTER * random()));
}

/** Status after a number of consecutive failures (0 = the last poll worked). */
export function statusAfter(failures: number): FeedStatus {
  if (failures === 0) return 'ok';
  return failures >= UNHEALTHY_AFTER ? 'unhealthy' : 'failing';
}
