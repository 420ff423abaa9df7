import { XMLValidator } from 'fast-xml-parser';
import { parseFeed } from 'feedsmith';
import { parseFeedDate } from '../../core/feed-date.ts';
import { cleanText } from '../../core/text.ts';
import { FeedParseError, readFeedText, refuseEntityDeclarations } from './feed-document.ts';
import { htmlToText, looksLikeHtml } from './html-text.ts';
import { jsonErrorPosition } from './json-position.ts';
import { parseHttpUrl } from '../../core/http-url.ts';

/** One entry of a feed, as plain data: text already cleaned, links absolute. */
export interface FeedItem {
  /** RSS guid, Atom id, JSON Feed id or RDF about, when present. */
  guid: string | null;
  /** Absolute link to the article page, when present. */
  url: string | null;
  /** Headline (plain text; may be empty when the feed gives none). */
  title: string;
  /** Summary / description as plain text. */
  summary: string;
  /** Full content (content:encoded, Atom content, JSON content) as plain text; empty when the feed has none. */
  content: string;
  /** Publication (else update) time, when the feed gives a readable one. */
  publishedAt: Date | null;
  /** Author name, when given. */
  author: string | null;
}

/** A parsed feed. */
export interface ParsedFeed {
  /** Syntax family. `rdf` is RSS 1.0. */
  format: 'rss' | 'atom' | 'rdf' | 'json';
  /** Feed title. */
  title: string | null;
  /** The site the feed belongs to (absolute), when given. */
  siteUrl: string | null;
  /** The language the feed declares (RSS `<language>`, Atom `xml:lang`, RSS 1.0 `dc:language`, JSON Feed `language`), as a BCP-47 tag. */
  language: string | null;
  /** Items in document order (at most {@link MAX_ITEMS}). */
  items: FeedItem[];
  /** Character encoding the document was read in. */
  encoding: string;
}

/** Most items read from one document: a hostile feed with a million entries costs no more than this. */
export const MAX_ITEMS = 500;
const MAX_TITLE = 500;
const MAX_TEXT = 200_000;
const DOUBLE_ESCAPED = /^\s*(<!--|<(p|div|span|table|a|img|br|h[1-6]|ul|ol|strong|em|b|i)\b[^>]*>)/i;

/** Where the document came from and how the server labelled it. */
export interface FeedSource {
  /** URL the document was fetched from (after redirects): the base for relative links. */
  url: string;
  /** Charset from the HTTP Content-Type header. */
  charset?: string | null;
}

interface Link {
  href?: string;
  rel?: string;
  type?: string;
}
interface Text {
  value?: string;
  type?: string;
}
interface XmlAttrs {
  xml?: { base?: string; lang?: string };
}
interface Dc {
  dc?: { dates?: string[]; creators?: string[] };
}
interface AnyItem extends XmlAttrs, Dc {
  title?: string | Text;
  link?: string;
  links?: Link[];
  description?: string;
  summary?: string | Text;
  content?: { encoded?: string; value?: string; type?: string };
  guid?: { value?: string; isPermaLink?: boolean };
  id?: string;
  rdf?: { about?: string };
  pubDate?: string;
  published?: string;
  updated?: string;
  authors?: { name?: string; email?: string }[];
  atom?: { published?: string; updated?: string; links?: Link[] };
  url?: string;
  external_url?: string;
  content_html?: string;
  content_text?: string;
  date_published?: string;
  date_modified?: string;
}
interface AnyFeed extends XmlAttrs {
  title?: string | Text;
  language?: string;
  dc?: { language?: string; languages?: string[] };
  link?: string;
  links?: Link[];
  home_page_url?: string;
  feed_url?: string;
  items?: AnyItem[];
  entries?: AnyItem[];
  atom?: { links?: Link[] };
}

function absolute(href: string | undefined | null, base: string | null): string | null {
  return parseHttpUrl(href, base)?.toString() ?? null;
}

