import { isFurnitureLine, stripHeadline, stripLeadingFurniture } from './furniture.ts';
import { paragraphs, splitListItems, splitSentences } from './text.ts';

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
  /\b(click here|subscribe|sign up|newsletter|all rights reserved|copyright|cookies?|follow us|read more|share this|terms of (use|service)|privacy policy|advertisement|related articles?|watch the video|photos?:|image caption|getty images|e-?mail (us|this)|download the app|rush transcript|aired \w+ \d{1,2}, \d{4}|can ?not play media|javascript|flash player|tune in|student news|download pdf|wire staff|last updated at|(?:see|watch|read) (?:also|more|related)|comments? (?:are|is|may|will) (?:not )?(?:be )?(?:pre-?screened|moderated|published|closed)|discussion is (?:now )?closed|views expressed|opinions expressed|retweet|contributed to this report|(?:is|are) not responsible for the content)\b/i;

// "CAIRO, Egypt (CNN) -- " or "WASHINGTON (Reuters) - ", whatever the credit in brackets: a dateline is not part of
// the news.
// A stray quote before the dash is a detokenising leftover: `BEIRUT (Reuters) "- The downfall…`.
const CREDIT = String.raw`\((?:\p{Lu}[\p{L}.&]*(?: \p{Lu}[\p{L}.&]*){0,2})\)\s*["“”]?\s*(?:--|—|–|-)\s*`;
// The place may hold two places and the day: "BENGHAZI/TRIPOLI, July 29 (Reuters) — ".
const DATELINE = new RegExp(String.raw`^(?:[\p{Lu}][\p{L}\p{M}\p{N} .,'/-]{1,60}\s*)?` + CREDIT, 'u');
// Some wire pages drop the dash: "TRIPOLI, Libya (Reuters) Libyan representatives…". Without a dash a bracketed name
// is often part of the sentence ("The International Criminal Court (Reuters) decided…"), so only a known agency
// after a capitalised place ("TRIPOLI", "TRIPOLI, Libya") and before a capital counts.
const DASHLESS_DATELINE = new RegExp(
  String.raw`^\p{Lu}{2,}(?:[ '-]\p{Lu}{2,})*(?:,\s*\p{Lu}[\p{L}\p{M}.'-]*(?: \p{Lu}[\p{L}\p{M}.'-]*){0,2})?\s*` +
    String.raw`\((?:Reuters|AP|AFP|CNN|BBC|UPI|Xinhua|dpa|Bloomberg|ANSA|IANS|PTI|Anadolu)\)\s+(?=["“'‘]?\p{Lu})`,
  'u',
);

// Where the lede starts when a page glued its headline, highlights or a photo caption in front of it: right after a
// wire credit ("... (CNN) — ", "... (Reuters) - "), a publication timestamp ("... 17.20 GMT ", "1:58 pm EDT ") or a
// photo credit ("Photograph: Jane Doe/AP ").
const LEDE_START = new RegExp(
  CREDIT +
    String.raw`|\b\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:GMT|BST|UTC|EDT|EST|CET|CEST|ET)\b` +
    // "… 08:03 GMT, Tuesday, 26 July 2011 09:03 UK (an error occurred while processing this directive)": the rest of a
    // "last updated" stamp and a page-server error left in the saved text.
    String.raw`(?:,?\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*\d{1,2}\s+\p{Lu}\p{Ll}+\s+\d{4}(?:\s+\d{1,2}[.:]\d{2}\s*(?:UK|GMT|BST)?)?)?` +
    String.raw`\s*(?:\(an error occurred while processing this directive\)\s*)?(?:Help\s+)?` +
    String.raw`|\bPhotograph:\s+(?:[^/]{1,60}?\\?\/)+\p{Lu}[\p{L}.-]*(?: Images| Features)?\s*`,
  'gu',
);

// Labels that open live-blog entries, transcripts and highlight boxes: "(Updated: 1:09 a.m. Monday ...):", "NEW:",
// "VIDEO:", "WOLF BLITZER, CNN ANCHOR:".
const LABEL_PREFIX = /^(?:\((?:updated|update|posted)[^)]{0,80}\)\s*(?::|--|—|–|-)?\s*|(?:NEW|VIDEO|TIMELINE|PHOTOS?|MAP|READ|WATCH|UPDATE|BREAKING)\s*:\s*)/iu;
const SPEAKER = /^[\p{Lu}][\p{Lu}\p{M} .'-]{2,40}(?:,[\p{Lu}\p{M} .,'-]{2,60})?:\s/u;

// Punctuation that no sentence opens with, left by a cut in front of it.
const LEFTOVER = /^(?:[-–—:;,|)\]]+\s*)+/u;
// The end of a stock ticker whose start was cut off with the text before it: "L) (BP.N) was set on Friday…".
const CUT_TICKER = /^[A-Z]{1,3}\)\s+(?:\([A-Z0-9]{1,6}\.[A-Z]{1,3}\)\s+)*/u;

