import type { AddOutcome, Article, NewArticle } from '../../core/article.ts';
import { toArticle, type ArticleRow } from '../row-mapping.ts';
import type { ArticleStore } from '../ports/article-store.ts';
import { storeContentHash } from '../content-hash.ts';
import { timeBounds, toHits, type ArticleSearch } from './search/article-search.ts';
import { QUEUE_CHUNK } from './search/search-index-apply.js';
import type { SearchIndex } from './search/search-index.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

/** The SQLite {@link ArticleStore}: rows in `articles`, searches through the index (waited for before each search). */
export function createSqliteArticleStore(db: SqliteDatabase, index: SearchIndex, search: ArticleSearch): ArticleStore {
  const byUrl = db.prepare('SELECT id FROM articles WHERE workspace = ? AND url = ?').pluck();
  const byHash = db.prepare('SELECT id FROM articles WHERE workspace = ? AND content_hash = ?').pluck();
  const insert = db.prepare(`INSERT INTO articles
    (workspace, url, title, source, published_at, ingested_at, language, body, content_hash)
    VALUES (@workspace, @url, @title, @source, @publishedAt, @ingestedAt, @language, @body, @hash)`);

  const deferIndexing = db.prepare('UPDATE fts_control SET deferred = ? WHERE id = 1');
  // Rows inserted inside one write transaction get consecutive ids, so [first, last] is exactly this batch.
  const queueRange = db.prepare("INSERT INTO search_queue (op, first_id, last_id) VALUES ('add', ?, ?)");

  const addMany = db.transaction((workspace: string, articles: readonly NewArticle[], ingestedAt: number) => {
    const out: AddOutcome[] = [];
    // Queue the batch's index work as one entry per QUEUE_CHUNK ids rather than one per row (the insert trigger).
    deferIndexing.run(1);
    let first = 0;
    let last = 0;
    for (const a of articles) {
      const hash = storeContentHash(a.body);
      const urlDup = a.url ? (byUrl.get(workspace, a.url) as number | undefined) : undefined;
      if (urlDup !== undefined) {
        out.push({ status: 'duplicate', id: urlDup, reason: 'url' });
        continue;
      }
      const hashDup = byHash.get(workspace, hash) as number | undefined;
      if (hashDup !== undefined) {
        out.push({ status: 'duplicate', id: hashDup, reason: 'content' });
        continue;
      }
      const info = insert.run({
        workspace,
        url: a.url,
        title: a.title,
        source: a.source,
        publishedAt: a.publishedAt.getTime(),
        ingestedAt,
        language: a.language,
        body: a.body,
        hash,
      });
      const id = Number(info.lastInsertRowid);
      if (first === 0) first = id;
      last = id;
      out.push({ status: 'added', id });
    }
    for (let lo = first; first !== 0 && lo <= last; lo += QUEUE_CHUNK) queueRange.run(lo, Math.min(last, lo + QUEUE_CHUNK - 1));
    deferIndexing.run(0);
    return out;
  });

  const recent = db.prepare(`SELECT id, published_at AS publishedAt, 0 AS score FROM articles
    WHERE workspace = ? AND published_at >= ? AND published_at < ? ORDER BY published_at DESC, id DESC LIMIT ?`);
  const countAll = db.prepare('SELECT count(*) FROM articles WHERE workspace = ?').pluck();

  return {
    async addArticles(workspace, articles, ingestedAt = new Date()) {
      const out = addMany(workspace, articles, ingestedAt.getTime());
      await index.afterWrite();
      return out;
    },

    searchable: () => index.ready(),

    async getArticles(workspace, ids) {
      const out: Article[] = [];
      const unique = [...new Set(ids)];
      // Chunk to stay far below SQLite's bound-parameter limit.
      for (let i = 0; i < unique.length; i += 500) {
        const chunk = unique.slice(i, i + 500);
        const rows = db
          // "+workspace": without it SQLite may scan the workspace's whole index instead of looking ids up.
          .prepare(`SELECT * FROM articles WHERE +workspace = ? AND id IN (${chunk.map(() => '?').join(',')})`)
          .all(workspace, ...chunk) as ArticleRow[];
        out.push(...rows.map(toArticle));
      }
      return out.sort((a, b) => a.id - b.id);
    },

    async searchArticles(workspace, query, options) {
      if (options.limit <= 0) return [];
      await index.ready();
      return search.search(workspace, query, options);
    },

    async coverage(workspace, query, range) {
      await index.ready();
      return search.coverage(workspace, query, range);
    },

    async recentArticles(workspace, options) {
      const [from, to] = timeBounds(options);
      return toHits(recent.all(workspace, from, to, Math.floor(options.limit)));
    },

    async countArticles(workspace) {
      return countAll.get(workspace) as number;
    },
  };
}
