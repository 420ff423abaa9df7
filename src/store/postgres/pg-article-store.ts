import type { AddOutcome, Article } from '../../core/article.ts';
import type { ArticleStore, Coverage, TimeRange } from '../ports/article-store.ts';
import { inTransaction, type PgPool } from './pg-database.ts';
import {
  ARTICLE_COLUMNS,
  existingArticles,
  insertArticles,
  lockWorkspaceArticles,
  toArticle,
  withHash,
  withVectors,
  type ArticleInsert,
  type ArticleRow,
} from './pg-article-rows.ts';
import { createPgRelevance, toHits, type HitRow } from './pg-relevance.ts';
import { createLanguageCache, stemmingLanguage, type LanguageCache } from './pg-languages.ts';
import { compileTsquery } from './pg-search-text.ts';

const MIN_TIME = -8.64e15;
const MAX_TIME = 8.64e15;
/** Statistics are refreshed once this many articles were written since they were gathered, and a tenth of the table. */
const ANALYZE_AFTER = 1_000;
/** First half of the advisory key under which one instance at a time refreshes the statistics. */
const ANALYZE_LOCK = 7303;
/** How long after an ANALYZE the server's count of changed rows may still include writes made before it. */
const STATISTICS_LAG_SECONDS = 60;

function bounds(range: TimeRange | undefined): [number, number] {
  return [range?.from?.getTime() ?? MIN_TIME, range?.to?.getTime() ?? MAX_TIME];
}


/** An {@link ArticleStore} with the coverage query the story store shares. */
export interface PgArticleStore extends ArticleStore {
  /** Coverage of a compiled query. */
  coverageOf(workspace: string, tsquery: string, range?: TimeRange): Promise<Coverage>;
  /** The stemming languages of each workspace's articles, for compiling its queries. */
  readonly languages: LanguageCache;
}

/**
 * Articles on PostgreSQL. Duplicates are checked under a per-workspace advisory lock (so instances never store one
 * article twice), full-text search runs on the GIN-indexed `search_vector`, and PostgreSQL's planner picks, per query
 * and from its own statistics of the searched words, between walking the index matches (rare words) and walking the
 * workspace's time index newest first until the limit (frequent words): the two plans of the SQLite store.
 */
export function createPgArticleStore(pool: PgPool, options: { matchCap?: number } = {}): PgArticleStore {
  const languages = createLanguageCache(pool);
  const byRelevance = createPgRelevance(pool, { ...options, languages });
  let writtenSinceAnalyze = 0;
  // The last write handed in (never rejected): the next one starts after it.
  let writes: Promise<unknown> = Promise.resolve();

  /**
   * Gathers the table's statistics when many articles arrived since they were last gathered. Without them PostgreSQL
   * guesses how many articles a word is in, and a rare story's newest matches are searched by walking the whole
   * time index (454 ms instead of 1 ms at 100,000 articles). Autovacuum would gather them within a minute or so; an
   * import ends by doing it so that the first brief after it is planned right. Writes by other instances count through
   * the server's own counter; one instance at a time analyzes, the others go on. That counter lags: a session flushes
   * its write counts a few seconds after writing, so writes made just before an ANALYZE can be added after it and look
   * new. For a minute after the last ANALYZE only this instance's own count is trusted.
   */
  async function refreshStatistics(): Promise<void> {
    const r = await pool.query<{ changed: string | null; rows: number; never: boolean; recent: boolean }>(
      `SELECT s.n_mod_since_analyze AS changed, c.reltuples AS rows, (s.last_analyze IS NULL AND s.last_autoanalyze IS NULL) AS never,
              COALESCE(greatest(s.last_analyze, s.last_autoanalyze) > now() - interval '${STATISTICS_LAG_SECONDS} seconds', false) AS recent
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relid = 'articles'::regclass`,
    );
    const row = r.rows[0];
    const changed = Math.max(writtenSinceAnalyze, row?.recent ? 0 : Number(row?.changed ?? 0));
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

  /** Stores prepared articles, checking duplicates under the workspace lock: the second half of addArticles. */
  function writeArticles(workspace: string, prepared: ArticleInsert[], ingestedAt: Date): Promise<AddOutcome[]> {
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
      if (adds.some((a) => stemmingLanguage(a.article.language))) languages.forget(workspace);
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
  }

  return {
    coverageOf,
    languages,

    addArticles(workspace, articles, ingestedAt = new Date()) {
      if (articles.length === 0) return Promise.resolve([]);
      // The vectors are computed now, while an earlier batch may still be writing; the writes themselves go one after
      // the other in call order, so a batch is decided as if stored after every batch handed in before it.
      const prepared = Promise.resolve(articles).then(async (batch) => withVectors(batch.map(withHash)));
      // Observed by the write below once the writes before it are done; until then a failure must not count as unhandled.
      prepared.catch(() => {});
      const write = writes.then(async () => writeArticles(workspace, await prepared, ingestedAt));
      writes = write.catch(() => {});
      return write;
    },

    // Every write is searchable when its transaction commits; what an import leaves to do is the planner's statistics.
    searchable: async () => {
      await writes;
      await refreshStatistics();
    },

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
      const q = compileTsquery(query, await languages.of(workspace));
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
      const q = compileTsquery(query, await languages.of(workspace));
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
