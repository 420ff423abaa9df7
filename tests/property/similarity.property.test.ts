import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractInlineCitations, quotations, verifyBullets } from '../../src/core/citation-check.ts';
import { estimatedJaccard, lshKeys, minhashSignature, SIGNATURE_SIZE, signatureFromBytes, signatureToBytes } from '../../src/core/near-duplicate.ts';
import { expectLinear, onlyOurErrors, RUNS, text, timing } from './property-helpers.ts';

describe('near duplicates: properties', () => {
  it('a signature is null or full size, identical to itself, and survives its byte form', () => {
    fc.assert(
      fc.property(text, (s) => {
        const sig = minhashSignature(s);
        if (!sig) return;
        expect(sig.length).toBe(SIGNATURE_SIZE);
        expect(estimatedJaccard(sig, sig)).toBe(1);
        expect(signatureFromBytes(signatureToBytes(sig))).toEqual(sig);
        expect(lshKeys(sig).every((k) => Number.isInteger(k))).toBe(true);
      }),
      RUNS,
    );
  });

  timing('signs in time linear in the input', () => {
    expectLinear((s) => minhashSignature(s));
  });
});

describe('citation checks: properties', () => {
  const draft = fc.record({ text, citations: fc.array(fc.oneof(fc.integer({ min: -2, max: 6 }), fc.double()), { maxLength: 4 }) });
  const sources = fc.array(text, { maxLength: 5 }).map((list) => new Map(list.map((s, i) => [i + 1, s])));

  it('never throws; every draft is kept or dropped, and kept bullets cite only provided sources', () => {
    fc.assert(
      fc.property(fc.array(draft, { maxLength: 8 }), sources, fc.constantFrom('drop' as const, 'mark' as const, 'strict' as const), (drafts, src, policy) => {
        onlyOurErrors(() => {
          const r = verifyBullets(drafts, src, policy);
          expect(r.counts.bullets + r.counts.dropped).toBe(drafts.length);
          expect(r.bullets.length).toBe(r.counts.bullets);
          for (const b of r.bullets) for (const n of b.citations) expect(src.has(n)).toBe(true);
          if (policy === 'strict') expect(r.bullets.every((b) => !b.unverified)).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it('a bullet copied from its source with its own number is kept unflagged', () => {
    fc.assert(
      fc.property(text, (s) => {
        const t = extractInlineCitations(s).text;
        fc.pre(t.length > 0);
        const r = verifyBullets([{ text: t, citations: [1] }], new Map([[1, t]]), 'strict');
        expect(r.counts.bullets).toBe(1);
      }),
      RUNS,
    );
  });

  timing('scans in time linear in the input', () => {
    expectLinear((s) => extractInlineCitations(s));
    expectLinear((s) => quotations(s));
    expectLinear((s) => verifyBullets([{ text: s, citations: [1] }], new Map([[1, s]]), 'mark'), 5_000);
  });
});
