import type { AddOutcome, Article } from '../../core/article.ts';
import type { TextQuery } from '../../core/text-query.ts';
import type { ArticleHit, ArticleStore, Coverage, TimeRange } from '../ports/article-store.ts';
import { inTransaction, type PgPool } from './pg-database.ts';
import {
  ARTICLE_COLUMNS,
  existingArticles,
  insertArticles,
  lockWorkspaceArticles,
  toArticle,
  withHash,
  type ArticleInsert,
  type ArticleRow,
} from './pg-article-rows.ts';
import { compileTsquery } from './pg-search-text.ts';

const MIN_TIME = -8.64e15;
const MAX_TIME = 8.64e15;
/** Relevance ranking scores at most this many matches: the most recently stored ones (as the SQLite store does). */
const RELEVANCE_CAP = 2_000;
/** On a store of more than 5 × this many articles, question words with this many matches or more are not ranked. */
const MATCH_CAP = 20_000;
/** Title matches weigh four times body matches (ts_rank_cd weights are listed D, C, B, A). */
const RANK_WEIGHTS = '{0, 0, 0.25, 1.0}';
/** Statistics are refreshed once this many articles were written since they were gathered, and a tenth of the table. */
const ANALYZE_AFTER = 1_000;
/** First half of the advisory key under which one instance at a time refreshes the statistics. */
const ANALYZE_LOCK = 7303;

function bounds(range: TimeRange | undefined): [number, number] {
  return [range?.from?.getTime() ?? MIN_TIME, range?.to?.getTime() ?? MAX_TIME];
}

interface HitRow {
  id: number;
  published_at: number;
  score: number;
}

const toHits = (rows: HitRow[]): ArticleHit[] => rows.map((r) => ({ id: r.id, publishedAt: new Date(r.published_at), score: r.score }));

/** An {@link ArticleStore} with the coverage query the story store shares. */
export interface PgArticleStore extends ArticleStore {
  /** Coverage of a compiled query. */
  coverageOf(workspace: string, tsquery: string, range?: TimeRange): Promise<Coverage>;
}

/**
 * Articles on PostgreSQL. Duplicates are checked under a per-workspace advisory lock (so instances never store one
 * article twice), full-text search runs on the GIN-indexed `search_vector`, and PostgreSQL's planner picks, per query
 * and from its own statistics of the searched words, between walking the index matches (rare words) and walking the
 * workspace's time index newest first until the limit (frequent words): the two plans of the SQLite store.
 */
