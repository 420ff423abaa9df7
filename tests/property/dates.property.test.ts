import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mentionedDays } from '../../src/core/dates.ts';
import { parseFeedDate } from '../../src/core/feed-date.ts';
import { expectLinear, RUNS, text, timing } from './property-helpers.ts';

const DAY = 86_400_000;
const publishedAt = new Date('2025-11-20T12:00:00Z');

describe('dates: properties on arbitrary and hostile text', () => {
  it('mentioned days are whole UTC days within a year and a week of publication', () => {
    fc.assert(
      fc.property(text, (s) => {
        for (const d of mentionedDays(s, publishedAt)) {
          expect(d % DAY).toBe(0);
          expect(Math.abs(d - publishedAt.getTime())).toBeLessThan(400 * DAY);
        }
      }),
      RUNS,
    );
  });

  it('a feed date is either null or a real time from 1970 to 2200', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), (s) => {
        const d = parseFeedDate(s);
        if (d === null) return;
        expect(Number.isNaN(d.getTime())).toBe(false);
        expect(d.getUTCFullYear()).toBeGreaterThanOrEqual(1970);
        expect(d.getUTCFullYear()).toBeLessThanOrEqual(2200);
      }),
      RUNS,
    );
  });

  it('reads back every RFC 822 and ISO date it could have written', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-02T00:00:00Z'), max: new Date('2199-12-30T00:00:00Z'), noInvalidDate: true }), (d) => {
        const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
        expect(parseFeedDate(whole.toUTCString())?.getTime()).toBe(whole.getTime());
        expect(parseFeedDate(whole.toISOString())?.getTime()).toBe(whole.getTime());
      }),
      RUNS,
    );
  });

  timing('run in time linear in the input', () => {
    expectLinear((s) => mentionedDays(s, publishedAt));
    expectLinear((s) => parseFeedDate(s));
  });
});
