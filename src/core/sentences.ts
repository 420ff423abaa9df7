import { splitSentences, words } from './text.ts';

/** A sentence of an article that may become (part of) a bullet. */
export interface CandidateSentence {
  /** Article it comes from. */
  articleId: number;
  /** 0-based index among the article's kept sentences (0 = lead). */
  position: number;
  /** Clean sentence text. */
  text: string;
}

// Lines that are page furniture, not reporting.
const BOILERPLATE =
  /\b(click here|subscribe|sign up|newsletter|all rights reserved|copyright|cookies?|follow us|read more|share this|terms of (use|service)|privacy policy|advertisement|related articles?|watch the video|photos?:|image caption|getty images|e-?mail (us|this)|download the app|rush transcript|aired \w+ \d{1,2}, \d{4})\b/i;

// "CAIRO, Egypt (CNN) -- " or "WASHINGTON (Reuters) - ": a dateline is not part of the news.
const DATELINE = /^(?:[\p{Lu}][\p{L}\p{M} .,'-]{1,60}\s*)?\((?:CNN|Reuters|AP|AFP|BBC)\)\s*(?:--|—|–|-)\s*/u;

/** Removes a leading dateline and wire credit from a sentence. */
export function stripDateline(sentence: string): string {
  return sentence.replace(DATELINE, '');
}

/** True when a sentence reads like a complete reported statement worth showing. */
export function isReportable(sentence: string): boolean {
  const n = words(sentence).length;
  if (n < 6 || n > 70) return false;
  if (!/[.!?]["'\u201d\u2019)\]]*$/u.test(sentence)) return false;
  if (/^[\p{Ll}]/u.test(sentence)) return false;
  if (sentence.endsWith('?')) return false;
  if (BOILERPLATE.test(sentence)) return false;
  // Lists of segment titles or headlines strung together with semicolons or pipes.
  if ((sentence.match(/[;|]/g)?.length ?? 0) >= 3) return false;
  if (/https?:\/\/|www\.|@\w+\.\w+/i.test(sentence)) return false;
  return true;
}

/**
 * The reportable sentences of an article body, leads first. Only the first `maxPerArticle` are kept: news puts what
 * matters at the top, and it bounds the work for long articles.
 */
export function candidateSentences(articleId: number, body: string, maxPerArticle = 25): CandidateSentence[] {
  const out: CandidateSentence[] = [];
  for (const raw of splitSentences(body)) {
    const text = stripDateline(raw).trim();
    if (!isReportable(text)) continue;
    out.push({ articleId, position: out.length, text });
    if (out.length >= maxPerArticle) break;
  }
  return out;
}
