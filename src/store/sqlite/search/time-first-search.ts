import type { SqliteDatabase } from '../sqlite-database.ts';

/** A matching article row, newest first. */
export interface WindowRow {
  /** Article id. */
  id: number;
  /** Publication time, ms. */
  publishedAt: number;
}

// Window rows read per step. Ids of one step that lie close together (within GAP of each other) form a run, and each
// run is checked against the full-text index with one rowid-range query: articles stored in publication order (feeds,
// archives imported in order) give one or a few runs per step, so checking costs about one index read per match rather
// than one index query per article.
const CHUNK = 2000;
const GAP = 64;

/**
 * Time-first full-text search: walks a workspace's articles in a time window newest first (by the publication-time
 * index) and keeps those the full-text query matches. Reading stops as soon as the caller stops iterating.
 */
export function createTimeFirstSearch(db: SqliteDatabase): (match: string, workspace: string, from: number, to: number) => Generator<WindowRow> {
  const firstChunk = db.prepare(`SELECT id, published_at AS publishedAt FROM articles
    WHERE workspace = ? AND published_at >= ? AND published_at < ?
    ORDER BY published_at DESC, id DESC LIMIT ${CHUNK}`);
  const nextChunk = db.prepare(`SELECT id, published_at AS publishedAt FROM articles
    WHERE workspace = ? AND published_at >= ? AND (published_at, id) < (?, ?)
    ORDER BY published_at DESC, id DESC LIMIT ${CHUNK}`);
  const inRange = db.prepare(
    // CAST: better-sqlite3 binds numbers as REAL, and FTS5 only seeks by (and on equality only honours) integer rowids.
    'SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)').pluck();

  return function* search(match, workspace, from, to) {
    let rows = firstChunk.all(workspace, from, to) as WindowRow[];
    while (rows.length > 0) {
      const ids = rows.map((r) => r.id).sort((a, b) => a - b);
      const matched = new Set<number>();
      let start = 0;
      for (let i = 1; i <= ids.length; i++) {
        if (i < ids.length && ids[i]! - ids[i - 1]! <= GAP) continue;
        for (const id of inRange.all(match, ids[start]!, ids[i - 1]!) as number[]) matched.add(id);
        start = i;
      }
      for (const r of rows) if (matched.has(r.id)) yield r;
      if (rows.length < CHUNK) return;
      const last = rows[rows.length - 1]!;
      rows = nextChunk.all(workspace, from, last.publishedAt, last.id) as WindowRow[];
    }
  };
}
