import { describe, expect, it } from 'vitest';
import {
  estimatedJaccard,
  lshKeys,
  minhashSignature,
  NEAR_DUPLICATE_JACCARD,
  shingles,
  signatureFromBytes,
  signatureToBytes,
} from '../../src/core/near-duplicate.ts';
import { COPY, WIRE } from '../fixtures/wire-story.ts';

const OTHER =
  "Sudan's warring parties resumed ceasefire talks in Jeddah on Tuesday, mediators said, as aid agencies warned of famine in Darfur. The talks, brokered by Saudi Arabia and the United States, focus on a humanitarian truce. Previous rounds collapsed amid accusations of violations on both sides.";
// The same event told in other words: a different article, not a copy.
const REWRITE =
  'Jordan and Syria on Tuesday reopened their main border crossing, Nasib, to trucks. The reopening, two months after fighting near Daraa closed it, should help traders who lost millions, according to merchants in the Jordanian capital. About 40 lorries loaded with produce went through first.';

function trueJaccard(a: string, b: string): number {
  const x = shingles(a);
  const y = shingles(b);
  let both = 0;
  for (const s of x) if (y.has(s)) both++;
  return both / (x.size + y.size - both);
}

describe('near-duplicate detection (MinHash over 3-word shingles)', () => {
  const sig = (t: string) => minhashSignature(t)!;

  it('rates a wire copy from another outlet as a near duplicate, close to the true Jaccard similarity', () => {
    const est = estimatedJaccard(sig(WIRE), sig(COPY));
    expect(est).toBeGreaterThanOrEqual(NEAR_DUPLICATE_JACCARD);
    expect(Math.abs(est - trueJaccard(WIRE, COPY))).toBeLessThan(0.15);
  });

  it('does not link different stories or a rewrite in other words', () => {
    expect(estimatedJaccard(sig(WIRE), sig(OTHER))).toBeLessThan(0.2);
    expect(estimatedJaccard(sig(WIRE), sig(REWRITE))).toBeLessThan(NEAR_DUPLICATE_JACCARD);
  });

  it('ignores case, punctuation and spacing, and is deterministic', () => {
    expect(estimatedJaccard(sig(WIRE), sig(WIRE.toUpperCase().replace(/,/g, ' ;')))).toBe(1);
    expect([...sig(WIRE)]).toEqual([...sig(WIRE)]);
  });

  it('shares an LSH band with a near duplicate, so it is found without scanning every article', () => {
    const a = new Set(lshKeys(sig(WIRE)));
    expect(lshKeys(sig(COPY)).some((k) => a.has(k))).toBe(true);
    expect(lshKeys(sig(OTHER)).some((k) => a.has(k))).toBe(false);
  });

  it('refuses to judge a text that is too short', () => {
    expect(minhashSignature('Breaking: talks resume.')).toBeNull();
  });

  it('stores signatures as bytes and reads them back', () => {
    const s = sig(WIRE);
    expect([...signatureFromBytes(signatureToBytes(s))!]).toEqual([...s]);
    expect(signatureFromBytes(new Uint8Array(3))).toBeNull();
  });
});
