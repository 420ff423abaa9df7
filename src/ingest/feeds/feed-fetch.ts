import { decodeText } from '../http/decode-text.ts';
import { FeedParseError } from './feed-document.ts';
import type { FeedSource, ParsedFeed } from './feed-parse.ts';
import type { SafeFetcher, SafeResponse } from '../http/safe-fetch.ts';

/** Conditional-GET validators from the previous answer. */
export interface Validators {
  /** ETag header. */
  etag?: string | null;
  /** Last-Modified header. */
  lastModified?: string | null;
}

/** A fetched feed: parsed, or unchanged since the validators were issued. */
export type FeedFetch =
  | {
      kind: 'not-modified';
      /** URL that answered 304 (after redirects). */
      url: string;
      /** Where the feed has moved, when every redirect on the way was permanent; else null. */
      movedTo: string | null;
    }
  | {
      kind: 'feed';
      /** URL of the feed document as requested (the given URL, or the one a page announced). */
      requested: string;
      /** URL the document was served from (after redirects). */
      url: string;
      /** The page the feed was discovered on, when the given URL was a web page. */
      discoveredFrom: string | null;
      /** Where the document has moved, when every redirect on the way to it was permanent; else null. */
      movedTo: string | null;
      /** Parsed document. */
      feed: ParsedFeed;
      /** New validators. */
      etag: string | null;
      /** New validators. */
      lastModified: string | null;
    };

/** Parses a feed document; injectable so tests can count parses. */
export type FeedParser = (bytes: Buffer, source: FeedSource) => ParsedFeed;

function header(v: string | string[] | undefined): string | null {
  return (Array.isArray(v) ? v[0] : v)?.trim() || null;
}

/** Redirect statuses that say the resource moved for good (RFC 9110 §15.4.2, §15.4.9). */
const PERMANENT = new Set([301, 308]);

/**
 * The URL a response says its resource now lives at: the final URL when there was at least one redirect and every one
 * was permanent. One temporary hop (302, 303, 307) anywhere in the chain means the old URL stays the one to ask.
 */
function permanentTarget(res: SafeResponse): string | null {
  if (res.redirects.length === 0 || !res.redirects.every((r) => PERMANENT.has(r.status))) return null;
  return res.url;
}

/**
 * Fetches and parses a feed. With `discover`, a web page URL leads to the first feed its
 * `<link rel="alternate">` announces (one step only, never a chain).
 */
export async function fetchFeed(
  deps: { fetcher: SafeFetcher; parse?: FeedParser },
  url: string,
  options: { validators?: Validators; discover?: boolean } = {},
): Promise<FeedFetch> {
  // The parser libraries load on first use, so commands that never touch feeds start faster.
  const parse = deps.parse ?? (await import('./feed-parse.ts')).parseFeedDocument;
  const headers: Record<string, string> = {};
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
  const res = await deps.fetcher.fetch(url, { expect: 'feed', headers });
  if (res.status === 304) return { kind: 'not-modified', url: res.url, movedTo: permanentTarget(res) };
  const found = (requested: string, discoveredFrom: string | null, r: typeof res): FeedFetch => ({
    kind: 'feed',
    requested,
    url: r.url,
    discoveredFrom,
    movedTo: permanentTarget(r),
    feed: parse(r.body, { url: r.url, charset: r.charset }),
    etag: header(r.headers.etag),
    lastModified: header(r.headers['last-modified']),
  });
  const html = res.contentType === 'text/html' || res.contentType === 'application/xhtml+xml';
  try {
    if (!html) return found(url, null, res);
  } catch (err) {
    if (!(err instanceof FeedParseError && err.isHtmlPage)) throw err;
  }
  if (!options.discover) {
    throw new FeedParseError('not_a_feed', `This is not a feed: ${res.url} is an HTML page.`, { isHtmlPage: true });
  }
  const { discoverFeeds } = await import('./feed-discovery.ts');
  const candidates = discoverFeeds(decodeText(res.body, res.charset).text, res.url);
  if (candidates.length === 0) {
    throw new FeedParseError(
      'not_a_feed',
      `This is not a feed: ${res.url} is an HTML page that announces no feed (no <link rel="alternate"> to RSS, Atom or JSON Feed).`,
      { isHtmlPage: true },
    );
  }
  const feedRes = await deps.fetcher.fetch(candidates[0]!, { expect: 'feed' });
  try {
    return found(candidates[0]!, res.url, feedRes);
  } catch (err) {
    if (err instanceof FeedParseError) {
      throw new FeedParseError('not_a_feed', `${res.url} announces ${candidates[0]} as its feed, but: ${err.message}`, { cause: err });
    }
    throw err;
  }
}