function textOf(v: string | Text | undefined, html: boolean): string {
  if (v === undefined) return '';
  const raw = typeof v === 'string' ? v : (v.value ?? '');
  // Atom says how to read its text constructs; RSS descriptions are HTML by convention.
  const isHtml = typeof v === 'string' ? html || looksLikeHtml(raw) : v.type === 'html' || v.type === 'xhtml' || looksLikeHtml(raw);
  let text = isHtml ? htmlToText(raw) : cleanText(raw);
  // Double-escaped HTML (the markup itself escaped once more, as some generators do) still starts with markup after
  // one decoding; decode it once more. Text that merely quotes markup further in (a code sample) is left as it is.
  if (isHtml && DOUBLE_ESCAPED.test(text)) text = htmlToText(text);
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

function titleOf(v: string | Text | undefined): string {
  const t = textOf(v, false).replace(/\s+/g, ' ').trim();
  return t.length > MAX_TITLE ? `${t.slice(0, MAX_TITLE - 1)}…` : t;
}

function pickLink(links: Link[] | undefined, base: string | null): string | null {
  if (!links?.length) return null;
  const alternates = links.filter((l) => !l.rel || l.rel === 'alternate');
  const html = alternates.find((l) => !l.type || /html/i.test(l.type));
  return absolute((html ?? alternates[0])?.href, base);
}

/**
 * The base for relative links when the document sets no xml:base: the site link, else the feed's own declared (self)
 * URL, else the URL it was fetched from. Feeds are often served from a different host (a CDN, FeedBurner) than the
 * site whose paths their relative links name.
 */
function implicitBase(feed: AnyFeed, fetchedFrom: string): string {
  const self = [...(feed.links ?? []), ...(feed.atom?.links ?? [])].find((l) => l.rel === 'self')?.href;
  const site = feed.link ?? feed.home_page_url ?? pickLink(feed.links, null) ?? undefined;
  return absolute(site, null) ?? absolute(self, null) ?? absolute(feed.feed_url, null) ?? fetchedFrom;
}

function dateOf(item: AnyItem): Date | null {
  const candidates = [
    item.pubDate,
    item.published,
    item.date_published,
    ...(item.dc?.dates ?? []),
    item.atom?.published,
    item.updated,
    item.date_modified,
    item.atom?.updated,
  ];
  for (const c of candidates) {
    const d = parseFeedDate(c);
    if (d) return d;
  }
  return null;
}

function toItem(item: AnyItem, format: ParsedFeed['format'], feedBase: string): FeedItem {
  const base = absolute(item.xml?.base, feedBase) ?? feedBase;
  const guid = (item.guid?.value ?? item.id ?? item.rdf?.about ?? '').trim() || null;
  let url =
    absolute(item.link, base) ??
    pickLink(item.links, base) ??
    pickLink(item.atom?.links, base) ??
    absolute(item.url, base) ??
    absolute(item.external_url, base);
  // An RSS guid is a permalink unless it says otherwise.
  if (!url && format === 'rss' && guid && item.guid?.isPermaLink !== false) url = absolute(guid, null);
  const content =
    item.content_html !== undefined
      ? textOf(item.content_html, true)
      : item.content_text !== undefined
        ? cleanText(item.content_text)
        : item.content?.encoded !== undefined
          ? textOf(item.content.encoded, true)
          : item.content?.value !== undefined
            ? textOf({ value: item.content.value, ...(item.content.type ? { type: item.content.type } : {}) }, false)
            : '';
  const summary = item.description !== undefined ? textOf(item.description, true) : textOf(item.summary, false);
  const author = item.authors?.[0]?.name ?? item.authors?.[0]?.email ?? item.dc?.creators?.[0] ?? null;
  return {
    guid,
    url,
    title: titleOf(item.title),
    summary,
    content,
    publishedAt: dateOf(item),
    author: author ? cleanText(author).slice(0, 200) : null,
  };
}

/**
 * Parses an RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 or JSON Feed 1.x document. Throws {@link FeedParseError} with a
 * precise reason: "not a feed" (an HTML page, another XML or JSON document), "malformed XML at line N", declared
 * entities, binary or oversized content.
 */
export function parseFeedDocument(bytes: Buffer, source: FeedSource): ParsedFeed {
  const doc = readFeedText(bytes, source.charset);
  if (doc.kind === 'html') {
    throw new FeedParseError('not_a_feed', 'This is not a feed: it is an HTML page.', { isHtmlPage: true });
  }
  if (doc.kind === 'unknown') throw new FeedParseError('not_a_feed', 'This is not a feed: the document is neither XML nor JSON.');
  if (doc.kind === 'json') {
    let json: unknown;
    try {
      json = JSON.parse(doc.text);
    } catch (err) {
      const at = jsonErrorPosition(doc.text);
      const where = at ? ` at line ${at.line}, column ${at.column}` : '';
      throw new FeedParseError('malformed', `Malformed JSON${where}: ${(err as Error).message}`, { cause: err });
    }
    const version = (json as { version?: unknown })?.version;
    if (typeof version !== 'string' || !/jsonfeed\.org\/version\/1/.test(version)) {
      throw new FeedParseError('not_a_feed', 'This is not a feed: the JSON document has no JSON Feed version (https://jsonfeed.org/version/1.1).');
    }
    try {
      return build(parseFeed(json as object), doc.encoding, source.url);
    } catch (err) {
      const empty = emptyJsonFeed(json as { title?: unknown; items?: unknown }, doc.encoding);
      if (empty) return empty;
      throw new FeedParseError('not_a_feed', `This is not a feed: ${(err as Error).message}.`, { cause: err });
    }
  }
  if (!['rss', 'feed', 'rdf'].includes(doc.root ?? '')) {
    throw new FeedParseError('not_a_feed', `This is not a feed: its root element is <${doc.root}>, not <rss>, <feed> or <rdf:RDF>.`);
  }
  refuseEntityDeclarations(doc.text);
  const valid = XMLValidator.validate(doc.text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw new FeedParseError('malformed', `Malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(doc.text);
  } catch (err) {
    const empty = emptyXmlFeed(doc.text, doc.root!, doc.encoding);
    if (empty) return empty;
    throw new FeedParseError('not_a_feed', `This is not a feed: ${(err as Error).message}.`, { cause: err });
  }
  return build(parsed, doc.encoding, source.url);
}

const XML_FORMAT: Record<string, ParsedFeed['format']> = { rss: 'rss', feed: 'atom', rdf: 'rdf' };
const ANY_ITEM = /<(?:[\w.-]+:)?(?:item|entry)[\s>/]/gi;
const EMPTY_ITEM = /<(?:[\w.-]+:)?(?:item|entry)(?:\s[^>]*)?(?:\/>|>\s*<\/(?:[\w.-]+:)?(?:item|entry)\s*>)/gi;
const FIRST_TITLE = /<(?:[\w.-]+:)?title(?:\s[^>]*)?>([^<]{0,1000})<\//i;

function blankItem(): FeedItem {
  return { guid: null, url: null, title: '', summary: '', content: '', publishedAt: null, author: null };
}

/**
 * A well-formed feed the parser library refuses because there is nothing in it: `<rss version="2.01"/>`, an RSS
 * channel or Atom feed with no elements, or items that are all empty. That is a healthy feed with no (usable)
 * items, not "not a feed": the empty items come back blank, so each is skipped with its own reason.
 */
function emptyXmlFeed(text: string, root: string, encoding: string): ParsedFeed | null {
  const format = XML_FORMAT[root];
  if (!format) return null;
  const items = text.match(ANY_ITEM)?.length ?? 0;
  const empty = text.match(EMPTY_ITEM)?.length ?? 0;
  if (items !== empty) return null;
  const title = FIRST_TITLE.exec(text)?.[1];
  return { format, title: title ? titleOf(title) || null : null, siteUrl: null, language: null, items: Array.from({ length: Math.min(empty, MAX_ITEMS) }, blankItem), encoding };
}

/** The JSON Feed counterpart of {@link emptyXmlFeed}: no `items`, or only empty objects in it. */
function emptyJsonFeed(json: { title?: unknown; items?: unknown }, encoding: string): ParsedFeed | null {
  const items = json.items ?? [];
  if (!Array.isArray(items)) return null;
  if (!items.every((i) => typeof i === 'object' && i !== null && Object.keys(i as object).length === 0)) return null;
  const title = typeof json.title === 'string' ? titleOf(json.title) || null : null;
  return { format: 'json', title, siteUrl: null, language: null, items: items.slice(0, MAX_ITEMS).map(blankItem), encoding };
}

function build(parsed: ReturnType<typeof parseFeed>, encoding: string, fetchedFrom: string): ParsedFeed {
  const format = parsed.format as ParsedFeed['format'];
  const feed = parsed.feed as unknown as AnyFeed;
  const base = absolute(feed.xml?.base, implicitBase(feed, fetchedFrom)) ?? implicitBase(feed, fetchedFrom);
  const raw = (feed.items ?? feed.entries ?? []).slice(0, MAX_ITEMS);
  const title = titleOf(feed.title) || null;
  const siteUrl = absolute(feed.link ?? feed.home_page_url, base) ?? pickLink(feed.links, base);
  const language = languageTag(feed.language ?? feed.xml?.lang ?? feed.dc?.language ?? feed.dc?.languages?.[0]);
  return { format, title, siteUrl, language, items: raw.map((i) => toItem(i, format, base)), encoding };
}

/** A declared language as a BCP-47 tag ("en_US" → "en-US"), or null when it is not one. */
export function languageTag(raw: string | undefined | null): string | null {
  const tag = (raw ?? '').trim().replace(/_/g, '-');
  return /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(tag) ? tag : null;
}
