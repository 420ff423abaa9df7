import { isNumberWord } from './numbers.ts';
import { createTermizer } from './termizer.ts';
import { demonymVariants } from './text-query.ts';
import { splitSentences, words } from './text.ts';

/**
 * Whether the content of a claim is found in the sources it cites: its content words (stemmed), its names and its
 * wording must come from a few consecutive sentences of those sources, not from memory. Figures and quotations are
 * checked elsewhere (citation-check); this catches the fluent sentence that cites a real source and shares nothing
 * with it. Pure logic, linear in the length of the sources for a claim of bounded length.
 */

/** A source prepared for claim checks; build once per source with {@link indexSource}, reuse for every claim. */
export interface SourceIndex {
  /** The sentences, in order. */
  texts: readonly string[];
  /** Content terms of each sentence, in order. */
  sentences: ReadonlySet<string>[];
  /** Every content term of the source. */
  all: ReadonlySet<string>;
}

/** How well a claim is supported by the sources it cites. */
export interface ClaimSupport {
  /** `supported`: found; `partial`: some content or a name missing; `unsupported`: the claim shares little with them. */
  verdict: 'supported' | 'partial' | 'unsupported';
  /** Share of the claim's content terms found in the best passages of the cited sources (1 for a claim without any). */
  coverage: number;
  /** Content words of the claim not found, as the claim writes them. */
  missing: string[];
  /** Names (capitalised words) of the claim found nowhere in the cited sources. */
  missingNames: string[];
  /**
   * The passages the claim was found in (the best window of each cited source, with its first and last lines: the
   * headline and date); empty when the claim has no content words. Its figures must come from these.
   */
  passages: string[];
}

/** Sentences read together as one passage: a claim may merge a sentence with its neighbours. */
const WINDOW = 3;
/** At least this share of content terms must be found for a claim to count as supported. */
const SUPPORTED = 0.8;
/** Below this share the claim is about something else than its sources. */
const UNRELATED = 0.5;
/** Claims are one sentence; longer text is cut here so that checking stays linear in the sources. */
const MAX_CLAIM_WORDS = 120;

const termOf = createTermizer();

// Words news writers swap for one another when they restate a report; each group supports any of its members. Kept
// to plain paraphrases of reporting verbs and common events: anything else must be found as written.
const PARAPHRASES = [
  'say tell state announce report add declare',
  'ask appeal call urge request demand',
  'reach hit rise climb increase',
  'fall drop decline decrease',
  'kill die dead death slay',
  'wound injure hurt',
  'seize take capture overrun',
  'arrest detain',
  'resign quit',
  'attack strike assault raid',
  'meet talk hold',
  'begin start launch',
  'end finish conclude',
  'leave depart flee',
  'protester demonstrator',
  'protest demonstration rally march',
  'troop soldier force',
  'government authority regime',
  'leader president ruler',
  'capital city',
  'toward towards',
].map((g) => g.split(' ').map((w) => termOf(w)[0] ?? w));
const PARAPHRASE_OF = new Map<string, string[]>();
for (const group of PARAPHRASES) for (const t of group) PARAPHRASE_OF.set(t, [...(PARAPHRASE_OF.get(t) ?? []), ...group]);

/** The term forms that would support a claim word: its stem, and a place name's demonym or the place of a demonym. */
function forms(word: string, stem: string): string[] {
  const out = new Set([stem, ...(PARAPHRASE_OF.get(stem) ?? [])]);
  for (const v of demonymVariants(word)) out.add(termOf(v)[0] ?? v);
  // The reverse direction: "egyptian" is supported by "egypt", "iraqi" by "iraq", "sudanese" by "sudan".
  for (const [suffix, add] of [['ian', ''], ['ian', 'y'], ['ian', 'ia'], ['an', ''], ['n', ''], ['i', ''], ['ese', '']] as const) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      const base = word.slice(0, -suffix.length) + add;
      if (demonymVariants(base).includes(word)) out.add(termOf(base)[0] ?? base);
    }
  }
  return [...out];
}

/** Splits a source text into sentence term sets. */
export function indexSource(text: string): SourceIndex {
  const texts = splitSentences(text);
  const sentences = texts.map((s) => new Set(termOf(s)));
  const all = new Set<string>();
  for (const s of sentences) for (const t of s) all.add(t);
  return { texts, sentences, all };
}

interface ClaimTerm {
  word: string;
  forms: string[];
  name: boolean;
}

