import { formatCron, parseCron, type CronFields } from './cron.ts';
import { nextSlots, previousSlot } from './cron-slots.ts';
import { UserError } from './errors.ts';
import { canonicalTimeZone } from './zoned-time.ts';

/** A validated digest schedule. */
export interface DigestSchedule {
  /** What the user typed, normalised (`weekdays 07:30`, or the cron expression). */
  text: string;
  /** The canonical numeric cron expression given to the scheduler (`30 7 * * 1,2,3,4,5`). */
  cron: string;
  /** The parsed fields. */
  fields: CronFields;
  /** Canonical IANA time zone. */
  timeZone: string;
}

const DAYS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};
const DAY_ABBR = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FRIENDLY_HINT =
  'Use "daily 08:00", "weekdays 07:30", "weekly mon 09:00" or a cron expression such as "0 8 * * *".';

function timeOfDay(raw: string, form: string): { hour: number; minute: number; text: string } {
  const m = /^(\d{1,2}):(\d{2})$/.exec(raw);
  const hour = m ? Number(m[1]) : NaN;
  const minute = m ? Number(m[2]) : NaN;
  if (!m || hour > 23 || minute > 59) {
    throw new UserError('schedule.invalid_time', `"${raw.slice(0, 20)}" is not a time of day for "${form}".`, {
      hint: 'Write the time as HH:MM on a 24-hour clock, from 00:00 to 23:59, e.g. 07:30.',
    });
  }
  return { hour, minute, text: `${String(hour).padStart(2, '0')}:${m[2]}` };
}

/** Turns a friendly form into cron, or returns null when the text is not one. */
function friendly(words: string[]): { text: string; cron: string } | null {
  const form = words[0]?.toLowerCase();
  if (form === 'daily' || form === 'weekdays') {
    if (words.length !== 2) {
      throw new UserError('schedule.invalid_form', `"${form}" takes one time, e.g. "${form} 08:00".`, { hint: FRIENDLY_HINT });
    }
    const t = timeOfDay(words[1]!, form);
    return { text: `${form} ${t.text}`, cron: `${t.minute} ${t.hour} * * ${form === 'daily' ? '*' : '1-5'}` };
  }
  if (form === 'weekly') {
    if (words.length !== 3) {
      throw new UserError('schedule.invalid_form', '"weekly" takes a day and a time, e.g. "weekly mon 09:00".', {
        hint: FRIENDLY_HINT,
      });
    }
    const day = DAYS[words[1]!.toLowerCase()];
    if (day === undefined) {
      throw new UserError('schedule.invalid_day', `"${words[1]!.slice(0, 20)}" is not a day of the week.`, {
        hint: 'Use mon, tue, wed, thu, fri, sat or sun (or the full name).',
      });
    }
    const t = timeOfDay(words[2]!, 'weekly');
    return { text: `weekly ${DAY_ABBR[day]} ${t.text}`, cron: `${t.minute} ${t.hour} * * ${day}` };
  }
  return null;
}

/**
 * Validates a schedule (a friendly form or a five-field cron expression) and a time zone (default: the configured
 * one). Throws a UserError that says what is wrong and what to write instead.
 */
export function parseDigestSchedule(input: string, timeZone: string): DigestSchedule {
  const text = input.trim().replace(/\s+/g, ' ');
  if (!text) throw new UserError('schedule.empty', 'Give a schedule.', { hint: FRIENDLY_HINT });
  const words = text.split(' ');
  const f = friendly(words);
  if (!f && /^[a-z]{3,}$/i.test(words[0]!) && !/^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$/i.test(words[0]!)) {
    throw new UserError('schedule.invalid_form', `"${words[0]!.slice(0, 20)}" is not a schedule form.`, { hint: FRIENDLY_HINT });
  }
  const fields = parseCron(f ? f.cron : text);
  return { text: f ? f.text : text, cron: formatCron(fields), fields, timeZone: canonicalTimeZone(timeZone) };
}

/** The next `count` run times after `after`. */
export function upcomingRuns(schedule: Pick<DigestSchedule, 'fields' | 'timeZone'>, after: Date, count = 3): Date[] {
  return nextSlots(schedule.fields, schedule.timeZone, after, count);
}

/** The scheduled slot containing `at` (the latest run time at or before it), or null. */
export function slotContaining(schedule: Pick<DigestSchedule, 'fields' | 'timeZone'>, at: Date): Date | null {
  return previousSlot(schedule.fields, schedule.timeZone, at);
}
