import { cleanText, paragraphs, splitSentences, words } from '../../core/text.ts';

/** A text file parsed into article fields; the date may be absent (the caller uses the file time). */
export interface ParsedText {
  /** Headline. */
  title: string;
  /** Body without boilerplate. */
  body: string;
  /** Date from the header, when present. */
  publishedAt: Date | null;
  /** Source from a `source:` header line, when present. */
  source: string | null;
  /** URL from a `url:` header line, when present. */
  url: string | null;
  /** Lines dropped as related-story headlines or markers (for reporting and tests). */
  dropped: string[];
}

const DATE_HEADER = /^\s*date\s*:?\s*(\d{4}-\d{2}-\d{2})\b\s*/i;
const META_LINE = /^\s*(title|source|url)\s*:\s*(.+)$/i;
const MARKERS = new Set(['details', 'read more', 'related', 'related news', 'advertisement', 'share', 'read also']);
// "US to establish military presence at Damascus airbase - Reuters": a wire-credited headline.
const CREDITED = /\s[-–—]\s(Reuters|AP|AFP|Associated Press|BBC|CNN|Al Jazeera|Bloomberg|UNN|dpa)\s*$/i;

/**
 * True for a line scraped from a related-stories box: a short line with no final punctuation, or a headline with a
 * wire credit. Body paragraphs are complete sentences; headlines are not.
 */
export function isRelatedHeadline(line: string): boolean {
  const t = line.trim();
  if (CREDITED.test(t)) return true;
  const n = words(t).length;
  if (n === 0) return true;
  const ends = /[.!?…:;]["'\u201d\u2019)\]]*$/u.test(t) || /["\u201d]$/u.test(t);
  return !ends && n <= 25;
}

function stripMarkdown(text: string): string {
  return text
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/^>\s?/gm, '')
    .replace(/`([^`]*)`/g, '$1');
}

/**
 * Parses the plain-text article form: an optional `date YYYY-MM-DD` header glued to the lede, optional
 * `title:`/`source:`/`url:` lines, a `Details` marker, body paragraphs and related-story headlines scraped between
 * them. Without a date header the first line is the title.
 */
export function parseTextArticle(raw: string, options: { markdown?: boolean } = {}): ParsedText {
  let text = cleanText(options.markdown ? stripMarkdown(raw) : raw);
  const meta: Record<string, string> = {};
  let publishedAt: Date | null = null;
  const dropped: string[] = [];

  // Header lines may come in any order before the text.
  for (;;) {
    const date = DATE_HEADER.exec(text);
    if (date) {
      const d = new Date(`${date[1]}T00:00:00Z`);
      if (!Number.isNaN(d.getTime()) && d.toISOString().startsWith(date[1]!)) publishedAt = d;
      text = text.slice(date[0].length);
      continue;
    }
    const m = META_LINE.exec(text.split('\n', 1)[0] ?? '');
    if (m) {
      meta[m[1]!.toLowerCase()] = m[2]!.trim();
      text = text.slice(text.indexOf('\n') + 1 || text.length);
      continue;
    }
    break;
  }

  const paras = paragraphs(text);
  const body: string[] = [];
  let title = meta['title'] ?? '';
  paras.forEach((p, i) => {
    if (MARKERS.has(p.toLowerCase().replace(/[:.]$/, ''))) {
      dropped.push(p);
      return;
    }
    // Without a date header the first line is the headline, not body.
    if (i === 0 && !publishedAt && !title && words(p).length <= 30 && paras.length > 1) {
      title = p;
      return;
    }
    if (isRelatedHeadline(p)) {
      dropped.push(p);
      return;
    }
    body.push(p);
  });
  if (!title) {
    const lede = splitSentences(body[0] ?? '')[0] ?? '';
    title = lede.length > 160 ? `${lede.slice(0, 157).replace(/\s+\S*$/, '')}…` : lede;
  }
  return {
    title: title.trim(),
    body: body.join('\n\n'),
    publishedAt,
    source: meta['source'] ?? null,
    url: meta['url'] ?? null,
    dropped,
  };
}
