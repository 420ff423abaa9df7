import { stemmer } from 'stemmer';

/**
 * Text primitives shared by import, ranking and evaluation: normalisation, sentence splitting, tokens.
 * Pure functions only.
 */

// Characters that every step of cleanText except the spacing passes leaves alone wherever they stand: newline,
// printable ASCII, Latin-1 from U+00A1 (U+00A0 becomes a space), en/em dash, curly quotes, ellipsis. None has a
// canonical decomposition or combines with a neighbour under NFC (combining marks are left out), none is removed or
// rewritten, and only space and newline among them are whitespace to trim(). Everything else takes the full path.
const OUTSIDE_SETTLED = /[^\n\x20-\x7e\u00a1-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2026]/;
// Spacing the spacing passes would change: a run of spaces, a space beside a newline, three newlines.
const UNTIDY = / [ \n]|\n |\n\n\n/;

function isSpaceOrNewline(code: number): boolean {
  return code === 0x20 || code === 0x0a;
}

/** True when the spacing passes of {@link cleanText} would leave text made of settled characters as it is. */
function hasTidySpacing(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  if (isSpaceOrNewline(text.charCodeAt(0)) || isSpaceOrNewline(text.charCodeAt(n - 1))) return false;
  return !UNTIDY.test(text);
}

/** Collapses whitespace, removes zero-width and control characters, normalises quotes to NFC text. */
export function cleanText(text: string): string {
  // Most imported bodies are settled text with tidy spacing, already clean: one or two regex scans instead of the
  // passes. Settled text with untidy spacing skips NFC and the removal and line-ending passes, which would not
  // change it.
  if (!OUTSIDE_SETTLED.test(text)) return hasTidySpacing(text) ? text : tidySpacing(text);
  return tidySpacing(
    text
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\u2060\ufeff]/g, '')
      .replace(/\r\n?/g, '\n'),
  );
}

/**
 * The spacing passes of {@link cleanText}: one space for each run of spaces, tabs and nbsp; no space beside a newline;
 * at most two newlines in a row. Each pass matches only what it changes, never a lone space or newline that stays: the
 * same result, with one replacement per flaw instead of one per space and line break.
 */
