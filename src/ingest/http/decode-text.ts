import iconv from 'iconv-lite';

/** A decoded document and how its encoding was chosen. */
export interface DecodedText {
  /** The text, without a byte-order mark. */
  text: string;
  /** The encoding used (iconv-lite name, lower-case). */
  encoding: string;
  /** Where the encoding came from. */
  source: 'bom' | 'http' | 'declaration' | 'default' | 'sniffed';
}

// Single-byte Western encodings that servers and feeds often declare for what is really UTF-8.
const LATIN = new Set(['iso-8859-1', 'latin1', 'l1', 'iso8859-1', 'windows-1252', 'cp1252', 'us-ascii', 'ascii', 'iso-8859-15']);

function normalise(name: string | null | undefined): string | null {
  if (!name) return null;
  const n = name.trim().toLowerCase().replace(/^["']|["']$/g, '');
  return n && iconv.encodingExists(n) ? n : null;
}

function bomEncoding(bytes: Buffer): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // UTF-16 without a BOM still starts with "<" next to a zero byte.
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] !== 0x00) return 'utf-16le';
  if (bytes[0] === 0x00 && bytes[1] === 0x3c) return 'utf-16be';
  return null;
}

/** The encoding a document declares in its own markup: the XML declaration, or an HTML `<meta>` charset. */
function declaredEncoding(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 2048).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  if (xml) return xml[1]!;
  const meta =
    /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([A-Za-z0-9._:-]+)/i.exec(head);
  return meta?.[1] ?? null;
}

function validUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a fetched document. The encoding comes, in order, from a byte-order mark, the HTTP Content-Type charset, the
 * document's own declaration (XML declaration or HTML meta), else UTF-8. Two common mislabels are corrected by looking
 * at the bytes: a document declared (or defaulting to) UTF-8 whose bytes are not valid UTF-8 is read as Windows-1252
 * (feeds without a declaration served from Latin-1 systems), and one labelled Latin-1 whose bytes are valid UTF-8 with
 * multi-byte sequences is read as UTF-8 (a byte pattern that practically never occurs in real Latin-1 text).
 */
export function decodeText(bytes: Buffer, httpCharset?: string | null): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) return { text: stripBom(iconv.decode(bytes, bom)), encoding: bom, source: 'bom' };
  const fromHttp = normalise(httpCharset);
  const fromDoc = normalise(declaredEncoding(bytes));
  const chosen = fromHttp ?? fromDoc ?? 'utf-8';
  const source: DecodedText['source'] = fromHttp ? 'http' : fromDoc ? 'declaration' : 'default';
  const isUtf8 = chosen === 'utf-8' || chosen === 'utf8';
  if (isUtf8 && !validUtf8(bytes)) {
    return { text: iconv.decode(bytes, 'windows-1252'), encoding: 'windows-1252', source: 'sniffed' };
  }
  if (LATIN.has(chosen) && bytes.some((b) => b > 0x7f) && validUtf8(bytes)) {
    return { text: bytes.toString('utf8'), encoding: 'utf-8', source: 'sniffed' };
  }
  return { text: stripBom(iconv.decode(bytes, chosen)), encoding: isUtf8 ? 'utf-8' : chosen, source };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
