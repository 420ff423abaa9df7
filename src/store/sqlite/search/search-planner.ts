import { createEstimateCache } from '../../estimates.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';

/**
 * Chooses how a full-text search with a time window is executed, so that its cost stays bounded however frequent the
 * searched words are. There are two plans:
 *
 * - index first: walk the full-text index's matches, look each one up, filter by workspace and time, sort. About
 *   2 µs per match: right when the words are rare.
 * - time first (time-first-search.ts): walk the window's articles newest first and keep those the index matches,
 *   stopping at the limit. About 1 µs per article read, and it stops early when the words are frequent — exactly when
 *   the index-first plan would have to read and sort every match.
 *
 * The choice rests on two estimates: of the query's matches in the index and of the window's articles. Matches are
 * counted up to {@link MATCH_CAP}; a query with more is extrapolated from how far into the index (by id) its cap-th
 * match lies, since a count stopped at the cap says nothing about how frequent the words are. Match estimates are kept
 * per query until the index has grown by a tenth, so the many searches of one long-window brief count once. The costs
 * were measured on the benchmark's one-million-article store (BENCHMARKS.md).
 */

/** Cost of one index match in the index-first plan, relative to one article read in the time-first plan. */
const INDEX_ROW_COST = 2;
const WINDOW_ROW_COST = 1;
/** Matches and window articles are counted up to these numbers; beyond them a count is simply "large". */
export const MATCH_CAP = 20_000;
const WINDOW_CAP = 100_000;

/** A plan for one search. */
export type SearchPlan = 'index-first' | 'time-first';

/** Estimates and choices over one database. */
export interface SearchPlanner {
  /**
   * Matches of a compiled full-text query in the whole index (every workspace): exact below {@link MATCH_CAP}, else an
   * extrapolation of at least MATCH_CAP.
   */
  matches(match: string): number;
  /** The cheaper plan for a newest-first search of `limit` hits in a window. */
  newest(match: string, workspace: string, from: number, to: number, limit: number): SearchPlan;
  /** The cheaper plan for counting every match in a window. */
  count(match: string, workspace: string, from: number, to: number): SearchPlan;
}

export function createSearchPlanner(db: SqliteDatabase, options: { matchCap?: number } = {}): SearchPlanner {
  const cap = options.matchCap ?? MATCH_CAP;
  const matchCount = db.prepare(
    'SELECT count(*) AS n, coalesce(max(rowid), 0) AS last FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)',
  );
  const total = db.prepare('SELECT coalesce(max(id), 0) FROM articles').pluck();
  const estimates = createEstimateCache<number>();
  const windowCount = db
    .prepare('SELECT count(*) FROM (SELECT 1 FROM articles WHERE workspace = ? AND published_at >= ? AND published_at < ? LIMIT ?)')
    .pluck();

  const matches = (match: string): number => {
    const n = total.get() as number;
    const kept = estimates.get(match, n);
    if (kept !== undefined) return kept;
    const { n: counted, last } = matchCount.get(match, cap) as { n: number; last: number };
    // Matches are handed out by ascending id: the cap-th one at id `last` of `n` means about cap × n / last in all.
    const estimate = counted < cap || last <= 0 ? counted : Math.max(cap, Math.round((cap * n) / last));
    estimates.set(match, estimate, n);
    return estimate;
  };

  return {
    matches,
    newest(match, workspace, from, to, limit) {
      const m = matches(match);
      // Time first reads at least `limit` articles.
      if (m * INDEX_ROW_COST <= limit * WINDOW_ROW_COST) return 'index-first';
      const n = Math.max(1, total.get() as number);
      // Time first reads the window newest first until `limit` matches: about limit / (m / n) articles, fewer when
      // the window is smaller. The window is counted only as far as the comparison needs.
      const indexCost = m * INDEX_ROW_COST;
      const spread = Math.ceil((limit * n) / m);
      const cap = Math.min(spread, Math.ceil(indexCost / WINDOW_ROW_COST), WINDOW_CAP);
      const reads = Math.min(spread, windowCount.get(workspace, from, to, cap) as number);
      return reads * WINDOW_ROW_COST < indexCost ? 'time-first' : 'index-first';
    },
    count(match, workspace, from, to) {
      const m = matches(match);
      if (m * INDEX_ROW_COST <= 1000) return 'index-first';
      const indexCost = m * INDEX_ROW_COST;
      const window = windowCount.get(workspace, from, to, Math.min(Math.ceil(indexCost / WINDOW_ROW_COST), WINDOW_CAP)) as number;
      return window * WINDOW_ROW_COST < indexCost ? 'time-first' : 'index-first';
    },
  };
}
