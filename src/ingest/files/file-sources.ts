import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { NewArticle } from '../../core/article.ts';
import { cleanText, splitSentences } from '../../core/text.ts';
import { canonicalUrl } from '../canonical-url.ts';
import { extractArticle } from '../pages/html-extract.ts';
import { parseTextArticle } from './text-article.ts';
import { detokenize, looksTokenized } from './timeline17.ts';

/** One parsed input unit: an article ready to store, or a rejection with its reason. */
export type ImportItem =
  | { where: string; article: NewArticle }
  | { where: string; error: string };

const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_BODY_CHARS = 1_000_000;

/** Which parser handles a file, or null for an unsupported file. */
export function fileKind(path: string): 'text' | 'markdown' | 'html' | 'jsonl' | null {
  const name = basename(path).toLowerCase().replace(/\.gz$/, '');
  const ext = extname(name);
  if (ext === '.txt') return 'text';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return null;
}

function titleFrom(body: string): string {
  const first = splitSentences(body)[0] ?? body.slice(0, 160);
  return first.length > 160 ? `${first.slice(0, 157).replace(/\s+\S*$/, '')}…` : first;
}

function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

/** Parses a .txt/.md/.html file into one article (or one rejection). */
export async function readDocumentFile(path: string, kind: 'text' | 'markdown' | 'html'): Promise<ImportItem> {
  const info = await stat(path);
  if (info.size > MAX_FILE_BYTES) return { where: path, error: `file is ${info.size} bytes; the limit is ${MAX_FILE_BYTES}` };
  const buf = await readFile(path);
  if (looksBinary(buf)) return { where: path, error: 'binary file, not text' };
  const text = buf.toString('utf8');
  const folder = basename(dirname(path));
  if (kind === 'html') {
    try {
      const page = extractArticle(text);
      return {
        where: path,
        article: {
          url: canonicalUrl(page.url),
          title: page.title || titleFrom(page.body),
          source: page.siteName ?? folder,
          publishedAt: page.publishedAt ?? info.mtime,
          language: page.language,
          body: page.body,
        },
      };
    } catch (err) {
      return { where: path, error: (err as Error).message };
    }
  }
  const parsed = parseTextArticle(text, { markdown: kind === 'markdown' });
  if (!parsed.body) return { where: path, error: 'empty text' };
  return {
    where: path,
    article: {
      url: canonicalUrl(parsed.url),
      title: parsed.title || titleFrom(parsed.body),
      source: parsed.source ?? folder,
      publishedAt: parsed.publishedAt ?? info.mtime,
      language: null,
      body: parsed.body,
    },
  };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v : null;
}

function parseDate(v: unknown): Date | 'invalid' | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number') {
    // Seconds or milliseconds since the epoch.
    const d = new Date(v < 1e11 ? v * 1000 : v);
    return Number.isNaN(d.getTime()) ? 'invalid' : d;
  }
  if (typeof v !== 'string') return 'invalid';
  const s = v.trim();
  const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : new Date(s);
  return Number.isNaN(d.getTime()) ? 'invalid' : d;
}

/**
 * Converts one JSON line to an article. Timeline17 lines (`{id, time, text}`) are detokenised, whatever the file is
 * called: a file named articles.jsonl[.gz] always, any other when its text looks tokenised. Without a source field
 * the article is labelled with its folder name.
 */
export function articleFromJson(value: unknown, ctx: { timeline17: boolean; folder: string; now: Date }): NewArticle | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const o = value as Record<string, unknown>;
  const rawText = str(o['text']) ?? str(o['body']) ?? str(o['content']);
  if (!rawText) return 'no text (expected a "text" or "body" field with content)';
  const tokenized = ctx.timeline17 || looksTokenized(rawText);
  const body = cleanText(tokenized ? detokenize(rawText) : rawText);
  if (!body) return 'empty text';
  if (body.length > MAX_BODY_CHARS) return `text is ${body.length} characters; the limit is ${MAX_BODY_CHARS}`;
  const rawDate = o['publishedAt'] ?? o['published_at'] ?? o['time'] ?? o['date'];
  const date = parseDate(rawDate);
  if (date === 'invalid') return `unparseable date ${JSON.stringify(rawDate).slice(0, 60)}`;
  const title = str(o['title']);
  const url = str(o['url']) ?? str(o['link']);
  if (url && !canonicalUrl(url)) return `invalid url ${JSON.stringify(url).slice(0, 100)}`;
  return {
    url: canonicalUrl(url),
    title: title ? cleanText(tokenized ? detokenize(title) : title) : titleFrom(body.split('\n')[0] ?? body),
    source: str(o['source']) ?? str(o['outlet']) ?? ctx.folder,
    publishedAt: date ?? ctx.now,
    language: str(o['language']) ?? str(o['lang']),
    body,
  };
}

/** Streams a .jsonl/.ndjson file (optionally gzipped), one item per non-empty line, with line numbers. */
export async function* readJsonLines(path: string, now: Date): AsyncGenerator<ImportItem> {
  const name = basename(path).toLowerCase();
  const folder = basename(dirname(path));
  const timeline17 = /^articles\.jsonl(\.gz)?$/.test(name);
  const file = createReadStream(path);
  const input = name.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  const errored = new Promise<never>((_, reject) => {
    file.on('error', reject);
    input.on('error', reject);
  });
  errored.catch(() => undefined);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      const where = `${path}:${n}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        yield { where, error: `bad JSON on line ${n}: ${(err as Error).message}` };
        continue;
      }
      const a = articleFromJson(value, { timeline17, folder, now });
      yield typeof a === 'string' ? { where, error: `line ${n}: ${a}` } : { where, article: a };
    }
  } catch (err) {
    yield { where: `${path}:${n + 1}`, error: `cannot read past line ${n}: ${(err as Error).message}` };
  }
}
