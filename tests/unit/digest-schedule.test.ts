import cron from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextSlot, previousSlot, slotsBetween } from '../../src/core/cron-slots.ts';
import { parseDigestSchedule, slotContaining, upcomingRuns } from '../../src/core/digest-schedule.ts';
import { UserError } from '../../src/core/errors.ts';
import { canonicalTimeZone, formatLongDate, formatRunTime } from '../../src/core/zoned-time.ts';

function error(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('digest schedules: friendly forms, cron and time zones', () => {
  it('turns the friendly forms into cron', () => {
    expect(parseDigestSchedule('daily 08:00', 'UTC')).toMatchObject({ text: 'daily 08:00', cron: '0 8 * * *' });
    expect(parseDigestSchedule('  Weekdays   7:30 ', 'UTC')).toMatchObject({ text: 'weekdays 07:30', cron: '30 7 * * 1,2,3,4,5' });
    expect(parseDigestSchedule('weekly Monday 09:00', 'UTC')).toMatchObject({ text: 'weekly mon 09:00', cron: '0 9 * * 1' });
    expect(parseDigestSchedule('weekly sun 18:45', 'UTC').cron).toBe('45 18 * * 0');
  });

  it('accepts cron with names, ranges, steps and Sunday as 7', () => {
    expect(parseDigestSchedule('0 8 * * mon-fri', 'UTC').cron).toBe('0 8 * * 1,2,3,4,5');
    expect(parseDigestSchedule('15 */6 * * *', 'UTC').cron).toBe('15 0,6,12,18 * * *');
    expect(parseDigestSchedule('0 7 1,15 jan-mar *', 'UTC').cron).toBe('0 7 1,15 1,2,3 *');
    expect(parseDigestSchedule('0 9 * * 7', 'UTC').cron).toBe('0 9 * * 0');
    expect(parseDigestSchedule('0 * * * *', 'UTC').cron).toBe('0 * * * *');
  });

  it('canonicalises and validates time zones', () => {
    expect(parseDigestSchedule('daily 08:00', 'europe/berlin').timeZone).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(error(() => canonicalTimeZone('Mars/Olympus')).message).toMatch(/"Mars\/Olympus" is not a known IANA time zone/);
    expect(error(() => canonicalTimeZone('Europe/Berlin; rm -rf')).code).toBe('schedule.invalid_time_zone');
    expect(error(() => canonicalTimeZone('')).message).toMatch(/is not a time zone/);
  });

  it.each([
    ['daily 25:00', /"25:00" is not a time of day/],
    ['daily 8', /"8" is not a time of day/],
    ['daily', /"daily" takes one time/],
    ['weekly funday 09:00', /"funday" is not a day of the week/],
    ['weekly 09:00', /"weekly" takes a day and a time/],
    ['fortnightly 09:00', /"fortnightly" is not a schedule form/],
    ['0 8 * *', /has 4 fields; cron needs five/],
    ['0 0 8 * * *', /six fields; digest schedules have no seconds field/],
    ['61 8 * * *', /minute 61 is out of range 0-59/],
    ['0 24 * * *', /hour 24 is out of range 0-23/],
    ['* 8 * * *', /at most once an hour/],
    ['*/5 * * * *', /at most once an hour/],
    ['0 8 1 * mon', /not both/],
    ['0 8 31 2 *', /Day 31 never occurs in month 2/],
    ['0 8 5-1 * *', /runs backwards/],
    ['0 8 L * *', /"L" is not a valid day of month/],
    ['', /Give a schedule/],
  ])('rejects %j with a clear message', (input, message) => {
    const err = error(() => parseDigestSchedule(input, 'UTC'));
    expect(err.message).toMatch(message);
    expect(err.hint ?? '').not.toBe('');
  });

  it('formats run times in the words people use', () => {
    const s = parseDigestSchedule('daily 08:00', 'Europe/Berlin');
    const runs = upcomingRuns(s, new Date('2025-11-23T12:00:00Z'));
    expect(runs.map((r) => formatRunTime(r, s.timeZone))).toEqual([
      'Mon 24 Nov 08:00 Europe/Berlin',
      'Tue 25 Nov 08:00 Europe/Berlin',
      'Wed 26 Nov 08:00 Europe/Berlin',
    ]);
    expect(formatLongDate(runs[0]!, 'Europe/Berlin')).toBe('Monday 24 November 2025');
    // Late evening in New York is already the next day in UTC; the header uses the subscription's zone.
    expect(formatLongDate(new Date('2025-11-25T03:00:00Z'), 'America/New_York')).toBe('Monday 24 November 2025');
  });

  it('finds the slot containing a time, across a DST change', () => {
    const s = parseDigestSchedule('daily 08:00', 'Europe/Berlin');
    expect(slotContaining(s, new Date('2025-10-26T06:59:00Z'))?.toISOString()).toBe('2025-10-25T06:00:00.000Z');
    expect(slotContaining(s, new Date('2025-10-26T07:00:00Z'))?.toISOString()).toBe('2025-10-26T07:00:00.000Z');
    expect(slotContaining(s, new Date('2025-03-30T06:30:00Z'))?.toISOString()).toBe('2025-03-30T06:00:00.000Z');
    const weekly = parseDigestSchedule('weekly mon 09:00', 'America/New_York');
    expect(previousSlot(weekly.fields, weekly.timeZone, new Date('2025-11-06T00:00:00Z'))?.toISOString()).toBe(
      '2025-11-03T14:00:00.000Z',
    );
    expect(slotsBetween(s.fields, s.timeZone, new Date('2025-10-24T00:00:00Z'), new Date('2025-10-28T00:00:00Z'))).toHaveLength(4);
  });
});

describe('slot arithmetic agrees with node-cron (fake clock)', () => {
  afterEach(() => vi.useRealTimers());

  const cases: [string, string, string][] = [
    ['Europe/Berlin', '0 8 * * *', '2025-03-27T12:00:00Z'],
    ['Europe/Berlin', '30 2 * * *', '2025-03-27T12:00:00Z'],
    ['Europe/Berlin', '30 2 * * *', '2025-10-23T12:00:00Z'],
    ['Europe/Berlin', '0 * * * *', '2025-10-25T20:00:00Z'],
    ['Europe/Berlin', '0 * * * *', '2025-03-29T20:00:00Z'],
    ['America/New_York', '30 1 * * *', '2025-10-30T12:00:00Z'],
    ['America/New_York', '30 2 * * *', '2025-03-06T12:00:00Z'],
    ['America/New_York', '30 7 * * 1,2,3,4,5', '2025-11-01T00:00:00Z'],
    ['Australia/Lord_Howe', '15 2 * * *', '2025-04-03T00:00:00Z'],
    ['Asia/Kathmandu', '45 6 * * 0', '2025-01-01T00:00:00Z'],
    ['UTC', '0 9 29 2 *', '2025-01-01T00:00:00Z'],
  ];

  it.each(cases)('%s %s from %s', (tz, expr, start) => {
    vi.useFakeTimers({ now: new Date(start) });
    const s = parseDigestSchedule(expr, tz);
    const task = cron.createTask(s.cron, () => undefined, { timezone: tz });
    try {
      // A leap-day schedule walks four years per run; a few runs are enough there.
      const count = expr.includes(' 29 2 ') ? 4 : 40;
      const theirs = task.getNextRuns(count).map((d) => d.toISOString());
      const ours: string[] = [];
      let t = new Date(start);
      for (let i = 0; i < count; i++) ours.push((t = nextSlot(s.fields, tz, t)).toISOString());
      expect(ours).toEqual(theirs);
    } finally {
      void task.destroy();
    }
  });
});
