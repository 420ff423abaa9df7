import { describe, expect, it } from 'vitest';
import { extractInlineCitations, quotations, verifyBullets } from '../../src/core/citation-check.ts';
import { numberMentions, numberValues } from '../../src/core/numbers.ts';

const SOURCES = new Map([
  [1, 'Police said 61 protesters were arrested in Khartoum on Tuesday. "We will not back down," an organiser said.'],
  [2, 'The UN appealed for $1.5 billion in aid. Inflation reached 45 percent in October 2025.'],
  [3, 'Sixty-one people were detained, according to rights groups, and twelve were later released.'],
  [4, 'Talks resumed in Jeddah.'],
]);

describe('numbers in text', () => {
  it('reads digits, separators, decimals, percentages, money scales and ordinals by value', () => {
    const v = numberValues('1,500 troops; 3.5%; $5m; 2.4 billion; the 21st round; 45 per cent');
    for (const x of ['1500', '3.5', '5', '5000000', '2.4', '2400000000', '21', '45']) expect(v.has(x)).toBe(true);
    expect(v.has('1')).toBe(false);
  });

  it('reads spelled-out numbers, including compounds and scales', () => {
    expect(numberValues('sixty-one people').has('61')).toBe(true);
    expect(numberValues('two hundred and five').has('200')).toBe(true);
    expect(numberValues('three million refugees').has('3000000')).toBe(true);
    expect(numberValues('twenty five').has('25')).toBe(true);
  });

  it('does not read letters glued to digits (G7, model names) as figures and marks "one" as weak', () => {
    expect(numberMentions('The G7 met.').length).toBe(0);
    const one = numberMentions('one of the largest');
    expect(one).toHaveLength(1);
    expect(one[0]!.weak).toBe(true);
    expect(numberMentions('seven were killed')[0]!.weak).toBe(false);
  });
});

describe('citation verification', () => {
  it('removes a citation to a source that was not provided and drops the bullet left without one', () => {
    const { bullets, counts } = verifyBullets(
      [
        { text: 'Talks resumed in Jeddah.', citations: [4] },
        { text: 'A ceasefire was signed.', citations: [9] },
      ],
      SOURCES,
    );
    expect(bullets.map((b) => b.text)).toEqual(['Talks resumed in Jeddah.']);
    expect(counts).toMatchObject({ bullets: 1, dropped: 1, badCitations: 1 });
  });

  it('keeps an uncited bullet marked unverified under the "mark" policy', () => {
    const { bullets, counts } = verifyBullets([{ text: 'A ceasefire was signed.', citations: [9] }], SOURCES, 'mark');
    expect(bullets).toEqual([
      { text: 'A ceasefire was signed.', citations: [], unverified: true, problems: ['no valid citation'] },
    ]);
    expect(counts).toMatchObject({ bullets: 1, dropped: 0, badCitations: 1, flagged: 1 });
  });

  it('flags "71 arrested" when the cited source says 61', () => {
    const { bullets, counts } = verifyBullets([{ text: 'Police arrested 71 protesters in Khartoum.', citations: [1] }], SOURCES);
    expect(bullets[0]).toMatchObject({ unverified: true, citations: [1] });
    expect(bullets[0]!.problems.join()).toMatch(/"71" is not in the cited sources/);
    expect(counts).toMatchObject({ bullets: 1, unsupportedNumbers: 1, flagged: 1 });
  });

  it('accepts a figure written differently in the source, but only in a cited source', () => {
    const ok = verifyBullets([{ text: '61 people were detained and 12 released.', citations: [3] }], SOURCES);
    expect(ok.bullets[0]!.unverified).toBe(false);
    expect(ok.counts.unsupportedNumbers).toBe(0);
    // The right number in an uncited source does not help.
    const wrong = verifyBullets([{ text: 'The UN asked for $1.5bn.', citations: [4] }], SOURCES);
    expect(wrong.counts.unsupportedNumbers).toBe(1);
    const money = verifyBullets([{ text: 'The UN asked for $1.5bn; inflation hit 45% in 2025.', citations: [2] }], SOURCES);
    expect(money.bullets[0]!.unverified).toBe(false);
  });

  it('drops every failing bullet under the "strict" policy', () => {
    const { bullets, counts } = verifyBullets([{ text: 'Police arrested 71 protesters.', citations: [1] }], SOURCES, 'strict');
    expect(bullets).toEqual([]);
    expect(counts).toMatchObject({ bullets: 0, dropped: 1, unsupportedNumbers: 1 });
  });

  it('requires quoted words to appear verbatim in a cited source', () => {
    const good = verifyBullets([{ text: 'An organiser said "we will not back down".', citations: [1] }], SOURCES);
    expect(good.bullets[0]!.unverified).toBe(false);
    const bad = verifyBullets([{ text: 'An organiser said \u201cwe will never surrender\u201d.', citations: [1] }], SOURCES);
    // Never shown as checked: the invented quotation shares too little with the source to be kept at all.
    expect(bad.bullets.filter((b) => !b.unverified)).toEqual([]);
    expect(bad.counts.unsupportedQuotes).toBe(1);
    // Quoted in a different source than the one cited.
    const elsewhere = verifyBullets([{ text: 'Someone said "we will not back down".', citations: [4] }], SOURCES);
    expect(elsewhere.counts.unsupportedQuotes).toBe(1);
  });

  it('reads inline [n] markers as citations and removes them from the text', () => {
    expect(extractInlineCitations('Talks resumed [4]. Aid flowed [1, 2].')).toEqual({
      text: 'Talks resumed. Aid flowed.',
      citations: [4, 1, 2],
    });
    const { bullets } = verifyBullets([{ text: 'Talks resumed in Jeddah [4].', citations: [] }], SOURCES);
    expect(bullets[0]).toMatchObject({ text: 'Talks resumed in Jeddah.', citations: [4], unverified: false });
  });

  it('drops empty and repeated bullets', () => {
    const { bullets, counts } = verifyBullets(
      [
        { text: 'Talks resumed in Jeddah.', citations: [4] },
        { text: '  ', citations: [4] },
        { text: 'talks resumed in jeddah.', citations: [4] },
      ],
      SOURCES,
    );
    expect(bullets).toHaveLength(1);
    expect(counts.dropped).toBe(2);
  });

  it('finds quotations in straight and curly quotes', () => {
    expect(quotations('He said "no deal." and \u2018never again\u2019')).toEqual(['no deal', 'never again']);
  });
});
