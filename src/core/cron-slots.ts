import type { CronFields } from './cron.ts';
import { nextCalendarDay, wallClock, wallClockToInstant } from './zoned-time.ts';

// Feb 29 on a schedule is at most four years away; eight leaves room without ever looping forever.
const MAX_DAYS_AHEAD = 366 * 8;
const DAY = 86_400_000;

function dayMatches(f: CronFields, year: number, month: number, day: number): boolean {
  if (f.months && !f.months.includes(month)) return false;
  if (f.daysOfMonth && !f.daysOfMonth.includes(day)) return false;
  if (f.weekdays && !f.weekdays.includes(new Date(Date.UTC(year, month - 1, day)).getUTCDay())) return false;
  return true;
}

/** Whether an instant is exactly a scheduled time (its wall-clock reading in the zone matches every field). */
export function isSlot(f: CronFields, timeZone: string, instant: number): boolean {
  if (instant % 60_000 !== 0) return false;
  const w = wallClock(instant, timeZone);
  return f.minutes.includes(w.minute) && f.hours.includes(w.hour) && dayMatches(f, w.year, w.month, w.day);
}

/**
 * The first scheduled instant strictly after `after`. This walks local calendar days and resolves each candidate
 * wall-clock time the way node-cron 4 does, so that the ledger's slots are exactly the instants node-cron fires at:
 * a time inside a spring-forward gap is skipped that day, and a time inside a fall-back hour runs once.
 */
export function nextSlot(f: CronFields, timeZone: string, after: Date): Date {
  const baseMs = Math.floor(after.getTime() / 1000) * 1000;
  const base = wallClock(baseMs, timeZone);
  const baseSeconds = base.hour * 3600 + base.minute * 60 + base.second;
  let { year, month, day } = base;
  for (let i = 0; i < MAX_DAYS_AHEAD; i++) {
    if (dayMatches(f, year, month, day)) {
      for (const hour of f.hours) {
        for (const minute of f.minutes) {
          if (i === 0 && hour * 3600 + minute * 60 <= baseSeconds) continue;
          const ts = wallClockToInstant({ year, month, day, hour, minute, second: 0 }, timeZone);
          if (ts > baseMs && isSlot(f, timeZone, ts)) return new Date(ts);
        }
      }
    }
    ({ year, month, day } = nextCalendarDay(year, month, day));
  }
  throw new Error(`No scheduled time within ${MAX_DAYS_AHEAD} days.`);
}

/** The next `count` scheduled instants after `after`. */
export function nextSlots(f: CronFields, timeZone: string, after: Date, count: number): Date[] {
  const out: Date[] = [];
  let t = after;
  for (let i = 0; i < count; i++) {
    t = nextSlot(f, timeZone, t);
    out.push(t);
  }
  return out;
}

/**
 * The latest scheduled instant at or before `at` (the slot "containing" that time), or null when there is none in
 * the eight years before it. Walks forward from widening look-back points so the answer always agrees with
 * {@link nextSlot}.
 */
export function previousSlot(f: CronFields, timeZone: string, at: Date): Date | null {
  const limit = at.getTime();
  for (const span of [DAY + 3_600_000, 8 * DAY, 32 * DAY, 367 * DAY, MAX_DAYS_AHEAD * DAY]) {
    let t = nextSlot(f, timeZone, new Date(limit - span));
    let last: Date | null = null;
    while (t.getTime() <= limit) {
      last = t;
      t = nextSlot(f, timeZone, t);
    }
    if (last) return last;
  }
  return null;
}

/** Scheduled instants in `(from, to]`, oldest first, at most `max` of them (the newest ones are kept). */
export function slotsBetween(f: CronFields, timeZone: string, from: Date, to: Date, max = 1000): Date[] {
  const out: Date[] = [];
  let t = nextSlot(f, timeZone, from);
  while (t.getTime() <= to.getTime()) {
    out.push(t);
    if (out.length > max) out.shift();
    t = nextSlot(f, timeZone, t);
  }
  return out;
}
