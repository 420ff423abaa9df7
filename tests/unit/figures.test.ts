import { describe, expect, it } from 'vitest';
import { bestPassage, describeContradiction, findContradictions, passagesDisagree, type Passage } from '../../src/core/contradictions.ts';
import { compareShown, shownOf } from '../../src/core/changes.ts';
import { extractFigures, figureLabel, formatFigure } from '../../src/core/figures.ts';

const day = new Date('2011-03-07T12:00:00Z');
const p = (citation: number, outlet: string, text: string, publishedAt = day): Passage => ({ citation, outlet, publishedAt, text });

describe('extractFigures', () => {
  it('binds counts to what they count, before or after the number', () => {
    const f = extractFigures('Gadhafi forces killed at least 85 people and wounded 40 in Misrata, while NATO flew 61 raids.');
    expect(f.map((x) => [x.kind, x.value, x.approximate])).toEqual([
      ['killed', 85, true],
      ['injured', 40, false],
      ['strikes', 61, false],
    ]);
    expect(formatFigure(f[0]!)).toBe('at least 85');
  });

  it('reads spelled-out numbers, ranges, scales and who is counted', () => {
    const [a, b] = extractFigures('Twenty-five civilians were wounded and 3 soldiers died.');
    expect([a!.kind, a!.value, a!.group, b!.kind, b!.group]).toEqual(['injured', 25, 'civilian', 'killed', 'soldier']);
    const [range] = extractFigures('Between 12,000 and 19,000 barrels a day are leaking.');
    expect([range!.value, range!.high, range!.rate, formatFigure(range!)]).toEqual([12000, 19000, true, '12,000–19,000']);
    expect(extractFigures('An estimated 4.9 m barrels leaked.')[0]!.value).toBe(4_900_000);
  });

  it('ignores dates, ages, years, money, shares and added parts', () => {
    expect(extractFigures('On February 17, 2011, a 61-year-old man and $5 million, 45% of them, were killed.')).toEqual([]);
    expect(extractFigures('Two more children were wounded.')).toEqual([]);
    expect(extractFigures('Libya said 15 people, including three children, were killed.').map((f) => f.value)).toEqual([15, 3]);
  });

  it('marks running totals', () => {
    const [total] = extractFigures('The death toll has risen to 300 since the uprising began.');
    expect(total!.cumulative).toBe(true);
    expect(figureLabel(total!)).toBe('killed (total)');
    expect(extractFigures('Seven people were killed in clashes on Sunday.')[0]!.cumulative).toBe(false);
  });
});

describe('contradictions between cited passages', () => {
  it('flags different counts of one development across outlets, with every value and its citations', () => {
    const found = findContradictions([
      p(1, 'Reuters', 'At least 18 people were killed in fighting in Misrata on Sunday, a doctor said.'),
      p(2, 'CNN', 'A doctor says at least 42 were killed in the fighting in Misrata on Sunday.'),
      p(3, 'BBC', 'At least 18 people died in the fighting in Misrata on Sunday, a doctor told the BBC.'),
    ]);
    expect(found).toEqual([{ what: 'killed', values: [{ value: 'at least 18', citations: [1, 3] }, { value: 'at least 42', citations: [2] }] }]);
    expect(describeContradiction(found[0]!)).toBe('Sources differ on killed: at least 18 [1][3] vs at least 42 [2]');
  });

  it('flags the same count called killed by one outlet and injured by another', () => {
    const found = findContradictions([
      p(1, 'A', 'Security forces fired on the march in Benghazi, and 12 people were killed, witnesses said.'),
      p(2, 'B', 'Security forces fired on the march in Benghazi, and 12 people were injured, witnesses said.'),
    ]);
    expect(found.map((c) => c.what)).toContain('killed vs injured');
    expect(found.find((c) => c.what === 'killed vs injured')!.values.map((v) => v.value)).toEqual(['12 killed', '12 injured']);
  });

  it('does not flag updates of one outlet, other days or places, totals beside one incident, or agreeing figures', () => {
    const shelling = 'Shelling of Misrata by Gadhafi forces killed 23 people on Sunday, a doctor said.';
    expect(passagesDisagree(p(1, 'A', shelling), p(2, 'A', shelling.replace('23', '30')))).toBe(false);
    expect(passagesDisagree(p(1, 'A', shelling), p(2, 'B', 'Shelling of Misrata by Gadhafi forces killed 6 people on Saturday, a doctor said.'))).toBe(false);
    const elsewhere = 'Shelling by Gadhafi forces in Zintan killed 6 people on Sunday, a doctor said.';
    expect(passagesDisagree(p(1, 'A', 'Shelling by Gadhafi forces in Misrata killed 23 people on Sunday, a doctor said.'), p(2, 'B', elsewhere))).toBe(false);
    expect(passagesDisagree(p(1, 'A', shelling), p(2, 'B', 'Shelling of Misrata by Gadhafi forces has killed 300 people since the uprising began, a doctor said.'))).toBe(false);
    expect(passagesDisagree(p(1, 'A', shelling), p(2, 'B', shelling, new Date('2011-03-12T12:00:00Z')))).toBe(false);
    expect(passagesDisagree(p(1, 'A', shelling), p(2, 'B', shelling.replace('23', 'twenty-three')))).toBe(false);
    expect(passagesDisagree(p(1, 'A', shelling), p(2, 'B', shelling.replace('23', '31')))).toBe(true);
  });

  it('finds the sentence of a source that states a bullet', () => {
    const body = 'Oil prices rose. Shelling of Misrata by Gadhafi forces killed 30 people on Sunday. Talks went on.';
    expect(bestPassage('Gadhafi forces shelled Misrata, killing 23 people', body)).toBe('Shelling of Misrata by Gadhafi forces killed 30 people on Sunday.');
    expect(bestPassage('NATO ministers met in Brussels', body)).toBeNull();
  });
});

describe('what changed between two briefs', () => {
  const shown = (texts: string[], firstId: number) => shownOf(texts.map((text, i) => ({ text, articleIds: [firstId + i] })), ['misrata']);

  it('moves a count of the same thing, marks new developments and names', () => {
    const before = shown(['Shelling of Misrata by government forces killed 61 people on Tuesday, doctors said.'], 1);
    const after = shown(
      ['Shelling of Misrata by government forces killed 85 people on Wednesday, doctors said.', 'Human Rights Watch called for an inquiry.'],
      10,
    );
    const diff = compareShown(before, after);
    expect(diff.figures).toEqual([{ what: 'killed', before: { value: '61', articleIds: [1] }, after: { value: '85', articleIds: [10] } }]);
    expect(diff.newBullets).toEqual([1]);
    expect(diff.actors).toEqual(['Human Rights Watch']);
  });

  it('does not move a count of another incident into this one', () => {
    const before = shown(['Shelling of Misrata by government forces killed 61 people on Tuesday, doctors said.'], 1);
    const after = shown(['A NATO air strike on a convoy near Brega killed four rebel commanders.'], 10);
    expect(compareShown(before, after).figures).toEqual([]);
  });
});
