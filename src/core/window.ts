import { UserError } from './errors.ts';

/** A resolved time window. */
export interface Window {
  /** Inclusive start. */
  from: Date;
  /** Exclusive end. */
  to: Date;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const UNITS: Record<string, number> = { m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };
const NAMED_SPANS: Record<string, number> = { hour: HOUR, day: DAY, week: 7 * DAY, fortnight: 14 * DAY, month: 30 * DAY, year: 365 * DAY };
const WORD_UNITS: Record<string, number> = {
  minute: MINUTE,
  minutes: MINUTE,
  hour: HOUR,
  hours: HOUR,
  day: DAY,
  days: DAY,
  week: 7 * DAY,
  weeks: 7 * DAY,
  month: 30 * DAY,
  months: 30 * DAY,
  year: 365 * DAY,
  years: 365 * DAY,
};

const HINT = 'Use a duration like 24h, 7d or 2w, a date like 2025-11-01, an ISO time, or today, yesterday, "last week".';

/** The two ends of a window as typed: `--since` and `--until`. */
export interface WindowInput {
  /** Start: duration back from now, date, ISO time or a word ("yesterday", "last week"). */
  since?: string | undefined;
  /** End: date (the whole day is included), ISO time, duration back from now, or a word ("today", "yesterday"). */
  until?: string | undefined;
}

function startOfDay(t: number): number {
  return Math.floor(t / DAY) * DAY;
}

function invalid(message: string, hint = HINT): UserError {
  return new UserError('window.invalid', message, { hint });
}

/**
 * Reads one end of a window. `end` selects how calendar days are read: a start is the day's first instant, an end
 * the instant after the day (so `--until 2012-05-28` includes the 28th).
 */
function readPoint(raw: string, option: 'since' | 'until', now: Date): number {
  const iso = raw.trim().toLowerCase();
  // Word forms may be typed with hyphens or underscores ("last-week"), as chat options cannot hold a space unquoted.
  const v = /^\d{4}-/.test(iso) ? iso : iso.replace(/[\s_-]+/g, ' ');
  const end = option === 'until';
  const today = startOfDay(now.getTime());
  if (!v) throw invalid(`--${option} needs a value.`);
  if (v === 'now') return now.getTime();
  if (v === 'today') return end ? now.getTime() : today;
  if (v === 'yesterday') return end ? today : today - DAY;
  const dur = /^(\d{1,5}) ?(m|h|d|w)$/.exec(v) ?? /^(?:last |past )?(\d{1,5}) (minutes?|hours?|days?|weeks?|months?|years?)(?: ago)?$/.exec(v);
  if (dur) {
    const unit = UNITS[dur[2]!] ?? WORD_UNITS[dur[2]!]!;
    const ms = Number(dur[1]) * unit;
    if (ms <= 0 && !end) throw invalid(`"--since ${raw}" is an empty window.`);
    return now.getTime() - ms;
  }
  const named = /^(?:last|past) (hour|day|week|fortnight|month|year)$/.exec(v);
  if (named) {
    if (end) throw invalid(`"--until ${raw}" names a span, not a point in time.`, 'Write --since "last week", or an end like --until yesterday.');
    return now.getTime() - NAMED_SPANS[named[1]!]!;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const t = Date.parse(`${v}T00:00:00Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== v) throw invalid(`"${raw}" is not a valid date.`);
    if (t > now.getTime()) throw invalid(`"--${option} ${raw}" is in the future.`, `Today is ${now.toISOString().slice(0, 10)}.`);
    return end ? Math.min(t + DAY, now.getTime()) : t;
  }
  if (/^\d{4}-\d{2}-\d{2}t/.test(v)) {
    const t = Date.parse(raw.trim());
    if (Number.isNaN(t)) throw invalid(`"${raw}" is not a valid time.`);
    if (t > now.getTime()) throw invalid(`"--${option} ${raw}" is in the future.`, `It is now ${now.toISOString()}.`);
    return t;
  }
  throw invalid(`Cannot read the window "${raw.slice(0, 60)}".`);
}

/**
 * Parses `--since` (and optionally `--until`) into a window. Absent `until` means now. Throws UserError
 * (`window.invalid`) for an empty value, a date in the future, or an end that is not after the start.
 */
export function parseWindow(input: WindowInput, now: Date, defaultSpan?: number): Window {
  const to = input.until === undefined ? now.getTime() : readPoint(input.until, 'until', now);
  let from: number;
  if (input.since !== undefined) from = readPoint(input.since, 'since', now);
  else if (defaultSpan !== undefined) from = to - defaultSpan;
  else from = 0;
  if (to <= from) {
    const start = input.since === undefined ? new Date(from).toISOString() : `--since ${input.since}`;
    const end = input.until === undefined ? 'now' : `--until ${input.until}`;
    throw invalid(`The window ends before it starts: ${end} is not after ${start}.`, 'Give --until a later time than --since.');
  }
  return { from: new Date(from), to: new Date(to) };
}

/** Parses `--since` alone: the window from then up to `now`. */
export function parseSince(value: string, now: Date): Window {
  return parseWindow({ since: value }, now);
}

/** UTC calendar day of a date, YYYY-MM-DD. */
export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A span in words for notes: "24 hours", "7 days". */
export function describeSpan(ms: number): string {
  if (ms % DAY === 0 && ms >= 2 * DAY) return `${ms / DAY} days`;
  const h = Math.round(ms / HOUR);
  return `${h} hour${h === 1 ? '' : 's'}`;
}

/** The window as the reader sees it: whole UTC days, the last one inclusive ("2012-05-25 to 2012-05-28"). */
export function describeWindow(w: Window): string {
  const lastDay = new Date(Math.max(w.from.getTime(), w.to.getTime() - 1));
  return `${dayOf(w.from)} to ${dayOf(lastDay)}`;
}
