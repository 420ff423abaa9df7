import { describe, expect, it } from 'vitest';
import { candidateSentences, cleanSentence, isReportable, leadingFurnitureCut } from '../../src/core/sentences.ts';

describe('lede furniture', () => {
  it('cuts headline, highlights and captions glued before a wire credit', () => {
    const body = [
      'Protesters gather in a square.',
      'By the CNN Wire Staff NEW: Crowds swell in Benghazi Libya says foreign hands are behind the unrest (CNN) — Libyans opposed to the government vowed to return to the streets on Sunday.',
      'Security forces fired on crowds, witnesses said.',
    ].join('\n');
    const c = candidateSentences(1, body);
    expect(c.map((s) => s.text)).toEqual([
      'Libyans opposed to the government vowed to return to the streets on Sunday.',
      'Security forces fired on crowds, witnesses said.',
    ]);
    expect(c[0]!.position).toBe(0);
  });

  it('cuts at a Reuters credit and at a publication timestamp', () => {
    expect(leadingFurnitureCut(['* Output restarts at field MILAN, Sept 26 (Reuters) - Eni has restarted oil production in Libya.'])).toEqual([
      'Eni has restarted oil production in Libya.',
    ]);
    expect(
      leadingFurnitureCut(['Report claims sanctions were ignored Tuesday 17 May 2005 00.45 BST The United States turned a blind eye.', 'More.']),
    ).toEqual(['The United States turned a blind eye.', 'More.']);
    expect(leadingFurnitureCut(['A plain lede without furniture.', 'Second.'])).toEqual(['A plain lede without furniture.', 'Second.']);
  });

  it('strips live-blog and highlight labels and drops transcript lines', () => {
    expect(cleanSentence('(Updated: 1:09 a.m. Monday, Libya; 6:09 p.m. Sunday ET): The son of the leader spoke early Monday.')).toBe(
      'The son of the leader spoke early Monday.',
    );
    expect(cleanSentence('NEW: Troops moved into the capital overnight.')).toBe('Troops moved into the capital overnight.');
    expect(isReportable('WOLF BLITZER, CNN ANCHOR: The president is feeling the heat right now.')).toBe(false);
    expect(isReportable('To play this content JavaScript must be turned on and the latest Flash player installed.')).toBe(false);
    expect(isReportable('The president said the talks would continue on Monday.')).toBe(true);
  });
});
