import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { UserError } from '../../core/errors.ts';
import { cleanText } from '../../core/text.ts';
import { dropPromptParagraphs, removeFurniture } from './page-furniture.ts';

/** The main text of an article page and what its markup says about it. */
export interface ExtractedPage {
  /** Headline (og:title, then the document title). */
  title: string;
  /** Main text, paragraphs separated by blank lines. */
  body: string;
  /** Publication time from article metadata, when present. */
  publishedAt: Date | null;
  /** Canonical URL from `<link rel=canonical>` or og:url, when present. */
  url: string | null;
  /** Site name (og:site_name), when present. */
  siteName: string | null;
  /** Document language, when declared. */
  language: string | null;
}

const MIN_ARTICLE_CHARS = 200;
// Blocks that are never article text, removed before extraction so their links and prompts cannot leak in.
const FURNITURE =
  'script, style, noscript, iframe, nav, header, footer, aside, form, button, figure figcaption, [role="navigation"], [aria-hidden="true"], .related, .share, .social, .newsletter, .cookie, #cookie-banner, .advert, .ad';

function meta(doc: Document, ...names: string[]): string | null {
  for (const n of names) {
    const el = doc.querySelector(`meta[property="${n}"], meta[name="${n}"], meta[itemprop="${n}"]`);
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return null;
}

function parseDate(v: string | null | undefined): Date | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Extracts the main text of an HTML article with Readability over linkedom. Throws a {@link UserError} when the page
 * has no article-like main text (a home page, an index, an error page).
 */
export function extractArticle(html: string, baseUrl?: string): ExtractedPage {
  const { document } = parseHTML(html);
  const doc = document as unknown as Document;
  const canonical =
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta(doc, 'og:url') ?? baseUrl ?? null;
  let url: string | null = null;
  if (canonical) {
    try {
      url = new URL(canonical, baseUrl).toString();
    } catch {
      url = null;
    }
  }
  const publishedAt =
    parseDate(meta(doc, 'article:published_time', 'datePublished', 'pubdate', 'date', 'dc.date', 'DC.date.issued')) ??
    parseDate(doc.querySelector('time[datetime]')?.getAttribute('datetime'));
  const siteName = meta(doc, 'og:site_name', 'application-name');
  const language = doc.documentElement?.getAttribute('lang')?.trim() || null;
  const metaTitle = meta(doc, 'og:title', 'twitter:title');
  for (const el of doc.querySelectorAll(FURNITURE)) el.remove();
  removeFurniture(doc);

  let parsed: ReturnType<Readability['parse']> = null;
  try {
    parsed = new Readability(doc, { charThreshold: MIN_ARTICLE_CHARS }).parse();
  } catch (err) {
    throw new UserError('ingest.not_article', 'The page could not be read as an article.', { cause: err });
  }
  const raw = parsed?.content ? htmlToParagraphs(parsed.content) : (parsed?.textContent ?? '');
  const body = cleanText(raw);
  if (body.length < MIN_ARTICLE_CHARS) {
    throw new UserError(
      'ingest.not_article',
      `The page has no article text (found ${body.length} characters of main text; at least ${MIN_ARTICLE_CHARS} are needed).`,
    );
  }
  const title = cleanText(metaTitle ?? parsed?.title ?? doc.title ?? '') || body.split('\n')[0]!.slice(0, 160);
  return { title, body, publishedAt: publishedAt ?? parseDate(parsed?.publishedTime), url, siteName, language };
}

/** Turns extracted article HTML into plain paragraphs, one per block element. */
function htmlToParagraphs(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks = document.querySelectorAll('p, h2, h3, h4, li, blockquote, pre');
  const out: string[] = [];
  for (const b of blocks) {
    // Nested blocks (p inside li) are read once, from the innermost.
    if (b.querySelector('p, li, blockquote')) continue;
    const t = (b.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (t) out.push(t);
  }
  const kept = dropPromptParagraphs(out);
  return kept.length > 0 ? kept.join('\n\n') : (document.body?.textContent ?? '');
}
