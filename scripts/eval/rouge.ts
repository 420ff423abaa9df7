import { stemmer } from 'stemmer';

/**
 * ROUGE-N F1 as used by the evaluation: lower-cased tokens of letters and digits, Porter-stemmed, n-grams counted
 * over the whole text (a summary is scored as one text, like `rouge_score` without sentence splitting), overlap
 * clipped per n-gram, and with several references the mean of the per-reference scores.
 */

/** Precision, recall and F1 of one comparison. */
export interface RougeScore {
  /** Matched n-grams over the summary's n-grams. */
  precision: number;
  /** Matched n-grams over the reference's n-grams. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when either is 0. */
  f1: number;
}

/** ROUGE tokens: lower-cased runs of ASCII letters and digits, each Porter-stemmed. */
export function rougeTokens(text: string): string[] {
  const raw = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/[a-z0-9]+/g);
  return (raw ?? []).map((t) => (/^[a-z]+$/.test(t) ? stemmer(t) : t));
}

/** Multiset of n-grams of a token list, as "a b" keys with counts. */
export function ngrams(tokens: readonly string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function total(m: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const c of m.values()) s += c;
  return s;
}

/** Scores prepared n-gram counts (lets callers that score many candidates tokenise once). */
export function scoreCounts(summary: ReadonlyMap<string, number>, reference: ReadonlyMap<string, number>): RougeScore {
  const sTotal = total(summary);
  const rTotal = total(reference);
  if (sTotal === 0 || rTotal === 0) return { precision: 0, recall: 0, f1: 0 };
  const [small, large] = summary.size <= reference.size ? [summary, reference] : [reference, summary];
  let overlap = 0;
  for (const [g, c] of small) overlap += Math.min(c, large.get(g) ?? 0);
  const precision = overlap / sTotal;
  const recall = overlap / rTotal;
  const f1 = overlap === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** ROUGE-N of a summary against one reference. */
export function rougeN(summary: string, reference: string, n: number): RougeScore {
  return scoreCounts(ngrams(rougeTokens(summary), n), ngrams(rougeTokens(reference), n));
}

/** ROUGE-N against several references: the mean of each measure over the references (0 with no reference). */
export function rougeNMulti(summary: string, references: readonly string[], n: number): RougeScore {
  if (references.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const s = ngrams(rougeTokens(summary), n);
  const scores = references.map((r) => scoreCounts(s, ngrams(rougeTokens(r), n)));
  const mean = (k: keyof RougeScore): number => scores.reduce((acc, x) => acc + x[k], 0) / scores.length;
  return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') };
}
