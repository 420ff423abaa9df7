import { UserError } from './errors.ts';

/** A parsed five-field cron expression; `null` in a day field means "any". */
export interface CronFields {
  /** Minutes (0–59), ascending. */
  minutes: number[];
  /** Hours (0–23), ascending. */
  hours: number[];
  /** Days of the month (1–31), or null for any. */
  daysOfMonth: number[] | null;
  /** Months (1–12), or null for any. */
  months: number[] | null;
  /** Days of the week (0 = Sunday … 6), or null for any. */
  weekdays: number[] | null;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: string[];
  nameBase?: number;
}

const FIELDS: FieldSpec[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  { label: 'day of week', min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
];

const CRON_HINT = 'A cron schedule has five fields: minute hour day-of-month month day-of-week, e.g. "0 8 * * 1-5".';

function bad(message: string): UserError {
  return new UserError('schedule.invalid_cron', message, { hint: CRON_HINT });
}

function value(raw: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(raw.toLowerCase()) ?? -1;
  if (named >= 0) return named + (spec.nameBase ?? 0);
  if (!/^\d{1,2}$/.test(raw)) throw bad(`"${raw}" is not a valid ${spec.label}.`);
  const n = Number(raw);
  if (n < spec.min || n > spec.max) throw bad(`${spec.label} ${n} is out of range ${spec.min}-${spec.max}.`);
  return n;
}

function parseField(text: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^([^/]+)(?:\/(\d{1,2}))?$/.exec(part);
    if (!m) throw bad(`"${part}" is not a valid ${spec.label}.`);
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) throw bad(`The step in "${part}" must be at least 1.`);
    let from: number;
    let to: number;
    if (m[1] === '*') {
      from = spec.min;
      to = spec.max;
    } else {
      const range = m[1]!.split('-');
      if (range.length > 2) throw bad(`"${part}" is not a valid ${spec.label} range.`);
      from = value(range[0]!, spec);
      to = range.length === 2 ? value(range[1]!, spec) : m[2] === undefined ? from : spec.max;
      if (to < from) throw bad(`The ${spec.label} range "${m[1]}" runs backwards.`);
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

function full(set: Set<number>, spec: FieldSpec): boolean {
  for (let v = spec.min; v <= spec.max; v++) if (!set.has(v) && !(spec.label === 'day of week' && v === 7)) return false;
  return true;
}

/**
 * Parses a standard five-field cron expression (numbers, names like `mon`/`jan`, `*`, ranges, steps, lists).
 * Digest schedules are deliberately narrower than cron: a single minute (at most one digest an hour), no seconds
 * field, and not both a day of month and a day of week (cron engines disagree on whether that means "and" or "or").
 * Every problem gets a message that names the field.
 */
export function parseCron(expression: string): CronFields {
  const text = expression.trim().replace(/\s+/g, ' ');
  if (!text) throw bad('The schedule is empty.');
  if (text.length > 100) throw bad('That schedule is too long for a cron expression.');
  const parts = text.split(' ');
  if (parts.length === 6) throw bad(`"${text}" has six fields; digest schedules have no seconds field.`);
  if (parts.length !== 5) throw bad(`"${text}" has ${parts.length} field${parts.length === 1 ? '' : 's'}; cron needs five.`);
  const sets = parts.map((p, i) => parseField(p, FIELDS[i]!));
  const [minutes, hours, dom, months, dow] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (minutes.size !== 1) {
    throw bad(`A digest runs at most once an hour, so the minute field must be one number (got "${parts[0]}").`);
  }
  if (dow.has(7)) {
    dow.delete(7);
    dow.add(0);
  }
  const domAny = full(dom, FIELDS[2]!);
  const dowAny = full(dow, FIELDS[4]!);
  if (!domAny && !dowAny) {
    throw bad('Give a day of month or a day of week, not both (cron engines disagree about what that means).');
  }
  const monthList = [...months].sort((a, b) => a - b);
  const domList = [...dom].sort((a, b) => a - b);
  if (!domAny && !domList.some((d) => monthList.some((m) => d <= MAX_DAYS[m - 1]!))) {
    throw bad(`Day ${domList.join(',')} never occurs in month ${monthList.join(',')}.`);
  }
  return {
    minutes: [...minutes],
    hours: [...hours].sort((a, b) => a - b),
    daysOfMonth: domAny ? null : domList,
    months: full(months, FIELDS[3]!) ? null : monthList,
    weekdays: dowAny ? null : [...dow].sort((a, b) => a - b),
  };
}

/** The canonical numeric form of parsed fields, which every cron engine reads the same way (`0 8 * * 1,2,3,4,5`). */
export function formatCron(f: CronFields): string {
  const list = (v: number[] | null): string => (v === null ? '*' : v.join(','));
  const hours = f.hours.length === 24 ? '*' : f.hours.join(',');
  return `${f.minutes.join(',')} ${hours} ${list(f.daysOfMonth)} ${list(f.months)} ${list(f.weekdays)}`;
}