export function createPgArticleStore(pool: PgPool, options: { matchCap?: number } = {}): PgArticleStore {
  const matchCap = options.matchCap ?? MATCH_CAP;
  let writtenSinceAnalyze = 0;

  /**
   * Gathers the table's statistics when many articles arrived since they were last gathered. Without them PostgreSQL
   * guesses how many articles a word is in, and a rare story's newest matches are searched by walking the whole
   * time index (454 ms instead of 1 ms at 100,000 articles). Autovacuum would gather them within a minute or so; an
   * import ends by doing it so that the first brief after it is planned right. Writes by other instances count through
   * the server's own counter; one instance at a time analyzes, the others go on.
   */
  async function refreshStatistics(): Promise<void> {
    const r = await pool.query<{ changed: string | null; rows: number; never: boolean }>(
      `SELECT s.n_mod_since_analyze AS changed, c.reltuples AS rows, (s.last_analyze IS NULL AND s.last_autoanalyze IS NULL) AS never
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relid = 'articles'::regclass`,
    );
    const row = r.rows[0];
    const changed = Math.max(writtenSinceAnalyze, Number(row?.changed ?? 0));
    if (changed < ANALYZE_AFTER || (row && !row.never && changed < 0.1 * Math.max(0, row.rows))) return;
    const client = await pool.connect();
    try {
      const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS ok', [ANALYZE_LOCK]);
      if (!got.rows[0]!.ok) return;
      try {
        await client.query('ANALYZE articles');
        writtenSinceAnalyze = 0;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [ANALYZE_LOCK]);
      }
    } finally {
      client.release();
    }
  }

  async function coverageOf(workspace: string, q: string, range?: TimeRange): Promise<Coverage> {
    const [from, to] = bounds(range);
    const r = await pool.query<{ count: number; oldest: number | null; newest: number | null }>(
      `SELECT count(*) AS count, min(published_at) AS oldest, max(published_at) AS newest FROM articles
       WHERE workspace = $1 AND search_vector @@ $2::tsquery AND published_at >= $3 AND published_at < $4`,
      [workspace, q, from, to],
    );
    const row = r.rows[0]!;
    return {
      count: row.count,
      oldestAt: row.oldest === null ? null : new Date(row.oldest),
      newestAt: row.newest === null ? null : new Date(row.newest),
    };
  }

  // Match counts per compiled word, kept until the table grows by a tenth (a question's common words recur).
  const counted = new Map<string, { n: number; atTotal: number }>();
  // The statistics' most common words of the search column and the share of articles holding each.
  let common: { freq: Map<string, number>; rows: number; atTotal: number } | null = null;

  async function commonWords(total: number): Promise<{ freq: Map<string, number>; rows: number }> {
    if (common && total <= common.atTotal * 1.1 + 100) return common;
    const r = await pool.query<{ e: string[] | null; f: number[] | null; rows: number }>(
      `SELECT s.most_common_elems::text::text[] AS e, s.most_common_elem_freqs AS f,
         (SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass) AS rows
       FROM pg_stats s WHERE s.schemaname = current_schema() AND s.tablename = 'articles' AND s.attname = 'search_vector'`,
    );
    const row = r.rows[0];
    const freq = new Map<string, number>();
    (row?.e ?? []).forEach((w, i) => freq.set(w, row!.f![i]!));
    common = { freq, rows: Math.max(0, Number(row?.rows ?? 0)), atTotal: total };
    return common;
  }

  /**
   * How many articles hold each alternative, counted up to MATCH_CAP. Counting a common word to the cap reads 20,000
   * index entries (about 17 ms at 100,000 articles), so on a large store a word that the statistics list among the
   * most common, in MATCH_CAP articles or more, takes that estimate instead; every other word is counted exactly (the
   * planner's own guess for a word missing from that list can be far too high, and would drop a rare word).
   */
  async function matchCounts<T extends { q: string }>(alternatives: T[], total: number): Promise<(T & { n: number })[]> {
    const known = (q: string): number | undefined => {
      const c = counted.get(q);
      return c && total <= c.atTotal * 1.1 + 100 ? c.n : undefined;
    };
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
    for (const [q, n] of estimates) counted.set(q, { n, atTotal: total });
    while (counted.size > 512) counted.delete(counted.keys().next().value!);
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
    const alternatives = query.anyOf.flatMap((g) => {
      const q = compileTsquery({ anyOf: [g] });
      return q ? [{ g, q }] : [];
    });
    if (alternatives.length === 0) return [];
    const total = (await pool.query<{ n: number }>('SELECT coalesce(max(id), 0) AS n FROM articles')).rows[0]!.n;
    const sized = await matchCounts(alternatives, total);
    const rare = total < 5 * matchCap ? sized : sized.filter((x) => x.n < matchCap);
    const kept = rare.length > 0 ? rare : sized;
    const match = compileTsquery({ anyOf: kept.map((x) => x.g) });
    if (!match) return [];
    const idf = kept.map((x) => Math.log(1 + (Math.max(total, x.n) - x.n + 0.5) / (x.n + 0.5)));
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

  return {
    coverageOf,

    async addArticles(workspace, articles, ingestedAt = new Date()) {
      if (articles.length === 0) return [];
      const prepared = articles.map(withHash);
      return inTransaction(pool, async (client) => {
        await lockWorkspaceArticles(client, workspace);
        const urls = prepared.flatMap((p) => (p.article.url ? [p.article.url] : []));
        const { byUrl, byHash } = await existingArticles(client, workspace, urls, prepared.map((p) => p.hash));
        // Decide in input order, as if stored one by one: a later copy in the same batch is a duplicate of the first.
        const decisions: ({ dup: AddOutcome } | { add: ArticleInsert })[] = [];
        const pendingUrl = new Map<string, number>();
        const pendingHash = new Map<string, number>();
        for (const p of prepared) {
          const url = p.article.url;
          const urlDup = url ? (byUrl.get(url) ?? pendingUrl.get(url)) : undefined;
          const hashDup = byHash.get(p.hash) ?? pendingHash.get(p.hash);
          if (urlDup !== undefined) decisions.push({ dup: { status: 'duplicate', id: urlDup, reason: 'url' } });
          else if (hashDup !== undefined) decisions.push({ dup: { status: 'duplicate', id: hashDup, reason: 'content' } });
          else {
            // Negative placeholders until the insert returns real ids.
            const slot = -(decisions.length + 1);
            if (url) pendingUrl.set(url, slot);
            pendingHash.set(p.hash, slot);
            decisions.push({ add: p });
          }
        }
        const adds = decisions.flatMap((d) => ('add' in d ? [d.add] : []));
        const ids = await insertArticles(client, workspace, adds, ingestedAt.getTime());
        writtenSinceAnalyze += ids.length;
        const real = new Map<number, number>();
        let k = 0;
        decisions.forEach((d, i) => {
          if ('add' in d) real.set(-(i + 1), ids[k++]!);
        });
        return decisions.map((d, i): AddOutcome => {
          if ('add' in d) return { status: 'added', id: real.get(-(i + 1))! };
          return d.dup.id < 0 ? { ...d.dup, id: real.get(d.dup.id)! } : d.dup;
        });
      });
    },

    // Every write is searchable when its transaction commits; what an import leaves to do is the planner's statistics.
    searchable: () => refreshStatistics(),

    async getArticles(workspace, ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return [];
      const r = await pool.query<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE workspace = $1 AND id = ANY($2::bigint[]) ORDER BY id`,
        [workspace, unique],
      );
      return r.rows.map(toArticle) satisfies Article[];
    },

    async searchArticles(workspace, query, options) {
      if (options.limit <= 0) return [];
      const [from, to] = bounds(options);
      const limit = Math.floor(options.limit);
      if (options.order === 'relevance') {
        return byRelevance(workspace, query, from, to, limit);
      }
      const q = compileTsquery(query);
      if (!q) return [];
      const r = await pool.query<HitRow>(
        `SELECT id, published_at, 0 AS score FROM articles
         WHERE workspace = $1 AND search_vector @@ $2::tsquery AND published_at >= $3 AND published_at < $4
         ORDER BY published_at DESC, id DESC LIMIT $5`,
        [workspace, q, from, to, limit],
      );
      return toHits(r.rows);
    },

    async coverage(workspace, query, range) {
      const q = compileTsquery(query);
      if (!q) return { count: 0, oldestAt: null, newestAt: null };
      return coverageOf(workspace, q, range);
    },

    async recentArticles(workspace, options) {
      const [from, to] = bounds(options);
      const r = await pool.query<HitRow>(
        `SELECT id, published_at, 0 AS score FROM articles WHERE workspace = $1 AND published_at >= $2 AND published_at < $3
         ORDER BY published_at DESC, id DESC LIMIT $4`,
        [workspace, from, to, Math.floor(options.limit)],
      );
      return toHits(r.rows);
    },

    async countArticles(workspace) {
      return (await pool.query<{ n: number }>('SELECT count(*) AS n FROM articles WHERE workspace = $1', [workspace])).rows[0]!.n;
    },
  };
}