function tidySpacing(text: string): string {
  return text
    .replace(/[ \t\u00a0]{2,}|[\t\u00a0]/g, ' ')
    .replace(/ +\n *|\n +/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Splits body text into paragraphs (blank-line or single-newline separated), trimmed, non-empty. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

// Words after which a period almost never ends a sentence.
const TITLES = new Set(
  'mr mrs ms dr prof gen lt col sgt capt cpt sen rep gov st jr sr rev maj adm cmdr pres gens messrs mt ft hon insp supt no vs v etc cf al approx est dept univ corp inc ltd co fig'.split(
    ' ',
  ),
);
const MONTHS = new Set('jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '));
// Words that typically start a sentence; used to decide whether "U.S." or "p.m." ends one.
const SENTENCE_STARTERS = new Set(
  'the a an he she it they we i in on at but and this that these those his her its their there however meanwhile after before when while if as for some many most one two three officials police protesters witnesses according earlier later still yet also'.split(
    ' ',
  ),
);

/**
 * Splits text into sentences. Handles titles ("Gen. Haftar"), initials ("J. Smith"), dotted acronyms ("U.S.",
 * "a.m."), decimals ("3.5"), ellipses and closing quotes/brackets after the final mark.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const raw of paragraphs(text)) {
    const para = raw.includes('(ID:') ? withoutWireIds(raw) : raw;
    let start = 0;
    // A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace, then the next char.
    // It starts only where a run of marks starts, so a long run ("!!!!…") is tried once, not once per mark.
    const re = /(?<![.!?])([.!?]+|\u2026)(["'\u201d\u2019)\]]*)(\s+)(?=(\S))/gu;
    let m: RegExpExecArray | null;
    while ((m = re.exec(para)) !== null) {
      const end = m.index + m[1]!.length + m[2]!.length;
      const next = m[4]!;
      // Only the word before the mark and the word after matter: bounded slices keep the scan linear when a long
      // paragraph has many marks that are not boundaries ("A. A. A. …").
      const before = para.slice(Math.max(start, m.index - CONTEXT), m.index);
      const afterAt = end + m[3]!.length;
      if (!isBoundary(before, m[1]!, m[2]!, next, para.slice(afterAt, afterAt + CONTEXT))) continue;
      const sentence = para.slice(start, end).trim();
      if (sentence) out.push(sentence);
      start = end;
    }
    const rest = para.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out;
}

// A list marker standing alone: "highlights * Marines arrive in Athens * To return shortly", "facts: * The 1918 …".
// Not "M*A*S*H" nor "s ** t".
const LIST_MARKER = /(?<![*\S])[*•](?![*\S])/u;
const LIST_MARKERS = new RegExp(LIST_MARKER.source, 'gu');

/**
 * A sentence as the list items run into it, each without its marker ("Facts: * The 1918 pandemic…" is "Facts:" and
 * "The 1918 pandemic…"). Sentences are split first, so that a page's highlights stay in front of the lede they open
 * until the furniture rules cut them.
 */
export function splitListItems(sentence: string): string[] {
  if (!LIST_MARKER.test(sentence)) return [sentence];
  return sentence
    .split(LIST_MARKERS)
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Removes a wire service's internal story references ("(ID: nLDE7261FX)"), which its pages print in place of a link,
 * often where a sentence ended: "…was under way (ID: nLC321991) Flu viruses mutate…" is two sentences.
 */
function withoutWireIds(para: string): string {
  return para.replace(/\s*\(ID:\s*n[A-Z0-9]{3,14}\)(\s*)(?=(\S)?)/gu, (m, space: string, next: string | undefined, at: number) => {
    const before = para.slice(Math.max(0, at - 1), at);
    if (at === 0 || next === undefined) return '';
    return /[\p{L}\p{N}"')\u201d\u2019]/u.test(before) && /[\p{Lu}"\u201c]/u.test(next) ? `.${space}` : space || ' ';
  });
}

// Characters of context read on each side of a candidate boundary: longer than any title, month or acronym.
const CONTEXT = 64;

function isBoundary(before: string, mark: string, closers: string, next: string, after: string): boolean {
  // The next sentence must start like one: a capital, a digit, an opening quote or bracket.
  if (!/[\p{Lu}\p{N}"'\u201c\u2018([\p{Lo}]/u.test(next)) return false;
  if (mark !== '.' || closers) return true;
  const lastWord = /([\p{L}\p{N}.'-]+)$/u.exec(before)?.[1] ?? '';
  const bare = lastWord.replace(/^.*[-']/u, '');
  const lower = bare.toLowerCase();
  if (TITLES.has(lower)) return false;
  if (MONTHS.has(lower) && /^\d/.test(next)) return false;
  // A single capital letter is an initial ("George W. Bush").
  if (/^\p{Lu}$/u.test(bare)) return false;
  // Dotted acronym ("U.S", "a.m", "U.N"): a boundary only when a typical sentence opener follows.
  if (/^(\p{L}\.)+\p{L}$/u.test(bare)) {
    const nextWord = (/^["'\u201c\u2018]?([\p{L}]+)/u.exec(after)?.[1] ?? '').toLowerCase();
    return SENTENCE_STARTERS.has(nextWord);
  }
  return true;
}

const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but
  by can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
  our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
  these they this those through to too under until up very was we were what when where which while who whom why will
  with would you your yours yourself yourselves said says say also one two new would could may might us mr mrs ms
  told last year years week weeks day days month months time since among around still like get got including would
  s t don didn doesn isn wasn weren won wouldn ve ll re d m`.split(/\s+/),
);

/** True for very common words that carry no topic (English). */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Lower-cased word tokens (letters and digits in any script); keeps numbers like "3.5" and "10,000" whole. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}]+(?:['\u2019][\p{L}]+)?/gu) ?? []
  );
}

/** Content terms: lower-cased, stopwords removed, Porter-stemmed. The unit of similarity and ranking. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const base = w.replace(/['\u2019]s$/u, '');
    if (base.length < 2 && !/\p{N}/u.test(base)) continue;
    if (STOPWORDS.has(base)) continue;
    out.push(/^[a-z]+$/.test(base) ? stemmer(base) : base);
  }
  return out;
}

/** Normalised text for content hashing: case, punctuation and whitespace differences do not matter. */
export function normaliseForHash(text: string): string {
  return words(text).join(' ');
}
