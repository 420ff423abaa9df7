import { describe, expect, it } from 'vitest';
import { tokenize } from '../../commands/parse.ts';
import { splitSentences } from '../../src/core/text.ts';

// Inputs the timing properties found quadratic, kept as named cases: each took minutes to hours at this size before
// the fix (splitSentences re-scanned the paragraph from its start at every rejected boundary; tokenize flattened the
// growing word on every character) and now finishes well inside the test timeout.
describe('regressions found by the property suites', () => {
  it('splits 300,000 characters of initials ("A. A. A. …") as one sentence', () => {
    const text = 'A. '.repeat(100_000).trim();
    expect(splitSentences(text)).toEqual([text]);
  });

  it('splits 300,000 characters of titles ("Mr. Mr. …") as one sentence', () => {
    const text = 'Mr. '.repeat(75_000).trim();
    expect(splitSentences(text)).toEqual([text]);
  });

  it('still ends a sentence after a dotted acronym followed by a sentence opener, and not after a title', () => {
    expect(splitSentences('He flew to the U.S. The talks began. Gen. Haftar spoke.')).toEqual(['He flew to the U.S.', 'The talks began.', 'Gen. Haftar spoke.']);
    expect(splitSentences(`Wait${'!'.repeat(50_000)} Then it rained.`)).toHaveLength(2);
  });

  it('tokenizes a 300,000-character word, and still opens a quote after name: and name=', () => {
    expect(tokenize('a'.repeat(300_000))).toEqual(['a'.repeat(300_000)]);
    expect(tokenize('since:"7 days" q="a b" x"y"')).toEqual(['since:7 days', 'q=a b', 'x"y"']);
    expect(tokenize('since:"" "next"')).toEqual(['since:', 'next']);
  });
});
