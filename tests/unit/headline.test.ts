import { describe, expect, it } from 'vitest';
import { briefHeadline, displayTitle, headlineInBody, repeatedTitles, trustedTitle } from '../../src/core/headline.ts';

const libya =
  'Libyan government forces fired a missile at an Italian warship in the Mediterranean Sea on Wednesday. ' +
  'The missile missed the warship, which was patrolling off the coast, Italian officials said. Nobody was hurt.';

describe('trustedTitle', () => {
  it('keeps a headline that the article bears out, also when it words things its own way', () => {
    expect(trustedTitle({ title: 'Libyan missile misses Italian warship', body: libya })).toBe('Libyan missile misses Italian warship');
    expect(trustedTitle({ title: 'Misrata toll rises', body: 'Shelling of Misrata killed 85 people on Monday, doctors said.' })).toBe('Misrata toll rises');
  });

  it('cuts a headline run into a byline at the byline', () => {
    const title = 'Libyan missile misses Italian warship By the CNN Wire Staff French aircraft carrier Charles de Gaulle';
    expect(trustedTitle({ title, body: libya })).toBe('Libyan missile misses Italian warship');
  });

  it.each([
    ['a byline run into highlights', 'By the CNN Wire Staff An Arab League statement rejects foreign intervention'],
    ['a wire dateline', 'UNITED NATIONS | Wed May 4, 2011 4:54 pm EDT UNITED NATIONS (Reuters) - The prosecutor said'],
    ['a promo for another story', 'U.S. Northeast digs out from blizzard, tornado strikes in South.'],
    ['a photo caption', 'A rebel fighter gestures next to his comrade at the border crossing of Dehiba May 1, 2011.'],
    ['a caption opener', 'Picture shows damage at the port of Tripoli after the strikes'],
    ['a disclaimer', 'The opinions expressed are his own.'],
    ['highlight markers', '* Obama administration sought secondary role in Libya'],
    ['a dateline remnant', ') - Following the speech, demonstrators stayed in the square'],
  ])('refuses %s', (_why, title) => {
    const body = `${title}\n\n${libya} The prosecutor, the Arab League, the rebels and the Obama administration spoke; demonstrators stayed in the square after the speech, and the port of Tripoli was hit. His own opinions were expressed.`;
    expect(trustedTitle({ title, body })).toBeNull();
  });

  it('refuses a title that several different articles carry', () => {
    const promo = '2 men charged in death of Chicago teen who performed in inauguration event.';
    const a = { title: promo, body: `${promo}\n${libya}` };
    const b = { title: promo, body: `${promo}\nEgypt's army said on Friday that it would hand power to civilians.` };
    const repeated = repeatedTitles([a, b, { title: 'Libyan missile misses Italian warship', body: libya }]);
    expect([...repeated]).toEqual([promo]);
    expect(trustedTitle(a, repeated)).toBeNull();
    // The same article saved twice is one article, not a template.
    expect(repeatedTitles([a, { ...a }]).size).toBe(0);
  });
});

describe('headlineInBody and displayTitle', () => {
  const reuters =
    'U.S. Northeast digs out from blizzard, tornado strikes in South.\n' +
    'Full Article Analysis - Libya endgame carries new risks for NATO BRUSSELS | Sat Oct 1, 2011 12:29 am IST BRUSSELS (Reuters) - ' +
    "NATO commanders are weighing how to wind down the alliance's Libya mission as rebels close in on the last towns.";

  it('finds the headline before a wire dateline, where the place is repeated after the stamp', () => {
    expect(headlineInBody(reuters)).toBe('Libya endgame carries new risks for NATO');
    const plain = 'Full Article Libya war reaching stalemate, Washington says AJDABIYAH, Libya | Thu Apr 7, 2011 11:29 pm IST AJDABIYAH, Libya (Reuters) - The war…';
    expect(headlineInBody(plain)).toBe('Libya war reaching stalemate, Washington says');
    expect(headlineInBody(libya)).toBeNull();
  });

  it('never takes a wire photo credit for the headline, before it or after it', () => {
    const credit =
      'Credit: Reuters/Louafi Larbi (LIBYA - Tags: CIVIL UNREST POLITICS CONFLICT) TRIPOLI | Sun May 1, 2011 12:58 am BST TRIPOLI (Reuters) - ' +
      'Libyan leader Muammar Gaddafi survived a NATO air strike on a Tripoli house, a government spokesman said on Saturday.';
    expect(headlineInBody(credit)).toBeNull();
    expect(displayTitle({ title: credit.slice(0, 120), body: credit })).toMatch(/^Libyan leader Muammar Gaddafi survived a NATO air strike/);
    const after =
      'Obama says ready to act over Gulf oil spill Credit: Reuters/Pete Souza/The White House By Anna Driver VENICE, La/WASHINGTON | Tue Jun 8, 2010 9:26 am EDT ' +
      'VENICE, La/WASHINGTON (Reuters) - President Barack Obama said he wanted to know who was to blame for the Gulf of Mexico oil spill.';
    expect(headlineInBody(after)).toBe('Obama says ready to act over Gulf oil spill');
  });

  it('names an article by its headline, else by its lede, never by the promo line it opens with', () => {
    expect(displayTitle({ title: 'U.S. Northeast digs out from blizzard, tornado strikes in South.', body: reuters })).toBe(
      'Libya endgame carries new risks for NATO',
    );
    const dated = 'HOUSTON | Tue Jun 29, 2010 7:45 pm EDT HOUSTON (Reuters) - Bad weather halted some clean-up efforts…';
    const body = `${dated.replace('…', '')} from the Gulf of Mexico oil spill on Tuesday as high winds threatened the relief wells.`;
    expect(displayTitle({ title: dated, body })).toMatch(/^Bad weather halted some clean-up efforts from the Gulf of Mexico oil spill/);
  });

  it('does not head a brief with a question', () => {
    expect(briefHeadline({ title: 'Will there be military intervention in Libya?', body: `${libya} Military intervention in Libya is debated.` })).toBeUndefined();
    expect(briefHeadline({ title: 'Libyan missile misses Italian warship', body: libya })).toBe('Libyan missile misses Italian warship');
  });
});
