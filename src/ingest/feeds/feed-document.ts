import { gunzipSync } from 'node:zlib';
import { UserError } from '../../core/errors.ts';
import { decodeText } from '../http/decode-text.ts';

/** Why a document is not a usable feed. */
export class FeedParseError extends UserError {
  /** True when the document is an HTML page (a caller may look for the feed it announces). */
  readonly isHtmlPage: boolean;

  constructor(
    code: 'not_a_feed' | 'malformed' | 'entities' | 'binary' | 'too_large',
    message: string,
    options?: { cause?: unknown; isHtmlPage?: boolean },
  ) {
    super(`feed.${code}`, message, options?.cause !== undefined ? { cause: options.cause } : {});
    this.isHtmlPage = options?.isHtmlPage ?? false;
  }
}

/** What a document looks like before parsing. */
export type DocumentKind = 'xml' | 'json' | 'html' | 'unknown';

/** A decoded document ready for the feed parser. */
export interface FeedText {
  /** Decoded text. */
  text: string;
  /** Encoding used. */
  encoding: string;
  /** Sniffed kind. */
  kind: DocumentKind;
  /** Local name of the XML root element (lower-case), when XML. */
  root: string | null;
}

const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/**
 * Skips what may precede the root element of an XML document (declaration, processing instructions, comments,
 * DOCTYPE) and returns the root's qualified name, or null when the text does not start like XML.
 */
export function xmlRoot(text: string): { name: string; doctype: string | null } | null {
  let i = 0;
  let doctype: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) return null;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) return null;
      i = end + 3;
    } else if (/^<!doctype/i.test(text.slice(i, i + 9))) {
      // The DOCTYPE may hold an internal subset in [...] with declarations that contain ">".
      const bracket = text.indexOf('[', i);
      const close = text.indexOf('>', i);
      let end = close;
      if (bracket >= 0 && bracket < close) {
        const subsetEnd = text.indexOf(']', bracket);
        end = subsetEnd < 0 ? -1 : text.indexOf('>', subsetEnd);
      }
      if (end < 0) return null;
      doctype = text.slice(i, end + 1);
      i = end + 1;
    } else break;
  }
  const m = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)[\s/>]/.exec(text.slice(i, i + 300));
  return m ? { name: m[1]!, doctype } : null;
}

/**
 * Decompresses (a body that is itself gzip data), decodes and sniffs a fetched document. Refuses binary content and
 * documents that expand past the size limit.
 */
export function readFeedText(bytes: Buffer, httpCharset?: string | null): FeedText {
  let data = bytes;
  if (data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data, { maxOutputLength: MAX_DOCUMENT_BYTES });
    } catch (err) {
      const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /larger than|buffer/i.test(String(err));
      throw new FeedParseError(
        tooBig ? 'too_large' : 'malformed',
        tooBig
          ? `The gzip-compressed document expands past ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; it was not read.`
          : 'The document is gzip data that cannot be decompressed.',
        { cause: err },
      );
    }
  }
  const utf16 =
    (data[0] === 0xff && data[1] === 0xfe) ||
    (data[0] === 0xfe && data[1] === 0xff) ||
    (data[0] === 0x3c && data[1] === 0x00) ||
    (data[0] === 0x00 && data[1] === 0x3c);
  if (!utf16 && data.subarray(0, 4096).includes(0)) {
    throw new FeedParseError('binary', 'The document is binary data, not a feed.');
  }
  const { text, encoding } = decodeText(data, httpCharset);
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return { text, encoding, kind: 'json', root: null };
  if (/^<!doctype\s+html/i.test(start)) return { text, encoding, kind: 'html', root: 'html' };
  const root = xmlRoot(text);
  if (!root) return { text, encoding, kind: 'unknown', root: null };
  const local = root.name.toLowerCase().replace(/^.*:/, '');
  if (['html', 'head', 'body'].includes(local)) return { text, encoding, kind: 'html', root: local };
  return { text, encoding, kind: 'xml', root: local };
}

/**
 * Refuses XML that declares entities. Feed parsing never expands entities, but a document that declares them is
 * either an attack ("billion laughs", external entities reading local files) or broken; either way it is not read.
 */
export function refuseEntityDeclarations(text: string): void {
  const root = xmlRoot(text);
  const prolog = root?.doctype ?? text.slice(0, Math.min(text.length, 65_536));
  if (/<!ENTITY/i.test(prolog)) {
    throw new FeedParseError(
      'entities',
      'The feed declares XML entities (<!ENTITY>). Entity expansion is disabled, so the document is refused (it could be an entity-expansion "billion laughs" attack).',
    );
  }
}
