import type { Article } from '../core/article.ts';
import { createDeadline, type Deadline } from '../core/deadline.ts';

/** Default time budget of one summarizing step (`SITREP_SUMMARY_TIMEOUT`). */
export const DEFAULT_SUMMARY_TIMEOUT_MS = 20_000;

/**
 * Most characters of one article's body that ranking, the LLM context and verification read. Ingest already caps
 * what is stored (a file's text at 1,000,000 characters, a feed item's at 200,000); a summary reads far less,
 * because what matters in news is at the top and the work must stay bounded however long an article is.
 */
export const MAX_SUMMARY_BODY_CHARS = 100_000;

/** The time budget of a request's summarizing step: ranking, grouping, the engine and verification. */
export interface SummaryLimits {
  /** Budget in ms. */
  timeoutMs: number;
  /** Monotonic clock in ms (injected; `performance.now` in production). */
  now: () => number;
}

/** Limits with defaults filled in. */
export function summaryLimits(partial: Partial<SummaryLimits> = {}): SummaryLimits {
  return { timeoutMs: partial.timeoutMs ?? DEFAULT_SUMMARY_TIMEOUT_MS, now: partial.now ?? (() => performance.now()) };
}

/** Starts the clock of one summarizing step. */
export function startSummaryDeadline(limits: SummaryLimits): Deadline {
  return createDeadline(limits.timeoutMs, limits.now);
}

/** The articles as a summary reads them: bodies longer than {@link MAX_SUMMARY_BODY_CHARS} cut at a word boundary. */
export function capForSummary<K>(articles: ReadonlyMap<K, Article>): Map<K, Article> {
  const out = new Map<K, Article>();
  for (const [k, a] of articles) {
    if (a.body.length <= MAX_SUMMARY_BODY_CHARS) {
      out.set(k, a);
      continue;
    }
    let end = MAX_SUMMARY_BODY_CHARS;
    while (end > MAX_SUMMARY_BODY_CHARS / 2 && !/\s/.test(a.body[end]!)) end--;
    if (end <= MAX_SUMMARY_BODY_CHARS / 2) end = MAX_SUMMARY_BODY_CHARS;
    // Never split a surrogate pair.
    if (/[\uD800-\uDBFF]/.test(a.body[end - 1]!)) end--;
    out.set(k, { ...a, body: a.body.slice(0, end).trimEnd() });
  }
  return out;
}
