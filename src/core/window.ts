import { UserError } from './errors.ts';

/** A resolved time window. */
export interface Window {
  /** Inclusive start. */
  from: Date;
  /** Exclusive end. */
  to: Date;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses `--since`: a duration (`90m`, `24h`, `7d`, `2w`) or a date (`YYYY-MM-DD`, start of that day in UTC) or an
 * ISO timestamp. Returns the window up to `now`.
 */
export function parseSince(value: string, now: Date): Window {
  const v = value.trim().toLowerCase();
  const dur = /^(\d{1,5})\s*(m|h|d|w)$/.exec(v);
  if (dur) {
    const ms = Number(dur[1]) * UNITS[dur[2]!]!;
    if (ms <= 0) throw new UserError('window.invalid', `"--since ${value}" is an empty window.`);
    return { from: new Date(now.getTime() - ms), to: now };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const from = new Date(`${v}T00:00:00Z`);
    if (Number.isNaN(from.getTime()) || from.toISOString().slice(0, 10) !== v) {
      throw new UserError('window.invalid', `"${value}" is not a valid date.`);
    }
    if (from.getTime() > now.getTime()) {
      throw new UserError('window.invalid', `"--since ${value}" is in the future.`);
    }
    return { from, to: now };
  }
  if (/^\d{4}-\d{2}-\d{2}t/.test(v)) {
    const from = new Date(value);
    if (!Number.isNaN(from.getTime()) && from.getTime() <= now.getTime()) return { from, to: now };
  }
  throw new UserError('window.invalid', `Cannot read the window "${value}".`, {
    hint: 'Use a duration like 24h, 7d or 2w, or a date like 2025-11-01.',
  });
}

/** UTC calendar day of a date, YYYY-MM-DD. */
export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}
