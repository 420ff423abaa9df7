import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { SitrepError } from '../../src/core/errors.ts';

/**
 * Shared pieces of the property suites: hostile text generators and a growth check. Timing is never compared with an
 * absolute number, only within one run: the time for ten times the input over the time for the input. A linear scan
 * gives about 10; a quadratic one about 100.
 */

/** Most a linear function's time may grow when its input grows tenfold: loose, because memory effects and a shared, loaded machine stretch a linear scan to 15-50x at times, while a quadratic one is at 100x or more every time. */
export const MAX_GROWTH = 60;

/** Arbitrary text: any code points (lone surrogates included), short and long. */
export const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ maxLength: 400 }),
);

/** The pieces hostile and pathological inputs are made of. */
export const PIECES = [
  '1', '12', '1,000', '3.5', '%', '-', '--', '—', '"', '“', '”', "'", '’', '(', ')', '[', ']', '{', '}', '<', '>', '&amp;',
  '<div>', '</div>', '<p>', '<b>', '<!--', '-->', '<script>', '</script>', ' ', '  ', '\n', '\n\n', '\t', '\u00a0', '\u200b',
  '.', '. ', '...', '…', '!', '?', ',', ';', ':', '=', '*', '^', 'NEAR(', 'OR', 'AND', 'NOT', '"*"', 'two', 'two-',
  'hundred', 'thousand', 'million', 'twenty-first', 'first', 'one-', 'Mr.', 'U.S.', 'A.', 'Monday', 'May', 'May 5',
  'yesterday', 'syria', 'Syrian', 'é', 'e\u0301', 'ß', 'İ', 'ﬁ', '٣', 'السلام', '中文', '😀', '\ud800', '\udc00',
];

/** Text assembled from {@link PIECES}: long runs of digits, hyphens, quotes, brackets, number words, markup. */
export const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 300 })
  .map((parts) => parts.join(''));

/** Either kind. */
export const text = fc.oneof(anyText, hostileText);

/** Pathological inputs of about `n` characters, each one piece repeated or an alternation of two. */
export function pathological(n: number): string[] {
  const unit = (u: string): string => u.repeat(Math.ceil(n / u.length)).slice(0, n);
  return [
    unit('1'),
    unit('1,'),
    unit('1.'),
    unit('-'),
    unit('two-'),
    unit('two '),
    unit('hundred thousand '),
    unit('"'),
    unit('“a'),
    unit('('),
    unit('[1]'),
    unit('<div>'),
    unit('<a href="'),
    unit('A. '),
    unit('a'),
    unit('a:'),
    unit('. '),
    unit('Mr. '),
    unit('May 1 '),
    unit('\n'),
    unit('  \n'),
    unit('e\u0301'),
    unit('😀'),
  ];
}

// A full collection before each timing, so that one measurement does not pay for the garbage of the previous one.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Best of three timings of `fn`, in ms. */
function bestTime(fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    collect();
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * Asserts that `run` takes at most {@link MAX_GROWTH} times as long on each pathological input of 10n characters
 * as on the same input of n characters. A loaded machine makes single timings noisy (a pause for garbage collection,
 * another process), so a ratio above the bound is measured again, up to four times: noise does not repeat, while a
 * quadratic scan is 100x every time. Returns the largest ratio that passed (for the report).
 */
export function expectLinear(run: (input: string) => unknown, n = 20_000, inputs: (n: number) => string[] = pathological): number {
  const small = inputs(n);
  const large = inputs(10 * n);
  let worst = 0;
  small.forEach((s, i) => {
    run(s);
    let ratio = Infinity;
    for (let attempt = 0; attempt < 4 && ratio >= MAX_GROWTH; attempt++) {
      // A floor of 1 ms: below it the ratio measures the timer, not the function.
      ratio = Math.min(ratio, bestTime(() => run(large[i]!)) / Math.max(bestTime(() => run(s)), 1));
    }
    worst = Math.max(worst, ratio);
    expect(ratio, `input ${i} ("${s.slice(0, 12)}…") grew ${ratio.toFixed(1)}x for 10x the input`).toBeLessThan(MAX_GROWTH);
  });
  return worst;
}

/** Runs `fn`; anything thrown must be one of our errors. */
export function onlyOurErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SitrepError);
  }
}

/** Property runs per assertion: enough to find the shallow cases quickly, bounded for CI. */
export const RUNS = { numRuns: 300 };

/**
 * A timing check (the growth of run time with input size). These run with `npm run test:timing`: on a shared, loaded
 * machine single timings are noisy enough to fail a linear scan now and then, so `npm test` leaves them out and says
 * so in the test name.
 */
export const timing = it.runIf(process.env['SITREP_TIMING'] === '1');
