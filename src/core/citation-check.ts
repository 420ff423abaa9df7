import { claimProblem, claimSupport, indexSource, type SourceIndex } from './claim-support.ts';
import { numberMentions, numberValues } from './numbers.ts';

/**
 * Checks an LLM's cited bullets against the sources it was given. The model's citations are claims like any other:
 * a citation must name a provided source, every figure must occur in a cited source, quoted words must occur
 * verbatim in one, and the claim's content words and names must be found in the passages it cites (claim-support).
 * Pure logic; the caller supplies the source texts.
 */

/** A bullet as the model wrote it. */
export interface DraftBullet {
  /** Text; may contain inline markers like "[2]", which are read as citations and removed. */
  text: string;
  /** Source numbers the model cited. */
  citations: readonly number[];
}

/** A bullet after checking. */
export interface CheckedBullet {
  /** Text without inline citation markers. */
  text: string;
  /** Valid source numbers, in the order the model gave them; empty only when kept under the "mark" policy. */
  citations: number[];
  /** True when a check failed and the bullet is kept marked. */
  unverified: boolean;
  /** What failed, one line each ("71 is not in the cited sources"). */
  problems: string[];
  /** Set when the claim's content is not (`unsupported`) or only partly (`partial`) found in its cited sources. */
  claim?: 'partial' | 'unsupported';
}

/**
 * What happens to bullets that fail a check.
 * - `drop`: bullets left without a valid citation, or whose content is not in the sources they cite, are dropped;
 *   bullets with unsupported figures, quotes or only partly supported content are kept and marked unverified.
 * - `mark`: nothing is dropped; every failing bullet is kept and marked unverified.
 * - `strict`: every failing bullet is dropped.
 */
export type UnverifiedPolicy = 'drop' | 'mark' | 'strict';

/** Counts reported with every LLM-written result (`verification` in the JSON output). */
export interface VerificationCounts {
  /** Bullets kept. */
  bullets: number;
  /** Bullets dropped. */
  dropped: number;
  /** Figures not found in any cited source. */
  unsupportedNumbers: number;
  /** Citations naming no provided source (removed). */
  badCitations: number;
  /** Quotations not found verbatim in any cited source. */
  unsupportedQuotes: number;
  /** Bullets whose content words or names were not found in the sources they cite (dropped or flagged). */
  unsupportedClaims: number;
  /** Kept bullets marked unverified. */
  flagged: number;
}

/** The text of one numbered source: what a bullet citing it may rely on. */
export type SourceTexts = ReadonlyMap<number, string>;

const INLINE_CITATION = /\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;
// Quoted spans: straight or curly double quotes, and curly single quotes (straight ones are apostrophes too often).
const QUOTED = /"([^"]+)"|\u201c([^\u201d]+)\u201d|\u2018([^\u2019]+)\u2019/g;

/** Text compared for quotations: unicode-normalised, one kind of quote and dash, single spaces, lower case. */
function forQuotes(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** Removes inline markers and returns them as citation numbers. */
export function extractInlineCitations(text: string): { text: string; citations: number[] } {
  const citations: number[] = [];
  const clean = text.replace(INLINE_CITATION, (_, list: string) => {
    for (const n of list.split(/[,;]/)) citations.push(Number(n.trim()));
    return '';
  });
  // A space before "." or "," is a left-over; one before ":", ";", "?" or "!" is French typography and stays.
  return { text: clean.replace(/\s+([.,])/g, '$1').replace(/\s+/g, ' ').trim(), citations };
}

/** The quoted spans of a text, without surrounding punctuation. */
export function quotations(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(QUOTED)) {
    const span = (m[1] ?? m[2] ?? m[3] ?? '').trim().replace(/^[\s.,;:!?…-]+|[\s.,;:!?…-]+$/gu, '');
    if (span.length > 0) out.push(span);
  }
  return out;
}

