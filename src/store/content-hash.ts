import { createHash } from 'node:crypto';
import { contentHash } from '../core/article.ts';

// ASCII plus dashes and curly quotes: text that Unicode normalisation leaves as it is and whose only letters and
// digits are [A-Za-z0-9].
// eslint-disable-next-line no-control-regex
const PLAIN = /^[\u0000-\u007f\u2013\u2014\u2018\u2019\u201c\u201d]*$/;
// core/text `words` on such text, once lower-cased.
const PLAIN_WORDS = /[0-9]+(?:[.,][0-9]+)*|[a-z]+(?:['\u2019][a-z]+)?/g;

/**
 * Exactly `contentHash` (core/article.ts), with a fast path for plain text (ASCII, dashes, curly quotes: most news in English) that skips
 * Unicode normalisation and property classes. Bulk import spends a large share of its time here; a unit test keeps
 * the two equal.
 */
export function storeContentHash(body: string): string {
  if (!PLAIN.test(body)) return contentHash(body);
  const words = body.toLowerCase().match(PLAIN_WORDS) ?? [];
  return createHash('sha256').update(words.join(' ')).digest('hex').slice(0, 32);
}
