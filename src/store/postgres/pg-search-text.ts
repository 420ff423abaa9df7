import { stemmer } from 'stemmer';
import type { Phrase, TextQuery } from '../../core/text-query.ts';
import { languageLexeme, stemmingLanguage } from './pg-languages.ts';

/**
 * Full-text terms as SQLite's FTS5 `porter unicode61 remove_diacritics 2` tokenizer makes them, computed here rather
 * than by PostgreSQL's `to_tsvector`: diacritics removed (`Bogotá` is `bogota`), lower case, every run of characters
 * that is neither a letter nor a digit a separator (hyphens, apostrophes, dots, commas, so `al-Bab` is `al bab` and
 * an e-mail address is its words), and ASCII words reduced by the Porter stemmer. PostgreSQL's parser would instead
 * keep URLs, hosts and hyphenated words as single tokens and use the Snowball stemmer, so the two engines would
 * disagree on what matches; and it costs the database several milliseconds per article, work that here stays in the
 * instance. Documents and queries go through these same two functions (foldedWords, then baseTerm), so they always
 * agree.
 */
function foldedWords(text: string): string[] {
  // ASCII has no diacritics to remove: skip the normalisation, most of the cost on English text.
  const folded = (ASCII.test(text) ? text : text.normalize('NFKD').replace(/\p{M}+/gu, '')).toLowerCase();
  const words = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  // PostgreSQL refuses lexemes of 2 kB or more; no real word is that long.
  return words.some((w) => w.length > 500) ? words.filter((w) => w.length <= 500) : words;
}

/** A folded word's lexeme as SQLite makes it: the Porter stem of an ASCII word, any other word as it is. */
function baseTerm(word: string): string {
  return /^[a-z]+$/.test(word) ? stem(word) : word;
}

const LETTER = /\p{L}/u;

/** The lexemes one word stands for: its base term, and its stem in each stemming language given (words with letters). */
function wordLexemes(word: string, languages: readonly string[]): string[] {
  const base = baseTerm(word);
  if (languages.length === 0 || !LETTER.test(word)) return [base];
  return [base, ...languages.map((code) => languageLexeme(code, word))];
}

function add(positions: Map<string, string[]>, term: string, at: string): void {
  let list = positions.get(term);
  if (!list) positions.set(term, (list = []));
  if (list.length < MAX_POSITIONS_PER_TERM) list.push(at);
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/;

// Words repeat (a few thousand make up most of any news text), and stemming is the costly step of indexing an
// article: remember recent stems. Bounded, and emptied when full, so memory stays flat over any import.
const STEM_CACHE_MAX = 100_000;
const stems = new Map<string, string>();

function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size >= STEM_CACHE_MAX) stems.clear();
    stems.set(word, (s = stemmer(word)));
  }
  return s;
}

/** PostgreSQL keeps positions up to this value (larger ones are set to it) and at most 255 per lexeme. */
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_TERM = 255;

// Terms are letters and digits only, but quote them as tsvector/tsquery syntax requires anyway: whatever reaches the
// database is a quoted lexeme, never an operator.
function quote(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The `tsvector` literal of an article: title terms weighted A, body terms weighted B, positions counted across both
 * (the body starts after the title), as `to_tsvector` of the concatenation would give. An article in a language with
 * its own stemmer ({@link stemmingLanguage}) also gets, at the same positions, each word's stem in that language,
 * tagged with it ("fr:gouvern"), so that "Verhandlung" finds "Verhandlungen" in a German article while every English
 * match stays exactly as on SQLite.
 */
export function tsvectorLiteral(title: string, body: string, language?: string | null): string {
  const code = stemmingLanguage(language);
  const positions = new Map<string, string[]>();
  let pos = 0;
  for (const [text, weight] of [
    [title, 'A'],
    [body, 'B'],
  ] as const) {
    for (const word of foldedWords(text)) {
      pos = Math.min(pos + 1, MAX_POSITION);
      const at = `${pos}${weight}`;
      // wordLexemes(word, [code]) written out: this loop runs for every word of every stored article.
      add(positions, baseTerm(word), at);
      if (code && LETTER.test(word)) add(positions, languageLexeme(code, word), at);
    }
  }
  return [...positions].map(([term, list]) => `${quote(term)}:${list.join(',')}`).join(' ');
}

function phraseForm(words: readonly string[], languages: readonly string[]): string | null {
  const positions = foldedWords(words.join(' ')).map((w) => {
    const lexemes = [...new Set(wordLexemes(w, languages))].map(quote);
    return lexemes.length === 1 ? lexemes[0]! : `(${lexemes.join(' | ')})`;
  });
  if (positions.length === 0) return null;
  return positions.length === 1 ? positions[0]! : `(${positions.join(' <-> ')})`;
}

function phrase(p: Phrase, languages: readonly string[]): string | null {
  const forms = [p.words, ...p.lastWordVariants.map((v) => [...p.words.slice(0, -1), v]), ...(p.alternatives ?? [])];
  const compiled = [...new Set(forms.map((f) => phraseForm(f, languages)).filter((f): f is string => f !== null))];
  if (compiled.length === 0) return null;
  return compiled.length === 1 ? compiled[0]! : `(${compiled.join(' | ')})`;
}

/**
 * Compiles a {@link TextQuery} to tsquery text, for a `$n::tsquery` parameter: phrases are quoted terms joined by
 * `<->` (adjacent), alternatives by `|`, the phrases of a group by `&`, its excluded phrases by `& !(… | …)`. User text only ever becomes quoted terms of
 * letters and digits (`syria OR *`, quotes, `NEAR(`, `&|!:*()` are words or separators), so it can never add an
 * operator, a prefix match or a weight. With the workspace's stemming languages, each word also matches its stem in
 * each of them (see {@link tsvectorLiteral}). Null when the query can match nothing.
 */
export function compileTsquery(q: TextQuery, languages: readonly string[] = []): string | null {
  const groups: string[] = [];
  const one = (p: Phrase) => phrase(p, languages);
  for (const g of q.anyOf) {
    const wanted = g.allOf.filter((p) => p.words.length > 0);
    const phrases = wanted.map(one);
    // A phrase with no terms left could never match, so neither can its group.
    if (wanted.length === 0 || phrases.some((p) => p === null)) continue;
    const positive = phrases.length === 1 ? phrases[0]! : `(${phrases.join(' & ')})`;
    // An excluded phrase with no terms can occur nowhere, so it excludes nothing.
    const none = (g.noneOf ?? []).filter((p) => p.words.length > 0).map(one).filter((p): p is string => p !== null);
    groups.push(none.length === 0 ? positive : `(${positive} & !(${none.join(' | ')}))`);
  }
  return groups.length === 0 ? null : groups.join(' | ');
}