/** Verifies bullets against numbered sources and applies the policy. */
export function verifyBullets(
  drafts: readonly DraftBullet[],
  sources: SourceTexts,
  policy: UnverifiedPolicy = 'drop',
): { bullets: CheckedBullet[]; counts: VerificationCounts; kept: number[] } {
  const counts: VerificationCounts = {
    bullets: 0,
    dropped: 0,
    unsupportedNumbers: 0,
    badCitations: 0,
    unsupportedQuotes: 0,
    unsupportedClaims: 0,
    flagged: 0,
  };
  const numberCache = new Map<number, Set<string>>();
  const quoteCache = new Map<number, string>();
  const valuesOf = (n: number): Set<string> => {
    let v = numberCache.get(n);
    if (!v) numberCache.set(n, (v = numberValues(sources.get(n) ?? '')));
    return v;
  };
  const indexCache = new Map<number, SourceIndex>();
  const indexOf = (n: number): SourceIndex => {
    let v = indexCache.get(n);
    if (!v) indexCache.set(n, (v = indexSource(sources.get(n) ?? '')));
    return v;
  };
  const quoteTextOf = (n: number): string => {
    let v = quoteCache.get(n);
    if (v === undefined) quoteCache.set(n, (v = forQuotes(sources.get(n) ?? '')));
    return v;
  };

  const bullets: CheckedBullet[] = [];
  const kept: number[] = [];
  const seen = new Set<string>();
  drafts.forEach((draft, index) => {
    const inline = extractInlineCitations(draft.text);
    const text = inline.text;
    if (!text || seen.has(text.toLowerCase())) {
      counts.dropped++;
      return;
    }
    const problems: string[] = [];
    const citations: number[] = [];
    for (const n of [...draft.citations, ...inline.citations]) {
      if (!Number.isInteger(n) || !sources.has(n)) {
        counts.badCitations++;
        problems.push(`[${n}] names no provided source`);
        continue;
      }
      if (!citations.includes(n)) citations.push(n);
    }
    const uncited = citations.length === 0;
    if (uncited) problems.push('no valid citation');

    let failed = false;
    let claim: CheckedBullet['claim'];
    if (!uncited) {
      const support = claimSupport(text, citations.map(indexOf));
      // Figures must stand in the passages the claim was found in (with the headline and date), not anywhere in a
      // long article: "27 minutes" is not supported by a "27" three paragraphs away.
      const supported = support.passages.length ? numberValues(support.passages.join('\n')) : new Set<string>();
      if (!support.passages.length) for (const n of citations) for (const v of valuesOf(n)) supported.add(v);
      if (support.verdict !== 'supported') {
        claim = support.verdict;
        counts.unsupportedClaims++;
        problems.push(claimProblem(support));
        failed = true;
      }
      for (const m of numberMentions(text)) {
        if (m.weak || m.values.some((v) => supported.has(v))) continue;
        counts.unsupportedNumbers++;
        problems.push(`"${m.text}" is not in the cited sources`);
        failed = true;
      }
      for (const q of quotations(text)) {
        const needle = forQuotes(q);
        if (citations.some((n) => quoteTextOf(n).includes(needle))) continue;
        counts.unsupportedQuotes++;
        problems.push(`the quotation "${q}" is not verbatim in the cited sources`);
        failed = true;
      }
    }

    const unrelated = claim === 'unsupported';
    const drop = policy === 'strict' ? uncited || failed : policy === 'drop' ? uncited || unrelated : false;
    if (drop) {
      counts.dropped++;
      return;
    }
    seen.add(text.toLowerCase());
    const unverified = uncited || failed;
    if (unverified) counts.flagged++;
    counts.bullets++;
    // Removed citations are reported in the counts; a kept bullet lists only what is still wrong with it.
    const bullet: CheckedBullet = { text, citations, unverified, problems: unverified ? problems.filter((p) => !p.startsWith('[')) : [] };
    if (claim) bullet.claim = claim;
    bullets.push(bullet);
    kept.push(index);
  });
  return { bullets, counts, kept };
}
