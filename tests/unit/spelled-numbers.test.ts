import { describe, expect, it } from 'vitest';
import { numberMentions, numberValues } from '../../src/core/numbers.ts';

// Regression: a hyphenated word that starts with a number word ("two-day") used to loop forever and take the whole
// process down with it.
describe('spelled numbers in hyphenated and compound words', () => {
  const cases: [string, string[]][] = [
    ['a two-day visit', ['2']],
    ['a six-month truce', ['6']],
    ['a one-off payment', ['1']],
    ['a three-year-old girl', ['3']],
    ['the twenty-year war', ['20']],
    ['a sixty-one-year-old man', ['61']],
    ['a seven-point plan and a ten-day deadline', ['7', '10']],
    ['two-thirds of voters', ['2']],
    ['a forty-eight-hour ceasefire', ['48']],
    ['the twenty-first summit', ['21']],
    ['one-in-five children', ['1']],
    ['one in five children', ['1', '5']],
    ['three-quarters', ['3']],
    ['two hundred-strong crowd', ['200']],
    ['five million-dollar homes', ['5000000']],
    ['non-one', []],
    ['day-two talks', []],
    ['first-hand accounts', []],
  ];
  for (const [text, values] of cases) {
    it(`reads "${text}"`, () => {
      const got = numberValues(text);
      for (const v of values) expect(got.has(v), `${v} in ${[...got].join(',')}`).toBe(true);
      if (values.length === 0) expect(got.size).toBe(0);
    });
  }

  it('ends on every hyphenated number word followed by anything', () => {
    const words = ['one', 'two', 'three', 'ten', 'twenty', 'sixty', 'hundred', 'thousand', 'million', 'first', 'third'];
    const tails = ['day', 'off', 'x', 'one', 'hundred', 'first', '', 'year-old', 'two-three'];
    for (const w of words) {
      for (const t of tails) {
        const text = `a ${w}-${t} b ${w} ${t} ${w}-${w}-${t}`;
        expect(Array.isArray(numberMentions(text))).toBe(true);
      }
    }
  });

  it('keeps the mention text of a hyphenated word whole', () => {
    expect(numberMentions('a two-day visit').map((m) => m.text)).toEqual(['two-day']);
  });

  it('scans a long article of hyphenated number words in linear time', () => {
    const unit = 'a two-day visit, a six-month truce and one-off talks; ';
    const small = unit.repeat(200);
    const large = unit.repeat(2000);
    expect(numberMentions(small).length * 10).toBe(numberMentions(large).length);
  });
});
