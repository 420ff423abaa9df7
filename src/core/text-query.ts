import { placeOf } from './place-forms.ts';
import { aliasSyntax, type Story } from './story.ts';
import { minimalMatchSets, queryWords, storyNameTerms, type StoryTerm } from './story-terms.ts';
import { words, isStopword } from './text.ts';

/**
 * A full-text query as data. User text never becomes query syntax: a store compiles this structure, quoting every
 * word, so `syria OR *`, quotes and `NEAR(` are only ever searched as words.
 *
 * Semantics: an article matches when any group matches; a group matches when all its phrases occur and none of its
 * excluded phrases does; a phrase is a word sequence whose last word may also appear in one of its variant forms
 * (demonyms: syria → syrian), or one of its alternative sequences ("united states" → "american").
 */
export interface TextQuery {
  /** Alternatives; at least one must match. */
  anyOf: PhraseGroup[];
}

/** Phrases that must all occur, and phrases that must not. */
export interface PhraseGroup {
  /** Each phrase must occur somewhere in the title or body. */
  allOf: Phrase[];
  /** None of these may occur (a story's `-word` aliases). */
  noneOf?: Phrase[];
}

/** A sequence of words, matched adjacently. */
export interface Phrase {
  /** Lower-cased words, letters and digits only. */
  words: string[];
  /** Alternative forms of the last word (e.g. "syrian", "syrians" for "syria"). */
  lastWordVariants: string[];
  /** Other word sequences that count as this phrase (a country's other forms: "syria" for "syrian"). */
  alternatives?: string[][];
}

/** Suffixes that turn a place name into its demonym or plural ("syria" → "syrian"); a word's own form excluded. */
export function demonymVariants(word: string): string[] {
  if (!/^[a-z]{3,}$/.test(word)) return [];
  const out = new Set<string>();
  if (word.endsWith('a')) out.add(`${word}n`);
  if (word.endsWith('ia')) out.add(`${word}n`);
  if (/[^aeiou]$/.test(word)) {
    out.add(`${word}i`);
    out.add(`${word}ian`);
    out.add(`${word}ese`);
  }
  if (word.endsWith('an')) out.add(`${word}ese`);
  if (word.endsWith('i')) out.add(`${word}an`);
  if (word.endsWith('y')) out.add(`${word.slice(0, -1)}ian`);
  out.delete(word);
  return [...out];
}

/** The forms of a place, if the words name one, as alternatives of a phrase of those words. */
function placeAlternatives(ws: readonly string[]): string[][] {
  const key = ws.join(' ');
  return (placeOf(ws)?.forms ?? []).filter((f) => f.join(' ') !== key);
}

/** A phrase of words: a place with its other forms, else with the last word's demonym variants. */
function phraseOf(ws: string[]): Phrase {
  const alternatives = placeAlternatives(ws);
  if (alternatives.length > 0) return { words: ws, lastWordVariants: [], alternatives };
  return { words: ws, lastWordVariants: demonymVariants(ws[ws.length - 1]!) };
}

function termPhrase(t: StoryTerm): Phrase {
  const [first, ...rest] = t.forms;
  if (t.place) return { words: first!, lastWordVariants: [], alternatives: rest };
  return phraseOf(first!);
}

/**
 * The groups that decide whether an article matches a story name: one per smallest set of its terms that reaches
 * the match threshold (story-terms.ts), so "syrian crisis" matches with Syria (any form) alone. When some terms
 * are optional, one more group holds them all: it matches nothing the others miss, but it puts the optional words
 * into the query so that relevance ranking (BM25) prefers articles that have them.
 */
function nameGroups(name: string): PhraseGroup[] {
  const terms = storyNameTerms(name);
  const phrases = terms.map(termPhrase);
  const groups = minimalMatchSets(terms).map((set) => ({ allOf: set.map((i) => phrases[i]!) }));
  if (groups.length > 0 && !groups.some((g) => g.allOf.length === phrases.length)) groups.push({ allOf: phrases });
  return groups;
}

/**
 * The query that selects a tracked story's articles: its name by weighted terms (see {@link nameGroups}; a name in
 * quotes is one phrase), each alias as a phrase (an alias of several words was quoted by whoever typed it), and no
 * article that has one of the `-word` aliases.
 */
export function storyQuery(story: Pick<Story, 'name' | 'aliases'>): TextQuery {
  const anyOf: PhraseGroup[] = [];
  const noneOf: Phrase[] = [];
  const name = aliasSyntax(story.name);
  if (name.kind === 'phrase') {
    const ws = queryWords(name.text);
    if (ws.length > 0) anyOf.push({ allOf: [phraseOf(ws)] });
  } else anyOf.push(...nameGroups(name.text));
  for (const alias of story.aliases) {
    const a = aliasSyntax(alias);
    const ws = queryWords(a.text);
    if (ws.length === 0) continue;
    if (a.kind === 'exclude') noneOf.push(phraseOf(ws));
    else anyOf.push({ allOf: [phraseOf(ws)] });
  }
  return { anyOf: noneOf.length > 0 ? anyOf.map((g) => ({ ...g, noneOf })) : anyOf };
}

/**
 * The query for free text typed instead of a story name ("sudan ceasefire"): all content words must occur,
 * each accepting its demonym variants. Falls back to all words when everything is a stopword.
 */
export function freeTextQuery(text: string): TextQuery {
  const all = words(text);
  const content = all.filter((w) => !isStopword(w));
  const chosen = (content.length > 0 ? content : all).slice(0, 12);
  if (chosen.length === 0) return { anyOf: [] };
  return { anyOf: [{ allOf: chosen.map((w) => phraseOf([w])) }] };
}

/** A ranked retrieval query for questions: any content word may match; the store ranks by relevance. */
export function questionQuery(text: string): TextQuery {
  const content = [...new Set(words(text).filter((w) => !isStopword(w) && w.length > 1))].slice(0, 24);
  return { anyOf: content.map((w) => ({ allOf: [phraseOf([w])] })) };
}

/** True when the query can match nothing (no words at all). */
export function isEmptyQuery(q: TextQuery): boolean {
  return q.anyOf.length === 0;
}
