import { words, isStopword } from './text.ts';
import type { Story } from './story.ts';

/**
 * A full-text query as data. User text never becomes query syntax: a store compiles this structure, quoting every
 * word, so `syria OR *`, quotes and `NEAR(` are only ever searched as words.
 *
 * Semantics: an article matches when any group matches; a group matches when all its phrases occur; a phrase is a
 * word sequence whose last word may also appear in one of its variant forms (demonyms: syria → syrian).
 */
export interface TextQuery {
  /** Alternatives; at least one must match. */
  anyOf: PhraseGroup[];
}

/** Phrases that must all occur. */
export interface PhraseGroup {
  /** Each phrase must occur somewhere in the title or body. */
  allOf: Phrase[];
}

/** A sequence of words, matched adjacently. */
export interface Phrase {
  /** Lower-cased words, letters and digits only. */
  words: string[];
  /** Alternative forms of the last word (e.g. "syrian", "syrians" for "syria"). */
  lastWordVariants: string[];
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

function phrase(text: string, withVariants: boolean): Phrase | null {
  const ws = words(text);
  if (ws.length === 0) return null;
  return { words: ws, lastWordVariants: withVariants ? demonymVariants(ws[ws.length - 1]!) : [] };
}

/** The query that selects a tracked story's articles: its name or any alias, each as a phrase. */
export function storyQuery(story: Pick<Story, 'name' | 'aliases'>): TextQuery {
  const anyOf: PhraseGroup[] = [];
  for (const text of [story.name, ...story.aliases]) {
    const p = phrase(text, true);
    if (p) anyOf.push({ allOf: [p] });
  }
  return { anyOf };
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
  return { anyOf: [{ allOf: chosen.map((w) => ({ words: [w], lastWordVariants: demonymVariants(w) })) }] };
}

/** A ranked retrieval query for questions: any content word may match; the store ranks by relevance. */
export function questionQuery(text: string): TextQuery {
  const content = [...new Set(words(text).filter((w) => !isStopword(w) && w.length > 1))].slice(0, 24);
  return { anyOf: content.map((w) => ({ allOf: [{ words: [w], lastWordVariants: demonymVariants(w) }] })) };
}

/** True when the query can match nothing (no words at all). */
export function isEmptyQuery(q: TextQuery): boolean {
  return q.anyOf.length === 0;
}
