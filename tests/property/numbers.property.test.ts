import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberMentions, numberValues } from '../../src/core/numbers.ts';
import { expectLinear, onlyOurErrors, RUNS, text, timing } from './property-helpers.ts';

describe('numbers: properties on arbitrary and hostile text', () => {
  it('terminates, never throws, and every mention is text of the input with finite values', () => {
    fc.assert(
      fc.property(text, (s) => {
        onlyOurErrors(() => {
          const normal = s.normalize('NFKC').replace(/[\u2009\u202f]/g, ' ');
          for (const m of numberMentions(s)) {
            expect(normal).toContain(m.text);
            expect(m.values.length).toBeGreaterThan(0);
            for (const v of m.values) expect(Number.isFinite(Number(v))).toBe(true);
          }
        });
      }),
      RUNS,
    );
  });

  it('reads a number written with separators the same as without', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 999_999_999 }), (n) => {
        expect(numberValues(`about ${n.toLocaleString('en')} people`).has(String(n))).toBe(true);
        expect(numberValues(`about ${n} people`).has(String(n))).toBe(true);
      }),
      RUNS,
    );
  });

  timing('scans in time linear in the input', () => {
    expectLinear((s) => numberMentions(s));
  });
});
