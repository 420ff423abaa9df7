import { describe, expect, it } from 'vitest';
import { mentionedDays } from '../../src/core/dates.ts';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const pub = new Date('2011-02-17T15:00:00Z'); // a Thursday

describe('mentionedDays', () => {
  it('resolves weekdays to the most recent such day, today included', () => {
    expect(mentionedDays('Protests spread on Wednesday to Benghazi.', pub)).toEqual([day('2011-02-16')]);
    expect(mentionedDays('Police fired tear gas Thursday.', pub)).toEqual([day('2011-02-17')]);
    expect(mentionedDays('The march began last Friday.', pub)).toEqual([day('2011-02-11')]);
  });

  it('resolves relative words and calendar dates', () => {
    expect(mentionedDays('Yesterday the army moved in.', pub)).toEqual([day('2011-02-16')]);
    expect(mentionedDays('Crowds gathered again today and tonight.', pub)).toEqual([day('2011-02-17')]);
    expect(mentionedDays('The revolt began on February 15 in Benghazi.', pub)).toEqual([day('2011-02-15')]);
    expect(mentionedDays('It began on 15 Feb in Benghazi.', pub)).toEqual([day('2011-02-15')]);
    // A date more than a week ahead is last year's.
    expect(mentionedDays('Elections were held on December 3.', pub)).toEqual([day('2010-12-03')]);
  });

  it('does not read the verb "may" or a sentence without dates as a day', () => {
    expect(mentionedDays('Officials may meet again soon.', pub)).toEqual([]);
    expect(mentionedDays('The talks collapsed after the vote.', pub)).toEqual([]);
    expect(mentionedDays('Voting took place on May 5.', pub)).toEqual([day('2010-05-05')]);
  });
});
