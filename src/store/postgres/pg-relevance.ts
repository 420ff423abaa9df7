import type { TextQuery } from '../../core/text-query.ts';
import { createEstimateCache, inverseDocumentFrequency } from '../estimates.ts';
import type { ArticleHit } from '../ports/article-store.ts';
import type { PgPool } from './pg-database.ts';
import type { LanguageCache } from './pg-languages.ts';
import { compileTsquery } from './pg-search-text.ts';

/** Relevance ranking scores at most this many matches: the most recently stored ones (as the SQLite store does). */
const RELEVANCE_CAP = 2_000;
/** On a store of more than 5 × this many articles, question words with this many matches or more are not ranked. */
const MATCH_CAP = 20_000;
/** Title matches weigh four times body matches (ts_rank_cd weights are listed D, C, B, A). */
const RANK_WEIGHTS = '{0, 0, 0.25, 1.0}';

/** A row of `id, published_at, score`. */
export interface HitRow {
  id: number;
  published_at: number;
  score: number;
}

/** Rows as hits. */
export const toHits = (rows: HitRow[]): ArticleHit[] => rows.map((r) => ({ id: r.id, publishedAt: new Date(r.published_at), score: r.score }));

/** Search by relevance on PostgreSQL: the question's words counted or estimated, then the recent matches ranked. */
export function createPgRelevance(
  pool: PgPool,
  options: { matchCap?: number; languages?: LanguageCache } = {},
): (workspace: string, query: TextQuery, from: number, to: number, limit: number) => Promise<ArticleHit[]> {
  const matchCap = options.matchCap ?? MATCH_CAP;
  // Match counts per compiled word (a question's common words recur).
  const counted = createEstimateCache<number>();
  // The statistics' most common words of the search column and the share of articles holding each.
  const statistics = createEstimateCache<{ freq: Map<string, number>; rows: number }>(1);

  async function commonWords(total: number): Promise<{ freq: Map<string, number>; rows: number }> {
    const known = statistics.get('', total);
    if (known) return known;
    const r = await pool.query<{ e: string[] | null; f: number[] | null; rows: number }>(
      `SELECT s.most_common_elems::text::text[] AS e, s.most_common_elem_freqs AS f,
         (SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass) AS rows
       FROM pg_stats s WHERE s.schemaname = current_schema() AND s.tablename = 'articles' AND s.attname = 'search_vector'`,
    );
    const row = r.rows[0];
    const freq = new Map<string, number>();
    (row?.e ?? []).forEach((w, i) => freq.set(w, row!.f![i]!));
    const common = { freq, rows: Math.max(0, Number(row?.rows ?? 0)) };
    statistics.set('', common, total);
    return common;
  }

  /**
   * How many articles hold each alternative, counted up to MATCH_CAP. Counting a common word to the cap reads 20,000
   * index entries (about 17 ms at 100,000 articles), so on a large store a word that the statistics list among the
   * most common, in MATCH_CAP articles or more, takes that estimate instead; every other word is counted exactly (the
   * planner's own guess for a word missing from that list can be far too high, and would drop a rare word).
   */
  async function matchCounts<T extends { q: string }>(alternatives: T[], total: number): Promise<(T & { n: number })[]> {
    const known = (q: string): number | undefined => counted.get(q, total);
    const estimates = new Map<string, number>();
    if (total >= 5 * matchCap) {
      const { freq, rows } = await commonWords(total);
      for (const a of alternatives) {
        // A phrase holds fewer articles than its words: only single words are estimated.
        if (known(a.q) !== undefined || /<->|&/.test(a.q)) continue;
        const words = [...a.q.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
        const share = words.reduce((sum, w) => sum + (freq.get(w) ?? 0), 0);
        if (share * rows >= matchCap) estimates.set(a.q, Math.round(share * rows));
      }
    }
    const toCount = [...new Set(alternatives.map((a) => a.q).filter((q) => known(q) === undefined && !estimates.has(q)))];
    if (toCount.length > 0) {
      const counts = await pool.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM (SELECT 1 FROM articles WHERE search_vector @@ u.q::tsquery LIMIT $2) m) AS n
         FROM unnest($1::text[]) WITH ORDINALITY AS u(q, i) ORDER BY u.i`,
        [toCount, matchCap],
      );
      toCount.forEach((q, i) => estimates.set(q, counts.rows[i]!.n));
    }
    for (const [q, n] of estimates) counted.set(q, n, total);
    return alternatives.map((a) => ({ ...a, n: known(a.q) ?? estimates.get(a.q)! }));
  }

  /**
   * Relevance ranking, BM25-like: an article scores, for each question word (alternative) it contains, that word's
   * inverse document frequency times (1 + its ts_rank_cd, title matches weighing four times body ones), so rare words
   * count most, as with SQLite's bm25. As there, on a store of more than 5 × MATCH_CAP articles words with MATCH_CAP
   * matches or more are dropped while rarer ones remain, and only the RELEVANCE_CAP most recently stored matches are
   * ranked, so the cost stays bounded.
   */
  async function byRelevance(workspace: string, query: TextQuery, from: number, to: number, limit: number): Promise<ArticleHit[]> {
    const langs = (await options.languages?.of(workspace)) ?? [];
    const alternatives = query.anyOf.flatMap((g) => {
      const q = compileTsquery({ anyOf: [g] }, langs);
      return q ? [{ g, q }] : [];
    });
    if (alternatives.length === 0) return [];
    const total = (await pool.query<{ n: number }>('SELECT coalesce(max(id), 0) AS n FROM articles')).rows[0]!.n;
    const sized = await matchCounts(alternatives, total);
    const rare = total < 5 * matchCap ? sized : sized.filter((x) => x.n < matchCap);
    const kept = rare.length > 0 ? rare : sized;
    const match = compileTsquery({ anyOf: kept.map((x) => x.g) }, langs);
    if (!match) return [];
    const idf = kept.map((x) => inverseDocumentFrequency(x.n, total));
    // The RELEVANCE_CAP most recently stored matches: walking the ids down and testing each article reads about
    // RELEVANCE_CAP × total / matches of them, reading every match from the full-text index reads all of them (each
    // about 1.3 times dearer, as measured). PostgreSQL underrates the test and walks even for a word in 3.6% of the
    // articles (54,000 read, 315 ms, against 11,000 by the index, 90 ms, at 300,000), so the choice is made here.
    const matches = kept.reduce((sum, x) => sum + x.n, 0);
    const byIndex = matches * matches * 1.3 < RELEVANCE_CAP * Math.max(1, total);
    const recent = byIndex
      ? `c AS MATERIALIZED (SELECT id FROM articles
           WHERE workspace = $1 AND search_vector @@ $2::tsquery AND published_at >= $3 AND published_at < $4),
         m AS (SELECT id, published_at, search_vector FROM articles WHERE id IN (SELECT id FROM c ORDER BY id DESC LIMIT ${RELEVANCE_CAP}))`
      : `m AS (SELECT id, published_at, search_vector FROM articles
           WHERE workspace = $1 AND search_vector @@ $2::tsquery AND published_at >= $3 AND published_at < $4
           ORDER BY id DESC LIMIT ${RELEVANCE_CAP})`;
    const r = await pool.query<HitRow>(
      `WITH ${recent}
       SELECT id, published_at,
         (SELECT coalesce(sum(g.w * (1 + ts_rank_cd('${RANK_WEIGHTS}', m.search_vector, g.q::tsquery, 1))), 0)
          FROM unnest($6::text[], $7::float8[]) AS g(q, w) WHERE m.search_vector @@ g.q::tsquery) AS score
       FROM m ORDER BY score DESC, id DESC LIMIT $5`,
      [workspace, match, from, to, limit, kept.map((x) => x.q), idf],
    );
    return toHits(r.rows);
  }

  return byRelevance;
}
