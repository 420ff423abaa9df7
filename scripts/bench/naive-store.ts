import type { SqliteDatabase } from '../../src/store/sqlite/sqlite-database.ts';
import type { ArticleHit, Coverage } from '../../src/store/ports/article-store.ts';
import type { Store } from '../../src/store/ports/corpus-store.ts';
import type { TextQuery } from '../../src/core/text-query.ts';

/**
 * The naive baseline: the real store with retrieval replaced by `LIKE '%phrase%'` scans of titles and bodies (no
 * full-text index, no stemming). Everything else — windows, ranking, summarising, recording — is the real code.
 */
export function createNaiveStore(real: Store, db: SqliteDatabase): Store {
  function where(query: TextQuery): { sql: string; params: string[] } | null {
    const groups: string[] = [];
    const params: string[] = [];
    for (const g of query.anyOf) {
      const parts: string[] = [];
      for (const p of g.allOf) {
        if (p.words.length === 0) continue;
        const forms = [p.words.join(' '), ...p.lastWordVariants.map((v) => [...p.words.slice(0, -1), v].join(' '))];
        const ors: string[] = [];
        for (const f of forms) {
          ors.push('(title LIKE ? OR body LIKE ?)');
          params.push(`%${f}%`, `%${f}%`);
        }
        parts.push(`(${ors.join(' OR ')})`);
      }
      if (parts.length > 0) groups.push(`(${parts.join(' AND ')})`);
    }
    return groups.length > 0 ? { sql: groups.join(' OR '), params } : null;
  }
  const range = (from?: Date, to?: Date): [number, number] => [from?.getTime() ?? -8.64e15, to?.getTime() ?? 8.64e15];

  return {
    ...real,
    async searchArticles(workspace, query, options): Promise<ArticleHit[]> {
      const w = where(query);
      if (!w || options.limit <= 0) return [];
      const [from, to] = range(options.from, options.to);
      const rows = db
        .prepare(
          `SELECT id, published_at AS publishedAt FROM articles WHERE workspace = ? AND published_at >= ? AND published_at < ?
           AND (${w.sql}) ORDER BY published_at DESC, id DESC LIMIT ?`,
        )
        .all(workspace, from, to, ...w.params, Math.floor(options.limit)) as { id: number; publishedAt: number }[];
      return rows.map((r) => ({ id: r.id, publishedAt: new Date(r.publishedAt), score: 0 }));
    },
    async coverage(workspace, query, r): Promise<Coverage> {
      const w = where(query);
      if (!w) return { count: 0, oldestAt: null, newestAt: null };
      const [from, to] = range(r?.from, r?.to);
      const row = db
        .prepare(
          `SELECT count(*) AS count, min(published_at) AS oldest, max(published_at) AS newest FROM articles
           WHERE workspace = ? AND published_at >= ? AND published_at < ? AND (${w.sql})`,
        )
        .get(workspace, from, to, ...w.params) as { count: number; oldest: number | null; newest: number | null };
      return {
        count: row.count,
        oldestAt: row.oldest === null ? null : new Date(row.oldest),
        newestAt: row.newest === null ? null : new Date(row.newest),
      };
    },
  };
}
