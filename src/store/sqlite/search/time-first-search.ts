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
const MIN_FIRST_CHUNK = 32;

/**
 * Time-first full-text search: walks a workspace's articles in a time window newest first (by the publication-time
 * index) and keeps those the full-text query matches. Reading stops as soon as the caller stops iterating. `expected`,
 * when known, is how many articles the caller expects to read: the first step reads about that many (at least 32)
 * instead of a full step, so a search for a few hits in a short slice of time stays cheap.
 */
export function createTimeFirstSearch(
  db: SqliteDatabase,
): (match: string, workspace: string, from: number, to: number, expected?: number) => Generator<WindowRow> {
  const firstChunk = db.prepare(`SELECT id, published_at AS publishedAt FROM articles
    WHERE workspace = ? AND published_at >= ? AND published_at < ?
    ORDER BY published_at DESC, id DESC LIMIT ?`);
  const nextChunk = db.prepare(`SELECT id, published_at AS publishedAt FROM articles
    WHERE workspace = ? AND published_at >= ? AND (published_at, id) < (?, ?)
    ORDER BY published_at DESC, id DESC LIMIT ${CHUNK}`);
  const inRange = db.prepare(
    // CAST: better-sqlite3 binds numbers as REAL, and FTS5 only seeks by (and on equality only honours) integer rowids.
    'SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)').pluck();

  return function* search(match, workspace, from, to, expected) {
    let size = expected === undefined ? CHUNK : Math.min(CHUNK, Math.max(MIN_FIRST_CHUNK, Math.ceil(expected * 1.5)));
    let rows = firstChunk.all(workspace, from, to, size) as WindowRow[];
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
      if (rows.length < size) return;
      size = CHUNK;
      const last = rows[rows.length - 1]!;
      rows = nextChunk.all(workspace, from, last.publishedAt, last.id) as WindowRow[];
    }
  };
}