// Word count for length checks: runs of letters or digits (cheaper than tokenising, same count for news prose).
function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['\u2019.,][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** True for a line of page boilerplate ("click here", "all rights reserved", "the opinions expressed are his own"). */
export function isBoilerplate(text: string): boolean {
  return BOILERPLATE.test(text);
}

/** Removes a leading dateline and wire credit from a sentence. */
export function stripDateline(sentence: string): string {
  return sentence.replace(DATELINE, '').replace(DASHLESS_DATELINE, '');
}

/** True when a sentence reads like a complete reported statement worth showing. */
export function isReportable(sentence: string): boolean {
  const n = wordCount(sentence);
  if (n < 6 || n > 70) return false;
  if (!/[.!?]["'\u201d\u2019)\]]*$/u.test(sentence)) return false;
  if (/^[\p{Ll}]/u.test(sentence)) return false;
  if (sentence.endsWith('?')) return false;
  if (BOILERPLATE.test(sentence) || isFurnitureLine(sentence)) return false;
  // Lists of segment titles or headlines strung together with semicolons or pipes.
  if ((sentence.match(/[;|]/g)?.length ?? 0) >= 3) return false;
  if (/https?:\/\/|www\.|@\w+\.\w+/i.test(sentence)) return false;
  // Transcript lines ("WOLF BLITZER, CNN ANCHOR: ...") are talk, not reporting.
  if (SPEAKER.test(sentence)) return false;
  return true;
}

// How many opening sentences may hold headline, highlights or captions before the lede.
const FURNITURE_LOOKAHEAD = 3;

/**
 * Cuts page furniture glued in front of the lede: when one of the first sentences holds a wire credit or a
 * publication timestamp, everything before it (headline, highlights, photo captions, bylines) goes.
 */
export function leadingFurnitureCut(sentences: readonly string[], lookahead = FURNITURE_LOOKAHEAD): string[] {
  for (let i = 0; i < Math.min(lookahead, sentences.length); i++) {
    const s = sentences[i]!;
    let end = -1;
    for (const m of s.matchAll(LEDE_START)) end = m.index + m[0].length;
    if (end < 0) continue;
    // A timestamp inside a bracket ("(Updated 9:22 p.m. ET, 3:22 a.m. in Libya) Forces…") cuts after the bracket.
    const open = (s.slice(0, end).match(/\(/g)?.length ?? 0) - (s.slice(0, end).match(/\)/g)?.length ?? 0);
    const close = open > 0 ? s.indexOf(')', end) : -1;
    if (close >= 0 && close - end <= 80) end = close + 1;
    const rest = s.slice(end).replace(/^[)\]]?\s*(?::|--|—|–|-)?\s*/u, '').trim();
    return rest ? [rest, ...sentences.slice(i + 1)] : sentences.slice(i + 1);
  }
  return [...sentences];
}

/** Strips labels that open a sentence ("NEW:", "(Updated: ...):") and a leading dateline. */
export function cleanSentence(sentence: string): string {
  // Dashes, colons and commas left in front by a cut headline or stamp ("— Demonstrators…", ": It seemed…").
  let s = stripLeadingFurniture(sentence.trim().replace(CUT_TICKER, '').replace(LEFTOVER, ''));
  // Labels and datelines all contain a bracket or a colon near the start; most sentences have neither.
  if (!/[(:]/.test(s.slice(0, 160))) return s;
  for (let i = 0; i < 3; i++) {
    const next = stripDateline(s.replace(LABEL_PREFIX, '')).trim();
    if (next === s) break;
    s = next;
  }
  return s;
}

// The opening sentences without the headline repeated in front of the lede, and without furniture before the lede.
function openingSentences(opening: readonly string[], title: string): string[] {
  const cut = leadingFurnitureCut(opening);
  if (title && cut.length > 0) cut[0] = stripHeadline(cut[0]!, title);
  return cut;
}

/**
 * The reportable sentences of an article body, leads first. Only the first `maxPerArticle` are kept: news puts what
 * matters at the top, and it bounds the work for long articles.
 */
export function candidateSentences(articleId: number, body: string, maxPerArticle = 25, title = ''): CandidateSentence[] {
  const out: CandidateSentence[] = [];
  const take = (raw: readonly string[]): boolean => {
    for (const r of raw.flatMap(splitListItems)) {
      const text = cleanSentence(r);
      if (!isReportable(text)) continue;
      out.push({ articleId, position: out.length, text });
      if (out.length >= maxPerArticle) return true;
    }
    return false;
  };
  // Paragraph by paragraph, so a long article is only split as far as needed; furniture glued to the lede lives in
  // the opening sentences, which may be one-line paragraphs.
  const opening: string[] = [];
  let opened = false;
  for (const para of paragraphs(body)) {
    const raw = splitSentences(para);
    if (!opened) {
      opening.push(...raw);
      if (opening.length < FURNITURE_LOOKAHEAD) continue;
      opened = true;
      if (take(openingSentences(opening, title))) return out;
      continue;
    }
    if (take(raw)) return out;
  }
  if (!opened) take(openingSentences(opening, title));
  return out;
}
