import type { NewArticle } from '../../core/article.ts';
import { storeContentHash } from '../content-hash.ts';
export { toArticle, type ArticleRow } from '../row-mapping.ts';
import type { PgClient, PgQueryable } from './pg-database.ts';
import { stemmingLanguage } from './pg-languages.ts';
import { tsvectorLiteral } from './pg-search-text.ts';

/** The columns of {@link ArticleRow}, for SELECT lists (never `search_vector`, which is large). */
export const ARTICLE_COLUMNS = 'id, workspace, url, title, source, published_at, ingested_at, language, body, content_hash';

/**
 * Serialises the article writes of one workspace until the transaction ends, so that the duplicate checks of two
 * instances storing the same article at once cannot both pass (the unique indexes would then reject one batch).
 */
export async function lockWorkspaceArticles(client: PgClient, workspace: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(7302, hashtext($1))', [workspace]);
}

/** Ids of stored articles of a workspace with these URLs and content hashes. */
export async function existingArticles(
  db: PgQueryable,
  workspace: string,
  urls: readonly string[],
  hashes: readonly string[],
): Promise<{ byUrl: Map<string, number>; byHash: Map<string, number> }> {
  const r = await db.query<{ id: number; url: string | null; content_hash: string }>(
    `SELECT id, url, content_hash FROM articles WHERE workspace = $1 AND (url = ANY($2::text[]) OR content_hash = ANY($3::text[]))`,
    [workspace, urls, hashes],
  );
  const byUrl = new Map<string, number>();
  const byHash = new Map<string, number>();
  for (const row of r.rows) {
    if (row.url !== null) byUrl.set(row.url, row.id);
    byHash.set(row.content_hash, row.id);
  }
  return { byUrl, byHash };
}

/** A new article with its hash, ready to insert. */
export interface ArticleInsert {
  /** The article. */
  article: NewArticle;
  /** Its content hash ({@link storeContentHash}). */
  hash: string;
  /** Its `tsvector` literal, once computed ({@link withVector}). */
  vector?: string;
}

export function withHash(article: NewArticle): ArticleInsert {
  return { article, hash: storeContentHash(article.body) };
}

/**
 * The article with its full-text vector computed. The feed store computes it before it takes the workspace lock (a
 * poll's items are new): it is most of a write's cost in this process, and the lock then stays short. Otherwise it is
 * computed on insert.
 */
export function withVector(row: ArticleInsert): ArticleInsert {
  row.vector ??= tsvectorLiteral(row.article.title, row.article.body, row.article.language);
  return row;
}

/** Vectors computed between two turns of the event loop: about 10 ms of work on news articles. */
const VECTOR_SLICE = 48;

/**
 * Computes the rows' full-text vectors a slice at a time, letting the event loop run between slices: a write that is
 * already on its way to the database (the previous batch of an import) is sent, committed and answered meanwhile, so
 * that this process and the database work at the same time instead of in turn.
 */
export async function withVectors(rows: ArticleInsert[]): Promise<ArticleInsert[]> {
  for (let i = 0; i < rows.length; i += VECTOR_SLICE) {
    if (i > 0) await new Promise<void>((done) => setImmediate(done));
    for (let k = i; k < Math.min(rows.length, i + VECTOR_SLICE); k++) withVector(rows[k]!);
  }
  return rows;
}

/**
 * Records the stemming languages of stored articles in `article_languages` (in the caller's transaction), so that
 * queries in the workspace also match those languages' stems. True when there was any.
 */
export async function noteLanguages(client: PgQueryable, workspace: string, languages: Iterable<string | null>): Promise<boolean> {
  const codes = [...new Set([...languages].map(stemmingLanguage).filter((c): c is string => c !== null))];
  if (codes.length === 0) return false;
  await client.query('INSERT INTO article_languages (workspace, language) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [workspace, codes]);
  return true;
}

/**
 * Inserts articles (already checked for duplicates, within the workspace lock) with one statement and returns their
 * ids in input order. The full-text vector (pg-search-text.ts) is written in the same statement.
 */
export async function insertArticles(client: PgClient, workspace: string, rows: readonly ArticleInsert[], ingestedAt: number): Promise<number[]> {
  if (rows.length === 0) return [];
  const col = <T>(f: (r: ArticleInsert) => T): T[] => rows.map(f);
  const r = await client.query<{ id: number; content_hash: string }>(
    `INSERT INTO articles (workspace, url, title, source, published_at, ingested_at, language, body, content_hash, search_vector)
     SELECT $1, t.url, t.title, t.source, t.published_at, $2, t.language, t.body, t.hash, t.v::tsvector
     FROM unnest($3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[])
       WITH ORDINALITY AS t(url, title, source, published_at, language, body, hash, v, n)
     ORDER BY t.n
     RETURNING id, content_hash`,
    [
      workspace,
      ingestedAt,
      col((x) => x.article.url),
      col((x) => x.article.title),
      col((x) => x.article.source),
      col((x) => x.article.publishedAt.getTime()),
      col((x) => x.article.language),
      col((x) => x.article.body),
      col((x) => x.hash),
      col((x) => withVector(x).vector!),
    ],
  );
  await noteLanguages(client, workspace, rows.map((x) => x.article.language));
  // Hashes are unique within a workspace, so they map the returned ids back to the input whatever the row order.
  const ids = new Map(r.rows.map((row) => [row.content_hash, row.id]));
  return rows.map((x) => ids.get(x.hash)!);
}

/**
 * Rewrites an article's title and, when given, its body and hash (a feed edited it), with its full-text vector. With
 * `body` null only the title changes.
 */
export async function editArticle(
  client: PgClient,
  workspace: string,
  id: number,
  title: string,
  edit: { body: string; hash: string } | null,
  language: string | null,
): Promise<void> {
  let next = edit;
  if (!next) {
    const r = await client.query<{ body: string; content_hash: string }>('SELECT body, content_hash FROM articles WHERE workspace = $1 AND id = $2', [
      workspace,
      id,
    ]);
    const row = r.rows[0];
    if (!row) return;
    next = { body: row.body, hash: row.content_hash };
  }
  await client.query(
    `UPDATE articles SET title = $1, body = $2, content_hash = $3, search_vector = $4::tsvector WHERE workspace = $5 AND id = $6`,
    [title, next.body, next.hash, tsvectorLiteral(title, next.body, language), workspace, id],
  );
}
