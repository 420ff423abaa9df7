import type { TextQuery } from '../../../core/text-query.ts';
import type { ArticleHit, Coverage, SearchOptions, TimeRange } from '../../ports/article-store.ts';
import { inverseDocumentFrequency } from '../../estimates.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { compileFtsQuery } from './fts-query.ts';
import { createSearchPlanner, MATCH_CAP } from './search-planner.ts';
import { createTimeFirstSearch } from './time-first-search.ts';

const MIN_TIME = -8.64e15;
const MAX_TIME = 8.64e15;
/** Relevance ranking scores at most about this many matches (see relevancePlan). */
const RELEVANCE_CAP = 2_000;

/** A time range as the millisecond bounds the queries take. */
export function timeBounds(range: TimeRange | undefined): [number, number] {
  return [range?.from?.getTime() ?? MIN_TIME, range?.to?.getTime() ?? MAX_TIME];
}

/** Rows of `id, publishedAt, score` as hits. */
export function toHits(rows: unknown[]): ArticleHit[] {
  return (rows as { id: number; publishedAt: number; score: number }[]).map((r) => ({
    id: r.id,
    publishedAt: new Date(r.publishedAt),
    score: r.score,
  }));
}

/** Full-text queries over the articles; callers wait for the index to be ready first. */
export interface ArticleSearch {
  /** Hits for {@link ArticleStore.searchArticles}. */
  search(workspace: string, query: TextQuery, options: SearchOptions): ArticleHit[];
  /** Figures for {@link ArticleStore.coverage}. */
  coverage(workspace: string, query: TextQuery, range?: TimeRange): Coverage;
}

