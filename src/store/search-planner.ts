import { stemmer } from 'stemmer';
import type { TextQuery } from '../core/text-query.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

/**
 * Chooses how a full-text search with a time window is executed, so that its cost stays bounded however frequent the
 * searched words are. There are two plans:
 *
 * - index first: walk the full-text index's matches, look each one up, filter by workspace and time, sort. Cheap per
 *   match (about 2 µs), so right when the words are rare.
 * - time first: walk the window's articles newest first and test each against the index, stopping at the limit.
 *   Expensive per article (about 20 µs: the index is probed once per article) but it stops early when the words are
 *   frequent — which is exactly when the index-first plan would have to read and sort every match.
 *
 * The choice uses estimates only: document frequencies from the index's vocabulary (min over a phrase's words, summed
 * over alternatives) and a capped count of the window's articles.
 */

/** Per-row costs of the two plans in microseconds, as measured on a 100,000-article store (BENCHMARKS.md). */
const INDEX_ROW_COST = 2;
const PROBE_COST = 20;
/** Window sizes are counted up to this many rows; larger windows are simply "large". */
const WINDOW_CAP = 50_000;

/** A plan for one search. */
export type SearchPlan = 'index-first' | 'time-first';

/** Estimates and choices over one database. */
export interface SearchPlanner {
  /** Estimated number of articles (all workspaces) that match the query; an upper bound in practice. */
  estimateMatches(query: TextQuery): number;
  /** The cheaper plan for a newest-first search of `limit` hits in a window. */
  newest(query: TextQuery, workspace: string, from: number, to: number, limit: number): SearchPlan;
  /** The cheaper plan for counting every match in a window. */
  count(query: TextQuery, workspace: string, from: number, to: number): SearchPlan;
}

/** The token the full-text index stores for a word ("unicode61 remove_diacritics 2" then Porter). */
export function indexToken(word: string): string {
  const plain = word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return /^[a-z]+$/.test(plain) ? stemmer(plain) : plain;
}

export function createSearchPlanner(db: SqliteDatabase): SearchPlanner {
  const docFrequency = db.prepare('SELECT doc FROM articles_fts_vocab WHERE term = ?').pluck();
  const total = db.prepare('SELECT coalesce(max(id), 0) FROM articles').pluck();
  const windowCount = db
    .prepare('SELECT count(*) FROM (SELECT 1 FROM articles WHERE workspace = ? AND published_at >= ? AND published_at < ? LIMIT ?)')
    .pluck();

  const df = (word: string): number => (docFrequency.get(indexToken(word)) as number | undefined) ?? 0;

  function estimateMatches(query: TextQuery): number {
    let sum = 0;
    for (const group of query.anyOf) {
      let groupEstimate = Infinity;
      for (const p of group.allOf) {
        if (p.words.length === 0) continue;
        // A phrase occurs at most as often as its rarest word; its last word may take any of its variant forms.
        const head = p.words.slice(0, -1).map(df);
        const last = [p.words[p.words.length - 1]!, ...p.lastWordVariants].reduce((acc, w) => acc + df(w), 0);
        groupEstimate = Math.min(groupEstimate, ...head, last);
      }
      if (Number.isFinite(groupEstimate)) sum += groupEstimate;
    }
    return sum;
  }

  return {
    estimateMatches,
    newest(query, workspace, from, to, limit) {
      const matches = estimateMatches(query);
      if (matches * INDEX_ROW_COST <= limit * PROBE_COST) return 'index-first';
      const n = Math.max(1, total.get() as number);
      const window = windowCount.get(workspace, from, to, WINDOW_CAP) as number;
      // Time first reads the window newest first until `limit` matches: about limit / (matches / n) articles.
      const probes = Math.min(window, (limit * n) / Math.max(1, matches));
      return probes * PROBE_COST < matches * INDEX_ROW_COST ? 'time-first' : 'index-first';
    },
    count(query, workspace, from, to) {
      const matches = estimateMatches(query);
      if (matches * INDEX_ROW_COST <= PROBE_COST * 100) return 'index-first';
      const window = windowCount.get(workspace, from, to, WINDOW_CAP) as number;
      return window * PROBE_COST < matches * INDEX_ROW_COST ? 'time-first' : 'index-first';
    },
  };
}
