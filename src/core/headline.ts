/**
 * What to call an article: its stored title when that title is the article's own headline, else a headline or lede
 * found in its body. Pages saved as text often open with a line that is not their headline — a promo for another
 * story repeated on every page of the outlet ("U.S. Northeast digs out from blizzard…" above a Libya report), a byline
 * run into story highlights ("By the CNN Wire Staff An Arab League statement rejects…"), a wire dateline
 * ("UNITED NATIONS | Wed May 4, 2011 4:54 pm EDT …"), and importers that take the first line as the title keep it.
 * Pure.
 */
import { isFurnitureLine, stripLeadingFurniture, WIRE_PLACE } from './furniture.ts';
import { candidateSentences, isBoilerplate } from './sentences.ts';
import { terms } from './text.ts';

/** What these functions read of an article. */
export interface TitledArticle {
  /** Stored title. */
  title: string;
  /** Clean body text. */
  body: string;
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?';
// A wire dateline stamp: "AJDABIYAH, Libya | Thu Apr 7, 2011", "UNITED NATIONS | Wed May 4, 2011".
const STAMP = `${WIRE_PLACE}\\s*\\|\\s*${DAY}\\s+${MONTH}\\s+\\d{1,2},?\\s+\\d{4}`;
const HAS_STAMP = new RegExp(`(?:^|\\s)${STAMP}|\\|\\s*${DAY}\\s+${MONTH}\\s+\\d{1,2},?\\s+\\d{4}`, 'u');
// "Full Article Libya war reaching stalemate, Washington says AJDABIYAH, Libya | Thu Apr 7, 2011 …": the headline
// stands between a page label and the dateline stamp.
// The place is repeated after the stamp ("BRUSSELS | Sat Oct 1, 2011 12:29 am IST BRUSSELS (Reuters)"), which tells
// where the headline ends when it ends in capitals itself ("… for NATO BRUSSELS |").
const BEFORE_STAMP = new RegExp(
  `^(?:(?:Full Article|Article|Analysis|Exclusive|Update \\d+)\\s*[-:]?\\s+)*(.{12,200}?)\\s+(${WIRE_PLACE})\\s*\\|\\s*${DAY}\\s+${MONTH}\\s+\\d{1,2},?\\s+\\d{4}[^|]{0,40}?\\s\\2\\b`,
  'iu',
);
// "Libyan missile misses Italian warship By the CNN Wire Staff French aircraft…": a headline run into a byline.
const BEFORE_BYLINE = /^(.{12,160}?)\s+(?=(?:By|From)\s+(?:the\s+)?\p{Lu})/u;
// A date stamp ("January 31, 2011 |", "Friday, 11 June 2010:") is no headline, whatever follows it.
const DATE_STAMP = new RegExp(`^(?:\\p{Lu}\\p{Ll}+day,?\\s*)?(?:${MONTH}\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+${MONTH},?\\s+\\d{4})\\s*[|:]`, 'u');
// A photo caption ends with the day it was taken: "A rebel fighter gestures … at the border crossing May 1, 2011."
const CAPTION_DATE = new RegExp(`\\b${MONTH}\\s+\\d{1,2},\\s+\\d{4}\\.?$`, 'u');
// "Picture shows damages at the port…": a caption.
const CAPTION_OPENER = /^(?:(?:Picture|Photo|Image|Video)s?\s+(?:shows?|showing)|(?:Watch|Pictured|Above|Left|Right)\s*:)/iu;
// A wire photo's credit where a page put the picture: "Credit: Reuters/Louafi Larbi (LIBYA - Tags: …)" in front of the
// dateline, or after the headline ("Gaddafi son warns of civil war Credit: Reuters/Libyan TV via REUTERS TV"). What
// follows it is credit, byline and dateline, never headline.
const PHOTO_CREDIT = /(?:^|\s)Credit\s*:\s*\p{Lu}[\p{L}\p{N} .&-]*\/.*$/u;
// Story highlights after a wire headline: "Dutch marines freed by Libya flown out to Greece * Marines arrive in Athens…".
const HIGHLIGHTS = /\s+[*•]\s.*$/u;
// A wire service's version label: "UPDATE 3-", "WRAPUP 9-", "REFILE-", "CORRECTED-".
const VERSION_LABEL = /^(?:UPDATE|WRAPUP|REFILE|CORRECTED|RPT|FACTBOX|TIMELINE|ANALYSIS|EXCLUSIVE|INSTANT VIEW)(?:\s*\d+)?\s*-\s*(?=\S)/u;

/** A headline candidate without the photo credit, highlights and version label that wire pages attach to it. */
function headlineOnly(text: string): string {
  return text.replace(PHOTO_CREDIT, '').replace(HIGHLIGHTS, '').replace(VERSION_LABEL, '').trim();
}
// A wire credit inside the text: what follows is the lede, not a headline.
const CREDIT = /\((?:Reuters|AP|AFP|CNN|BBC)\)\s*[-–—]/u;
// Least share of a title's words that the rest of the article must use for the title to be its headline: headlines
// word things their own way ("Misrata toll rises" over "…killing 85 people"), a promo for another story hardly at all.
const MIN_SUPPORT = 1 / 3;
const MAX_WORDS = 30;
const MAX_CHARS = 160;

function wordsOf(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

function shorten(text: string): string {
  const t = text.replace(/\s+/gu, ' ').trim();
  return t.length > MAX_CHARS ? `${t.slice(0, MAX_CHARS - 3).replace(/\s+\S*$/u, '')}…` : t;
}

/** The body without the title where it opens it (pages repeat their first line as the title). */
function bodyBeyond(title: string, body: string): string {
  const at = body.indexOf(title.replace(/…$/u, ''));
  return at >= 0 && at < 400 ? `${body.slice(0, at)} ${body.slice(at + title.length)}` : body;
}

/**
 * The stored title when it reads as this article's headline: no byline or dateline in it, not a pointer or caption,
 * a third of its words used again by the article (a promo for another story shares almost none), and not among
 * `repeated` (titles that several different articles carry). Null otherwise.
 */
export function trustedTitle(article: TitledArticle, repeated: ReadonlySet<string> = NONE): string | null {
  const raw = headlineOnly(article.title.replace(/\s+/gu, ' ').trim());
  if (!raw || repeated.has(raw)) return null;
  const before = BEFORE_BYLINE.exec(raw);
  if (before) {
    const rest = raw.slice(before[0].length);
    // Only when what follows really is a byline, which the furniture rules strip.
    if (stripLeadingFurniture(rest) !== rest) return supported(before[1]!.trim(), article.body);
  }
  return supported(raw, article.body);
}

function supported(raw: string, body: string): string | null {
  if (/^(?:By|From)\s/u.test(raw) || stripLeadingFurniture(raw) !== raw) return null;
  // A headline opens with a letter, a digit or a quote, not with "* " highlights or ") - " left from a dateline.
  if (!/^["“'‘]?[\p{L}\p{N}]/u.test(raw)) return null;
  if (HAS_STAMP.test(raw) || DATE_STAMP.test(raw) || CREDIT.test(raw) || CAPTION_DATE.test(raw) || CAPTION_OPENER.test(raw)) return null;
  if (isFurnitureLine(raw) || isBoilerplate(raw)) return null;
  const n = wordsOf(raw);
  if (n < 3 || n > MAX_WORDS) return null;
  const own = [...new Set(terms(raw))];
  if (own.length === 0) return null;
  const rest = new Set(terms(bodyBeyond(raw, body).slice(0, 20_000)));
  const used = own.filter((t) => rest.has(t)).length;
  return used >= MIN_SUPPORT * own.length - 1e-9 ? raw : null;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Titles that two or more articles with different text carry: the promo line a page template repeats above every
 * story ("2 men charged in death of Chicago teen…" above 58 reports on Egypt), not any one article's headline.
 */
export function repeatedTitles(articles: Iterable<TitledArticle>): Set<string> {
  const openings = new Map<string, Set<string>>();
  for (const a of articles) {
    const t = a.title.replace(/\s+/gu, ' ').trim();
    if (!t) continue;
    const opening = bodyBeyond(t, a.body).trim().slice(0, 200);
    (openings.get(t) ?? openings.set(t, new Set()).get(t)!).add(opening);
  }
  return new Set([...openings].filter(([, bodies]) => bodies.size >= 2).map(([t]) => t));
}

/** A headline found in the opening of the body, before a wire dateline stamp ("… AJDABIYAH, Libya | Thu Apr 7, 2011"). */
export function headlineInBody(body: string): string | null {
  for (const line of body.slice(0, 2_000).split('\n').slice(0, 4)) {
    const m = BEFORE_STAMP.exec(line.trim());
    if (!m) continue;
    const h = headlineOnly(m[1]!);
    if (/^(?:By|From)\s/u.test(h) || wordsOf(h) < 3 || wordsOf(h) > MAX_WORDS) continue;
    return shorten(h);
  }
  return null;
}

/** The article's headline when one can be trusted: its title, else one found before a dateline in the body. */
export function articleHeadline(article: TitledArticle, repeated: ReadonlySet<string> = NONE): string | null {
  return trustedTitle(article, repeated) ?? headlineInBody(article.body);
}

/** A headline fit to head a brief: the article's headline unless it is a question ("Are you in Libya?"). */
export function briefHeadline(article: TitledArticle | undefined, repeated: ReadonlySet<string> = NONE): string | undefined {
  const h = article ? articleHeadline(article, repeated) : null;
  return h && !h.endsWith('?') ? h : undefined;
}

/** What a source list calls an article: its headline, else the first sentence of its lede, else its stored title. */
export function displayTitle(article: TitledArticle, repeated: ReadonlySet<string> = NONE): string {
  const h = articleHeadline(article, repeated);
  if (h) return h;
  // The first line the title was taken from is not the lede when it was not the headline either.
  const title = article.title.replace(/…$/u, '').trim();
  const lede = candidateSentences(0, article.body, 3).find((c) => !c.text.startsWith(title))?.text;
  return lede ? shorten(lede) : shorten(article.title);
}