/** The search plans (see search-planner.ts) over one connection. */
export function createArticleSearch(db: SqliteDatabase, options: { matchCap?: number } = {}): ArticleSearch {
  const matchCap = options.matchCap ?? MATCH_CAP;
  // Two plans per search (see search-planner.ts): index first (here; CROSS JOIN fixes the join order SQLite would
  // otherwise guess) and time first (time-first-search.ts).
  const newestIndexFirst = db.prepare(`SELECT a.id, a.published_at AS publishedAt, 0 AS score
    FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
    WHERE articles_fts MATCH ? AND a.workspace = ? AND a.published_at >= ? AND a.published_at < ?
    ORDER BY a.published_at DESC, a.id DESC LIMIT ?`);
  // bm25 is "lower is better"; negate so higher is better for callers. Title matches weigh more than body ones. Only
  // index matches with an id above the bound are ranked (see relevancePlan).
  const searchRelevance = db.prepare(`SELECT a.id, a.published_at AS publishedAt, -bm25(articles_fts, 4.0, 1.0) AS score
    FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
    WHERE articles_fts MATCH ? AND articles_fts.rowid > CAST(? AS INTEGER) AND a.workspace = ? AND a.published_at >= ? AND a.published_at < ?
    ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ?`);
  const coverageIndexFirst = db.prepare(`SELECT count(*) AS count, min(a.published_at) AS oldest, max(a.published_at) AS newest
    FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
    WHERE articles_fts MATCH ? AND a.workspace = ? AND a.published_at >= ? AND a.published_at < ?`);
  const timeFirst = createTimeFirstSearch(db);
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM articles').pluck();
  // The id of the n-th most recently stored match of a workspace's window (the index hands matches out by id).
  const nthNewestMatch = db
    .prepare(`SELECT a.id FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
      WHERE articles_fts MATCH ? AND a.workspace = ? AND a.published_at >= ? AND a.published_at < ?
      ORDER BY articles_fts.rowid DESC LIMIT 1 OFFSET ?`)
    .pluck();
  const planner = createSearchPlanner(db, { matchCap });
  const matchesAbove = db
    .prepare('SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid > CAST(? AS INTEGER)')
    .pluck();
  // CROSS JOIN: looked up by id, never by scanning the workspace's window.
  const inWindow = db.prepare(`SELECT a.id, a.published_at AS publishedAt FROM json_each(?) j CROSS JOIN articles a ON a.id = j.value
    WHERE a.workspace = ? AND a.published_at >= ? AND a.published_at < ?`);

  /**
   * Bounds relevance ranking, which scores every match (bm25 costs tens of microseconds per article). On a store of more
   * than 5 × MATCH_CAP articles, alternatives with MATCH_CAP matches or more (common words, which bm25 gives almost no
   * weight) are dropped while rarer ones remain; and only the RELEVANCE_CAP most recently stored matches are ranked.
   */
  function relevancePlan(
    query: TextQuery,
    workspace: string,
    from: number,
    to: number,
  ): { match: string | null; idAbove: number; common: { match: string; est: number }[] | null; n: number } {
    const n = Math.max(1, maxId.get() as number);
    const sized = query.anyOf.flatMap((g) => {
      const m = compileFtsQuery({ anyOf: [g] });
      return m ? [{ g, match: m, est: planner.matches(m) }] : [];
    });
    const large = n >= 5 * matchCap;
    const rare = sized.filter((x) => x.est < matchCap || !large);
    const match = compileFtsQuery({ anyOf: (rare.length > 0 ? rare : sized).map((x) => x.g) });
    if (!match) return { match: null, idAbove: 0, common: null, n };
    const bound = (nthNewestMatch.get(match, workspace, from, to, RELEVANCE_CAP - 1) as number | undefined) ?? 1;
    return { match, idAbove: bound - 1, common: large && rare.length === 0 ? sized : null, n };
  }

  /**
   * Ranks recent matches of a question whose every word is common on a large store. bm25 would first count each
   * word's matches over the whole index (tens of milliseconds per common word at a million articles) to weigh words
   * that all weigh about the same; instead each match scores the estimated inverse document frequency of every question
   * word it holds, four times for a word in its title (bm25's title weight), the most recently stored first on a tie.
   */
  function commonWordsRelevance(
    plan: { idAbove: number; common: { match: string; est: number }[]; n: number },
    workspace: string,
    from: number,
    to: number,
    limit: number,
  ): ArticleHit[] {
    const score = new Map<number, number>();
    for (const word of plan.common) {
      const idf = inverseDocumentFrequency(word.est, plan.n);
      for (const id of matchesAbove.all(word.match, plan.idAbove) as number[]) score.set(id, (score.get(id) ?? 0) + idf);
      for (const id of matchesAbove.all(`title : (${word.match})`, plan.idAbove) as number[]) score.set(id, (score.get(id) ?? 0) + 3 * idf);
    }
    const rows = inWindow.all(JSON.stringify([...score.keys()]), workspace, from, to) as { id: number; publishedAt: number }[];
    return rows
      .map((r) => ({ id: r.id, publishedAt: new Date(r.publishedAt), score: score.get(r.id)! }))
      .sort((a, b) => b.score - a.score || b.id - a.id)
      .slice(0, limit);
  }

  return {
    search(workspace, query, options) {
      const [from, to] = timeBounds(options);
      const limit = Math.floor(options.limit);
      if (options.order === 'relevance') {
        const plan = relevancePlan(query, workspace, from, to);
        if (!plan.match) return [];
        if (plan.common) return commonWordsRelevance({ ...plan, common: plan.common }, workspace, from, to, limit);
        return toHits(searchRelevance.all(plan.match, plan.idAbove, workspace, from, to, limit));
      }
      const match = compileFtsQuery(query);
      if (!match) return [];
      if (planner.newest(match, workspace, from, to, limit) === 'index-first') {
        return toHits(newestIndexFirst.all(match, workspace, from, to, limit));
      }
      const hits: ArticleHit[] = [];
      // About limit / (matches / articles) articles are read before `limit` of them match.
      const expected = (limit * Math.max(1, maxId.get() as number)) / Math.max(1, planner.matches(match));
      for (const row of timeFirst(match, workspace, from, to, expected)) {
        hits.push({ id: row.id, publishedAt: new Date(row.publishedAt), score: 0 });
        if (hits.length >= limit) break;
      }
      return hits;
    },

    coverage(workspace, query, range) {
      const match = compileFtsQuery(query);
      if (!match) return { count: 0, oldestAt: null, newestAt: null };
      const [from, to] = timeBounds(range);
      if (planner.count(match, workspace, from, to) === 'time-first') {
        let count = 0;
        let newest: number | null = null;
        let oldest: number | null = null;
        for (const row of timeFirst(match, workspace, from, to)) {
          count++;
          newest ??= row.publishedAt;
          oldest = row.publishedAt;
        }
        return { count, oldestAt: oldest === null ? null : new Date(oldest), newestAt: newest === null ? null : new Date(newest) };
      }
      const r = coverageIndexFirst.get(match, workspace, from, to) as { count: number; oldest: number | null; newest: number | null };
      return {
        count: r.count,
        oldestAt: r.oldest === null ? null : new Date(r.oldest),
        newestAt: r.newest === null ? null : new Date(r.newest),
      };
    },
  };
}
