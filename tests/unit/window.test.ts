import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { describeWindow, parseSince, parseWindow } from '../../src/core/window.ts';

const NOW = new Date('2026-11-20T15:30:00Z');
const iso = (d: Date): string => d.toISOString();

function fails(fn: () => unknown, message: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('window.invalid');
    expect((err as UserError).message).toMatch(message);
    return;
  }
  throw new Error('expected a window error');
}

describe('parseWindow', () => {
  it('reads durations, dates and ISO times as the start, up to now', () => {
    expect(iso(parseSince('24h', NOW).from)).toBe('2026-11-19T15:30:00.000Z');
    expect(iso(parseSince('2w', NOW).from)).toBe('2026-11-06T15:30:00.000Z');
    expect(iso(parseSince('2012-05-25', NOW).from)).toBe('2012-05-25T00:00:00.000Z');
    expect(iso(parseSince('2012-05-25T06:00:00Z', NOW).from)).toBe('2012-05-25T06:00:00.000Z');
    expect(parseSince('7d', NOW).to).toEqual(NOW);
  });

  it('includes the whole last day of --until and reads words', () => {
    const w = parseWindow({ since: '2012-05-25', until: '2012-05-28' }, NOW);
    expect(iso(w.from)).toBe('2012-05-25T00:00:00.000Z');
    expect(iso(w.to)).toBe('2012-05-29T00:00:00.000Z');
    expect(describeWindow(w)).toBe('2012-05-25 to 2012-05-28');
    const y = parseWindow({ since: 'yesterday', until: 'yesterday' }, NOW);
    expect([iso(y.from), iso(y.to)]).toEqual(['2026-11-19T00:00:00.000Z', '2026-11-20T00:00:00.000Z']);
    expect(iso(parseWindow({ since: 'last week' }, NOW).from)).toBe('2026-11-13T15:30:00.000Z');
    expect(iso(parseWindow({ since: 'last-week' }, NOW).from)).toBe('2026-11-13T15:30:00.000Z');
    expect(iso(parseWindow({ since: 'last 3 days' }, NOW).from)).toBe('2026-11-17T15:30:00.000Z');
    expect(iso(parseWindow({ since: 'today' }, NOW).from)).toBe('2026-11-20T00:00:00.000Z');
    // Today's date as the end stops at now, not at midnight ahead.
    expect(parseWindow({ since: '2026-11-01', until: '2026-11-20' }, NOW).to).toEqual(NOW);
  });

  it('takes the default span before an end given alone', () => {
    const w = parseWindow({ until: '2012-05-28' }, NOW, 86_400_000);
    expect([iso(w.from), iso(w.to)]).toEqual(['2012-05-28T00:00:00.000Z', '2012-05-29T00:00:00.000Z']);
    expect(iso(parseWindow({}, NOW).from)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('refuses empty values, future dates, ends before starts and unreadable text with specific errors', () => {
    fails(() => parseWindow({ since: '' }, NOW), /--since needs a value/);
    fails(() => parseWindow({ since: '  ' }, NOW), /--since needs a value/);
    fails(() => parseWindow({ until: '' }, NOW), /--until needs a value/);
    fails(() => parseWindow({ since: '2030-01-01' }, NOW), /--since 2030-01-01" is in the future/);
    fails(() => parseWindow({ since: '2012-01-01', until: '2027-01-01' }, NOW), /--until 2027-01-01" is in the future/);
    fails(() => parseWindow({ since: '2026-11-21T00:00:00Z' }, NOW), /in the future/);
    fails(() => parseWindow({ since: '2012-05-28', until: '2012-05-25' }, NOW), /ends before it starts: --until 2012-05-25 is not after --since 2012-05-28/);
    fails(() => parseWindow({ since: 'today', until: 'yesterday' }, NOW), /ends before it starts/);
    fails(() => parseWindow({ since: '2012-02-30' }, NOW), /not a valid date/);
    fails(() => parseWindow({ since: 'next tuesday' }, NOW), /Cannot read the window/);
    fails(() => parseWindow({ until: 'last week' }, NOW), /names a span/);
    fails(() => parseWindow({ since: '0h' }, NOW), /empty window/);
  });
});
