import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateSentences } from '../../src/core/sentences.ts';
import { cleanText, paragraphs, splitSentences, terms, words } from '../../src/core/text.ts';
import { createTermizer } from '../../src/core/termizer.ts';
import { expectLinear, RUNS, text, timing } from './property-helpers.ts';

const noSpace = (s: string): string => s.replace(/\s+/gu, '');

describe('text primitives: properties on arbitrary and hostile text', () => {
  it('cleanText is idempotent and leaves no control characters or untidy spacing', () => {
    fc.assert(
      fc.property(text, (s) => {
        const once = cleanText(s);
        expect(cleanText(once)).toBe(once);
        // eslint-disable-next-line no-control-regex
        expect(once).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\ufeff]|\r|\t| {2}|\n{3}/);
        expect(once).toBe(once.trim());
      }),
      RUNS,
    );
  });

  it('sentences re-join to their text: nothing but whitespace is lost or added, in order', () => {
    fc.assert(
      fc.property(text, (s) => {
        const sentences = splitSentences(s);
        expect(noSpace(sentences.join(''))).toBe(noSpace(paragraphs(s).join('')));
        for (const x of sentences) expect(x).toBe(x.trim());
      }),
      RUNS,
    );
  });

  it('words, terms and the termizer return non-empty tokens without whitespace', () => {
    const termize = createTermizer();
    fc.assert(
      fc.property(text, (s) => {
        for (const list of [words(s), terms(s), termize(s)]) for (const w of list) expect(w).toMatch(/^\S+$/u);
      }),
      RUNS,
    );
  });

  it('candidate sentences are reportable sentences of the body, at most the number asked for', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 30 }), (s, max) => {
        const got = candidateSentences(1, s, max);
        expect(got.length).toBeLessThanOrEqual(max);
        got.forEach((c, i) => expect(c.position).toBe(i));
      }),
      RUNS,
    );
  });

  timing('run in time linear in the input', () => {
    const termize = createTermizer();
    expectLinear((s) => cleanText(s));
    expectLinear((s) => splitSentences(s));
    expectLinear((s) => paragraphs(s));
    expectLinear((s) => terms(s));
    expectLinear((s) => termize(s));
    expectLinear((s) => candidateSentences(1, s, 1_000_000));
  });
});