// A token as written, to tell names (capitalised, not the claim's first word, or all capitals) from other words.
const TOKEN = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}]+(?:['\u2019][\p{L}]+)?/gu;

function claimTerms(claim: string): ClaimTerm[] {
  const out: ClaimTerm[] = [];
  const seen = new Set<string>();
  let first = true;
  let count = 0;
  const normal = claim.normalize('NFKC');
  for (const m of normal.matchAll(TOKEN)) {
    if (++count > MAX_CLAIM_WORDS) break;
    const written = m[0];
    const wasFirst = first;
    first = false;
    // Figures are the number check's business; "one" or "sixty" are figures too, and so is a unit glued to digits
    // ("$1.5bn", "50km").
    if (/\p{N}/u.test(written) || /\p{N}/u.test(normal.charAt(m.index - 1))) continue;
    const word = (words(written)[0] ?? '').replace(/['\u2019]s$/u, '');
    if (isNumberWord(word)) continue;
    const stem = termOf(word)[0];
    if (stem === undefined || seen.has(stem)) continue;
    seen.add(stem);
    const capital = /^\p{Lu}/u.test(written);
    const allCaps = written.length > 1 && written === written.toUpperCase() && /\p{Lu}/u.test(written);
    out.push({ word, forms: forms(word, stem), name: allCaps || (capital && !wasFirst) });
  }
  return out;
}

/**
 * Checks one claim against the indexes of the sources it cites. A term counts as found when some passage of up to
 * three consecutive sentences of a cited source contains it; the best passage of each cited source is taken, so a
 * claim merging two sources is supported by both together. Names must occur somewhere in a cited source.
 */
export function claimSupport(claim: string, cited: readonly SourceIndex[]): ClaimSupport {
  const terms = claimTerms(claim);
  if (terms.length === 0) return { verdict: 'supported', coverage: 1, missing: [], missingNames: [], passages: [] };
  const found = new Set<number>();
  const passages: string[] = [];
  for (const source of cited) {
    const best = bestWindow(terms, source);
    for (const k of best.terms) found.add(k);
    const last = source.texts.length - 1;
    const lines = new Set([0, last]);
    for (let i = Math.max(0, best.end - WINDOW + 1); i <= best.end; i++) lines.add(i);
    for (const i of [...lines].sort((a, b) => a - b)) if (source.texts[i] !== undefined) passages.push(source.texts[i]!);
  }
  const missing = terms.filter((_, k) => !found.has(k));
  const missingNames = terms.filter((t) => t.name && !cited.some((s) => t.forms.some((f) => s.all.has(f))));
  const coverage = found.size / terms.length;
  // A short claim may miss one word (a paraphrased verb), a longer one a fifth of them.
  const allowed = Math.max(1, Math.floor(terms.length * (1 - SUPPORTED)));
  const verdict =
    coverage < UNRELATED && missing.length > 1
      ? 'unsupported'
      : missing.length > allowed || missingNames.length > 0
        ? 'partial'
        : 'supported';
  return { verdict, coverage, missing: missing.map((t) => t.word), missingNames: missingNames.map((t) => t.word), passages };
}

/** The claim terms (by index) found in the best window of consecutive sentences of one source, and its last line. */
function bestWindow(terms: readonly ClaimTerm[], source: SourceIndex): { terms: number[]; end: number } {
  const n = source.sentences.length;
  // hits[i]: which claim terms sentence i contains.
  const hits = source.sentences.map((s) => terms.flatMap((t, k) => (t.forms.some((f) => s.has(f)) ? [k] : [])));
  let best: number[] = [];
  let end = 0;
  const counts = new Map<number, number>();
  const add = (i: number, d: number): void => {
    for (const k of hits[i]!) {
      const c = (counts.get(k) ?? 0) + d;
      if (c === 0) counts.delete(k);
      else counts.set(k, c);
    }
  };
  for (let i = 0; i < n; i++) {
    add(i, 1);
    if (i >= WINDOW) add(i - WINDOW, -1);
    if (counts.size > best.length) {
      best = [...counts.keys()];
      end = i;
    }
  }
  return { terms: best, end };
}

/** The problem line shown with a claim that is not fully supported. */
export function claimProblem(support: ClaimSupport): string {
  const list = (xs: string[]): string => xs.slice(0, 6).map((x) => `"${x}"`).join(', ') + (xs.length > 6 ? ', …' : '');
  if (support.verdict === 'unsupported') {
    return `the claim is not in the cited sources (${list(support.missing)} not found)`;
  }
  if (support.missingNames.length > 0) return `${list(support.missingNames)} not named in the cited sources`;
  return `part of the claim is not in the cited sources (${list(support.missing)} not found)`;
}
