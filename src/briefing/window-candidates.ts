import type { WorkspaceId } from '../core/article.ts';
import type { TextQuery } from '../core/text-query.ts';
import type { Window } from '../core/window.ts';
import type { ArticleHit, ArticleStore } from '../store/ports/article-store.ts';

const DAY = 86_400_000;

/** Matching articles counted exactly up to this number; beyond it the footer says "more than". */
export const COUNT_CAP = 2000;
/** Slices of the window searched separately when it holds more matches than the count cap. */
const SLICES = 30;

/** The articles a brief or timeline reads, and what they stand for. */
export interface WindowSelection {
  /** The hits to read, at most the requested number, spread over the whole window. */
  hits: ArticleHit[];
  /** Matching articles in the window: exact when `exact`, else a lower bound. */
  matched: number;
  /** Whether `matched` is the exact count. */
  exact: boolean;
  /** How the hits were chosen: all matches, or a sample spread evenly over the window's time. */
  method: 'all' | 'spread';
}

/**
 * Spreads hits over time: the window is cut into up to `max` equal slices and each slice gives its articles in turn,
 * newest first within a slice, until `max` are taken. Every part of a long window is read, not only its newest days.
 */
export function spreadOverTime(hits: readonly ArticleHit[], window: Window, max: number): ArticleHit[] {
  if (hits.length <= max) return [...hits];
  // Slices span the coverage actually found in the window, so a long window around a short story is not cut into
  // mostly empty slices.
  const times = hits.map((h) => h.publishedAt.getTime());
  const start = Math.max(window.from.getTime(), Math.min(...times));
  const span = Math.max(1, Math.min(window.to.getTime(), Math.max(...times) + 1) - start);
  const days = Math.max(1, Math.ceil(span / DAY));
  const slices = Math.max(1, Math.min(max, days));
  const buckets: ArticleHit[][] = Array.from({ length: slices }, () => []);
  for (const h of [...hits].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || b.id - a.id)) {
    const at = Math.floor(((h.publishedAt.getTime() - start) / span) * slices);
    buckets[Math.min(slices - 1, Math.max(0, at))]!.push(h);
  }
  const out: ArticleHit[] = [];
  for (let round = 0; out.length < max; round++) {
    let added = false;
    for (const b of buckets) {
      const h = b[round];
      if (h && out.length < max) {
        out.push(h);
        added = true;
      }
    }
    if (!added) break;
  }
  return out;
}

/**
 * Chooses the articles of a window to read, bounded however many match: the newest {@link COUNT_CAP} matches are
 * fetched once (which also counts them); when the window holds more, each of {@link SLICES} equal slices of its older
 * part is searched for its own newest matches, so the start of a two-year window is read as well as its end. At most
 * `1 + SLICES` searches of bounded size.
 */
export async function selectWindowArticles(
  store: Pick<ArticleStore, 'searchArticles'>,
  workspace: WorkspaceId,
  query: TextQuery,
  window: Window,
  max: number,
): Promise<WindowSelection> {
  const newest = await store.searchArticles(workspace, query, { ...window, limit: COUNT_CAP, order: 'newest' });
  if (newest.length <= max) return { hits: newest, matched: newest.length, exact: true, method: 'all' };
  if (newest.length < COUNT_CAP) {
    return { hits: spreadOverTime(newest, window, max), matched: newest.length, exact: true, method: 'spread' };
  }
  // More matches than the cap: the fetched ones cover only the end of the window. Sample its older part slice by slice.
  const oldestFetched = newest[newest.length - 1]!.publishedAt.getTime();
  const pool = [...newest];
  const seen = new Set(newest.map((h) => h.id));
  const olderSpan = oldestFetched - window.from.getTime();
  const perSlice = Math.max(1, Math.ceil(max / SLICES));
  if (olderSpan > 0) {
    for (let i = 0; i < SLICES; i++) {
      const from = new Date(window.from.getTime() + Math.floor((olderSpan * i) / SLICES));
      const to = new Date(window.from.getTime() + Math.floor((olderSpan * (i + 1)) / SLICES));
      if (to <= from) continue;
      for (const h of await store.searchArticles(workspace, query, { from, to, limit: perSlice, order: 'newest' })) {
        if (!seen.has(h.id)) {
          seen.add(h.id);
          pool.push(h);
        }
      }
    }
  }
  return { hits: spreadOverTime(pool, window, max), matched: COUNT_CAP, exact: false, method: 'spread' };
}
