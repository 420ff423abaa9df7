import { placeOf } from './place-forms.ts';
import { isStopword } from './text.ts';

/**
 * The terms of a story name and how much each weighs when deciding whether an article belongs to the story.
 *
 * A name such as "syrian crisis" says *which* story (Syria) and *what kind* of story (a crisis). News about the
 * story names the first constantly and the second only now and then ("fighting", "the uprising", "the conflict"), so
 * requiring every word loses most of the coverage. Words that only say what kind of story it is — {@link EVENT_WORDS},
 * a closed list of generic news vocabulary, not of topics — weigh little; places weigh double; every other word weighs
 * one. An article matches a name when the terms it contains
 * reach {@link MATCH_THRESHOLD} of the name's total weight. The weights and the threshold are the same for every story.
 */

/** Share of a name's total term weight an article must contain to match it. */
export const MATCH_THRESHOLD = 0.7;
/** Weight of a country, its adjective or demonym. */
export const PLACE_WEIGHT = 2;
/** Weight of an ordinary word. */
export const WORD_WEIGHT = 1;
/** Weight of a generic event word. */
export const EVENT_WEIGHT = 0.25;
/** At most this many terms of a name decide a match (the heaviest, in name order); the rest are ignored. */
export const MAX_MATCH_TERMS = 6;

/**
 * Words that say what kind of story it is rather than which one: generic nouns of news about conflict, politics and
 * disasters. Stemming joins their plurals and verbs ("protests", "protesters", "protested" all stem to "protest").
 */
export const EVENT_WORDS: ReadonlySet<string> = new Set(
  `crisis crises war wars conflict conflicts protest protests protesters protester uprising uprisings revolution
  revolt unrest violence fighting clashes clash attack attacks strike strikes talks negotiations deal agreement
  election elections vote votes referendum situation news latest update updates development developments story
  affair scandal issue problem question invasion occupation intervention campaign offensive operation operations
  siege insurgency rebellion coup civil regime government politics political policy economy economic sanctions
  crackdown peace process summit reform reforms disaster catastrophe aftermath relief aid response recovery outbreak
  epidemic pandemic earthquake quake flood floods hurricane storm cyclone tsunami spill fire fires explosion blast
  trial case investigation inquiry death deaths killing killings murder protest movement demonstrations
  demonstration riots riot tensions dispute row standoff emergency humanitarian refugee refugees`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Lower-cased words of a story name or alias as the full-text engines split them: every run of letters and digits
 * (so `h1n1` stays one word and `d'ivoire` is `d ivoire`), marks kept with their letters.
 */
export function queryWords(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/** One term of a name: one or more alternative word sequences, and its weight. */
export interface StoryTerm {
  /** The word sequences that count as this term (the first as written); each is matched as a phrase. */
  forms: string[][];
  /** Weight towards the match threshold. */
  weight: number;
  /** Whether the term is a place of the country table (its forms are the table's). */
  place: boolean;
}

/** Whether a word is one of the generic {@link EVENT_WORDS}. */
export function isEventWord(word: string): boolean {
  return EVENT_WORDS.has(word);
}

/**
 * The weighted terms of a name: places, one term each whatever their form and however many words ("south
 * sudanese"), and every other content word (stopwords are left out unless the name has nothing else). At most
 * {@link MAX_MATCH_TERMS} terms are kept, the heaviest (ties in name order).
 */
export function storyNameTerms(name: string): StoryTerm[] {
  const ws = queryWords(name);
  const out: StoryTerm[] = [];
  for (let i = 0; i < ws.length; ) {
    let taken = 0;
    // The longest run of words that names a place ("south sudan", "united arab emirates").
    for (let n = Math.min(MAX_PLACE_WORDS, ws.length - i); n >= 1 && taken === 0; n--) {
      const place = placeOf(ws.slice(i, i + n));
      if (place) {
        out.push({ forms: place.forms, weight: PLACE_WEIGHT, place: true });
        taken = n;
      }
    }
    if (taken === 0) {
      const w = ws[i]!;
      if (!isStopword(w)) out.push({ forms: [[w]], weight: isEventWord(w) ? EVENT_WEIGHT : WORD_WEIGHT, place: false });
      taken = 1;
    }
    i += taken;
  }
  // A name of stopwords only ("the who") is matched as written.
  if (out.length === 0) return ws.length > 0 ? [{ forms: [ws], weight: WORD_WEIGHT, place: false }] : [];
  const ranked = out.map((t, i) => ({ t, i })).sort((a, b) => b.t.weight - a.t.weight || a.i - b.i).slice(0, MAX_MATCH_TERMS);
  return ranked.sort((a, b) => a.i - b.i).map((x) => x.t);
}

/** The longest place of the table, in words. */
const MAX_PLACE_WORDS = 4;

/**
 * The smallest sets of terms (as index lists) whose weight reaches the threshold: an article matches when it contains
 * every term of at least one of them. Minimal sets only, so the list stays short (at most 20 for six terms).
 */
export function minimalMatchSets(terms: readonly StoryTerm[], threshold = MATCH_THRESHOLD): number[][] {
  const n = terms.length;
  if (n === 0) return [];
  const total = terms.reduce((s, t) => s + t.weight, 0);
  const need = total * threshold - 1e-9;
  const sets: number[][] = [];
  // By increasing size, so a set is minimal when no smaller accepted set is inside it.
  const masks = [...Array(1 << n).keys()].slice(1).sort((a, b) => popcount(a) - popcount(b) || a - b);
  const accepted: number[] = [];
  for (const m of masks) {
    if (accepted.some((a) => (a & m) === a)) continue;
    let w = 0;
    for (let i = 0; i < n; i++) if (m & (1 << i)) w += terms[i]!.weight;
    if (w >= need) {
      accepted.push(m);
      sets.push([...Array(n).keys()].filter((i) => m & (1 << i)));
    }
  }
  return sets;
}

function popcount(m: number): number {
  let c = 0;
  for (let x = m; x; x &= x - 1) c++;
  return c;
}
