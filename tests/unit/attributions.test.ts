import { describe, expect, it } from 'vitest';
import { extractAttributions, sideOf } from '../../src/core/attributions.ts';
import { describeContradiction, findContradictions, passagesDisagree, type Passage } from '../../src/core/contradictions.ts';

const day = new Date('2011-06-20T12:00:00Z');
const p = (citation: number, outlet: string, text: string, publishedAt = day): Passage => ({ citation, outlet, publishedAt, text });

describe('who a passage says did it', () => {
  it('reads the doer after a deed, a blame, an attribution or a claim of responsibility', () => {
    expect(extractAttributions('Nine people were killed by NATO air strikes on a house in Sorman on Monday.')).toEqual([
      { actor: 'NATO air strikes', side: 'foreign air power' },
    ]);
    expect(extractAttributions('Officials blamed the blast on al Qaeda in Iraq.').map((a) => a.side)).toEqual(['al Qaeda']);
    expect(extractAttributions('The Taliban claimed responsibility for the attack in Kandahar.').map((a) => a.side)).toEqual(['the Taliban']);
    expect(extractAttributions("A rocket fired by Libyan leader Muammar Gaddafi's forces hit the town.").map((a) => a.side)).toEqual(['state forces']);
    expect(extractAttributions('The house was hit by shelling on Sunday.')).toEqual([]);
    expect(extractAttributions('The town was seized by rebels and the talks were launched by Turkey.').map((a) => a.actor)).toEqual(['Turkey']);
  });

  it('puts the names of one side together and leaves unnamed doers out', () => {
    for (const name of ['pro-Gaddafi forces', 'Gadhafi regime', 'government troops', 'security forces', 'loyalists']) expect(sideOf(name)).toBe('state forces');
    for (const name of ['NATO', 'coalition aircraft', 'French air strike', 'U.S warplanes']) expect(sideOf(name)).toBe('foreign air power');
    expect(sideOf('rebel fighters')).toBe('rebels');
    for (const name of ['gunmen', 'unidentified gunmen', 'snipers', 'air strikes', 'people']) expect(sideOf(name)).toBeNull();
  });
});

describe('sources that name different perpetrators', () => {
  const nato = 'Nine civilians were killed in Sorman on Monday when their house was hit by NATO air strikes, officials said.';
  const shelling = 'Nine civilians were killed in Sorman on Monday when their house was hit by shelling by Gaddafi forces, residents said.';

  it('flags one development pinned on different sides, with both values and their citations', () => {
    const found = findContradictions([p(1, 'Reuters', nato), p(2, 'CNN', shelling)]);
    const blame = found.find((c) => c.what === 'who was responsible');
    expect(blame?.values).toEqual([
      { value: 'NATO air strikes', citations: [1] },
      { value: 'Gaddafi forces', citations: [2] },
    ]);
    expect(describeContradiction(blame!)).toBe('Sources differ on who was responsible: NATO air strikes [1] vs Gaddafi forces [2]');
  });

  it('does not flag two names of one side, an unnamed doer, a denial that names both, one outlet, or another day or place', () => {
    expect(passagesDisagree(p(1, 'A', nato), p(2, 'B', nato.replace('NATO air strikes', 'coalition warplanes')))).toBe(false);
    expect(passagesDisagree(p(1, 'A', shelling), p(2, 'B', shelling.replace('Gaddafi forces', 'government troops')))).toBe(false);
    expect(passagesDisagree(p(1, 'A', nato), p(2, 'B', shelling.replace('by shelling by Gaddafi forces', 'by unidentified gunmen')))).toBe(false);
    const denial = 'NATO denied that its aircraft hit the house in Sorman on Monday, where nine civilians were killed by Gaddafi forces, it said.';
    expect(passagesDisagree(p(1, 'A', nato), p(2, 'B', denial))).toBe(false);
    expect(passagesDisagree(p(1, 'A', nato), p(2, 'A', shelling))).toBe(false);
    expect(passagesDisagree(p(1, 'A', nato), p(2, 'B', shelling.replace('Sorman', 'Zlitan')))).toBe(false);
    expect(passagesDisagree(p(1, 'A', nato), p(2, 'B', shelling, new Date('2011-06-25T12:00:00Z')))).toBe(false);
  });
});
