import { hash } from 'node:crypto';
import { contentHash } from '../core/article.ts';

// The fast path covers "plain" text: ASCII plus the dashes U+2013/U+2014 and the curly quotes U+2018/U+2019/U+201C/
// U+201D. On such text NFKC changes nothing, lower-casing only maps A-Z to a-z, and core/text `words` reduces to
// numbers [0-9]+(?:[.,][0-9]+)* and words [a-z]+(?:['’][a-z]+)?, found left to right, everything else skipped.
// The scanner below reproduces exactly that tokenisation and writes the tokens, joined by single spaces, straight
// into a buffer as UTF-8: no lower-cased copy, no array of word strings, no joined string.
// The check comes first, as one native regex pass: bailing out from inside the scanner instead was slightly faster
// on plain text but wasted the scan so far on every other body.
// eslint-disable-next-line no-control-regex
const PLAIN = /^[\u0000-\u007f\u2013\u2014\u2018\u2019\u201c\u201d]*$/;

const SPACE = 0x20;
const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** A-Z or a-z: OR-ing 0x20 maps exactly those onto a-z (and is how they are lower-cased below). */
function isLetter(c: number): boolean {
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x7a;
}

/**
 * Writes `words(body).join(' ')` of a plain `body` as UTF-8 into `out` and returns its length in bytes. `out` needs 3
 * bytes per UTF-16 unit of `body`: a token character takes at most 3 (’), and a separating space is only written
 * before a token's first character, which takes 1. Lookaheads may read past the end, where `charCodeAt` gives NaN:
 * neither a letter nor a digit, so every token stops there.
 */
function writePlainWords(body: string, out: Uint8Array): number {
  const length = body.length;
  let n = 0;
  let i = 0;
  while (i < length) {
    let c = body.charCodeAt(i);
    if (isDigit(c)) {
      if (n > 0) out[n++] = SPACE;
      do {
        out[n++] = c;
        c = body.charCodeAt(++i);
      } while (isDigit(c));
      // "3.5", "10,000", "1.2.3": a . or , continues a number only when a digit follows it.
      while ((c === 0x2e || c === 0x2c) && isDigit(body.charCodeAt(i + 1))) {
        out[n++] = c;
        c = body.charCodeAt(++i);
        do {
          out[n++] = c;
          c = body.charCodeAt(++i);
        } while (isDigit(c));
      }
    } else if (isLetter(c)) {
      if (n > 0) out[n++] = SPACE;
      do {
        out[n++] = c | 0x20;
        c = body.charCodeAt(++i);
      } while (isLetter(c));
      // "don't", "it’s": at most one apostrophe joins two runs of letters ("rock'n'roll" is "rock'n" and "roll").
      if ((c === APOSTROPHE || c === RIGHT_QUOTE) && isLetter(body.charCodeAt(i + 1))) {
        if (c === APOSTROPHE) {
          out[n++] = APOSTROPHE;
        } else {
          out[n++] = 0xe2;
          out[n++] = 0x80;
          out[n++] = 0x99;
        }
        c = body.charCodeAt(++i);
        do {
          out[n++] = c | 0x20;
          c = body.charCodeAt(++i);
        } while (isLetter(c));
      }
    } else {
      // Any other plain character separates tokens, a lone . , ' or ’ included.
      i++;
    }
  }
  return n;
}

// Bodies up to 16,384 UTF-16 units (news articles run to a few thousand) reuse one buffer instead of allocating and
// zeroing one per call, which measurably costs; longer ones get their own. Safe to share: it is filled and hashed
// synchronously within one call, which reads only the bytes it wrote.
const SHARED_BYTES = 3 * 16_384;
let shared: Uint8Array | undefined;

/**
 * Exactly `contentHash` (core/article.ts), with a fast path for plain text (ASCII, dashes, curly quotes: most news
 * in English) that skips Unicode normalisation, property classes and the intermediate strings. Bulk import computes
 * it for every article; a unit test keeps the two equal on real, generated and edge-case text.
 */
export function storeContentHash(body: string): string {
  if (!PLAIN.test(body)) return contentHash(body);
  const needed = 3 * body.length;
  const out = needed <= SHARED_BYTES ? (shared ??= new Uint8Array(SHARED_BYTES)) : new Uint8Array(needed);
  const n = writePlainWords(body, out);
  return hash('sha256', out.subarray(0, n), 'hex').slice(0, 32);
}
