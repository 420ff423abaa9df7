import { UserError } from './errors.ts';

/** A wall-clock reading in some time zone. Months are 1–12; weekday 0 is Sunday. */
export interface WallClock {
  /** Four-digit year. */
  year: number;
  /** Month, 1–12. */
  month: number;
  /** Day of the month, 1–31. */
  day: number;
  /** Hour, 0–23. */
  hour: number;
  /** Minute, 0–59. */
  minute: number;
  /** Second, 0–59. */
  second: number;
  /** Day of the week, 0 = Sunday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

// Building an Intl formatter costs far more than using one; schedules read the same few zones over and over.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Checks an IANA time zone name and returns its canonical spelling (`europe/berlin` → `Europe/Berlin`). Throws a
 * UserError naming the bad value otherwise.
 */
export function canonicalTimeZone(name: string): string {
  const tz = name.trim();
  if (!tz || tz.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(tz)) {
    throw new UserError('schedule.invalid_time_zone', `"${tz.slice(0, 64)}" is not a time zone.`, {
      hint: 'Use an IANA name such as Europe/Berlin, America/New_York, Asia/Tokyo or UTC.',
    });
  }
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    throw new UserError('schedule.invalid_time_zone', `"${tz}" is not a known IANA time zone.`, {
      hint: 'Use a name such as Europe/Berlin, America/New_York, Asia/Tokyo or UTC.',
    });
  }
}

/** The wall-clock reading of an instant in a time zone. */
export function wallClock(instant: Date | number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(typeof instant === 'number' ? new Date(instant) : instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: WEEKDAYS[get('weekday')] ?? 0,
  };
}

/** UTC offset of a zone at an instant, in minutes east of UTC. */
export function offsetMinutes(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

function readsAs(instant: number, timeZone: string, w: Omit<WallClock, 'weekday'>): boolean {
  const r = wallClock(instant, timeZone);
  return (
    r.year === w.year && r.month === w.month && r.day === w.day && r.hour === w.hour && r.minute === w.minute && r.second === w.second
  );
}

/**
 * The instant at which a zone's clocks show this wall-clock time. Two passes over the zone offset resolve it the
 * same way the cron engine does: in a fall-back hour one of the two readings is returned; in a spring-forward gap
 * the result reads as a different time, which callers detect by reading it back.
 */
export function wallClockToInstant(w: Omit<WallClock, 'weekday'>, timeZone: string): number {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const first = offsetMinutes(guess, timeZone);
  const candidate1 = guess - first * 60_000;
  const second = offsetMinutes(candidate1, timeZone);
  if (second === first) return candidate1;
  const candidate2 = guess - second * 60_000;
  if (readsAs(candidate1, timeZone, w)) return candidate1;
  if (readsAs(candidate2, timeZone, w)) return candidate2;
  return Math.max(candidate1, candidate2);
}

/** The calendar day after this one. */
export function nextCalendarDay(y: number, m: number, d: number): { year: number; month: number; day: number } {
  const t = new Date(Date.UTC(y, m - 1, d + 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

const DAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_LONG = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

const pad = (n: number): string => String(n).padStart(2, '0');

/** A run time as people say it: `Mon 24 Nov 08:00 Europe/Berlin`. */
export function formatRunTime(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${DAY_SHORT[w.weekday]} ${w.day} ${MONTH_SHORT[w.month - 1]} ${pad(w.hour)}:${pad(w.minute)} ${timeZone}`;
}

/** A long local date for headers: `Monday 24 November 2025`. */
export function formatLongDate(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${DAY_LONG[w.weekday]} ${w.day} ${MONTH_LONG[w.month - 1]} ${w.year}`;
}

/** A short local date and time without the zone: `24 Nov 08:00`. */
export function formatShortDateTime(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${w.day} ${MONTH_SHORT[w.month - 1]} ${pad(w.hour)}:${pad(w.minute)}`;
}
