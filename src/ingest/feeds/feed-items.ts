import { createHash } from 'node:crypto';
import type { NewArticle } from '../../core/article.ts';
import { contentHash } from '../../core/article.ts';
import { splitSentences } from '../../core/text.ts';
import type { FeedItemInput } from '../../store/ports/feed-store.ts';
import { canonicalUrl } from '../canonical-url.ts';
import type { FeedItem } from './feed-parse.ts';

/** A feed item turned into what the store needs, or the reason it cannot be stored. */
export type PreparedItem = (FeedItemInput & { item: FeedItem; teaser: boolean }) | { item: FeedItem; skip: string };

/** Items shorter than this (in characters of text) are teasers: the article page holds the story. */
export const TEASER_CHARS = 500;
// A date this far ahead of the fetch time is a broken clock or time zone, not a scheduled story.
const FUTURE_TOLERANCE_MS = 24 * 3600_000;

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function titleFrom(text: string): string {
  const first = splitSentences(text)[0] ?? text;
  return first.length > 160 ? `${first.slice(0, 157).replace(/\s+\S*$/, '')}…` : first;
}

/** True when an item carries only a teaser (short text, or text that ends in an ellipsis or "read more"). */
export function isTeaser(text: string): boolean {
  const t = text.trim();
  return t.length < TEASER_CHARS || /(\.\.\.|…|\[…\]|\[\.\.\.\])\s*$/.test(t);
}

/**
 * Prepares the items of one poll: identity key (GUID, else canonical URL, else a hash of the text), a revision hash of
 * what the feed says (title + text), and the article. Items without a date get the fetch time; dates far in the
 * future are replaced by it too. Repeats of a key within one document keep the first occurrence.
 */
export function prepareItems(items: readonly FeedItem[], ctx: { source: string; fetchedAt: Date; language?: string | null }): PreparedItem[] {
  const seen = new Set<string>();
  const out: PreparedItem[] = [];
  for (const item of items) {
    const text = item.content.length >= item.summary.length ? item.content : item.summary;
    const title = item.title || (text ? titleFrom(text) : '');
    if (!title && !text) {
      out.push({ item, skip: 'the item has neither a title nor any text' });
      continue;
    }
    const url = canonicalUrl(item.url);
    const body = text || title;
    const key = item.guid ? `guid:${item.guid}` : url ? `url:${url}` : `hash:${contentHash(`${title}\n${body}`)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const limit = ctx.fetchedAt.getTime() + FUTURE_TOLERANCE_MS;
    const publishedAt = item.publishedAt && item.publishedAt.getTime() <= limit ? item.publishedAt : ctx.fetchedAt;
    const article: NewArticle = { url, title, source: ctx.source, publishedAt, language: ctx.language ?? null, body };
    out.push({ item, key, revision: sha(`${title}\n${body}`), article, teaser: Boolean(url) && isTeaser(body) });
  }
  return out;
}
