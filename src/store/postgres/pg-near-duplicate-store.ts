import { estimatedJaccard, lshKeys, signatureFromBytes, signatureToBytes } from '../../core/near-duplicate.ts';
import type { NearDuplicateLink, NearDuplicateStore } from '../ports/near-duplicate-store.ts';
import { inTransaction, type PgClient, type PgPool } from './pg-database.ts';

const MAX_CANDIDATES = 200;

async function linkOne(client: PgClient, workspace: string, articleId: number, sig: Uint32Array, threshold: number, at: number): Promise<NearDuplicateLink[]> {
  await client.query(
    `INSERT INTO article_signatures (article_id, workspace, signature) VALUES ($1, $2, $3)
     ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature`,
    [articleId, workspace, Buffer.from(signatureToBytes(sig))],
  );
  await client.query('DELETE FROM article_lsh WHERE article_id = $1', [articleId]);
  const keys = lshKeys(sig);
  await client.query(
    'INSERT INTO article_lsh (workspace, key, article_id) SELECT $1, k, $2 FROM unnest($3::bigint[]) AS k ON CONFLICT DO NOTHING',
    [workspace, articleId, keys],
  );
  // Candidates in key order then id order, as the SQLite store meets them.
  const candidates = await client.query<{ article_id: number; signature: Buffer | null }>(
    `SELECT c.article_id, s.signature FROM (
       SELECT article_id, min(array_position($3::bigint[], key)) AS first FROM article_lsh
       WHERE workspace = $1 AND key = ANY($3::bigint[]) AND article_id <> $2 GROUP BY article_id
       ORDER BY first, article_id LIMIT ${MAX_CANDIDATES}) c
     LEFT JOIN article_signatures s ON s.article_id = c.article_id AND s.workspace = $1
     ORDER BY c.first, c.article_id`,
    [workspace, articleId, keys],
  );
  const links: NearDuplicateLink[] = [];
  for (const c of candidates.rows) {
    const otherSig = c.signature ? signatureFromBytes(c.signature) : null;
    if (!otherSig) continue;
    const similarity = estimatedJaccard(sig, otherSig);
    if (similarity < threshold) continue;
    // Links point from the later article to the earlier one (ids grow with storage order).
    const [later, earlier] = articleId > c.article_id ? [articleId, c.article_id] : [c.article_id, articleId];
    await client.query(
      `INSERT INTO article_near_duplicates (article_id, duplicate_of, workspace, similarity, detected_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (article_id, duplicate_of) DO UPDATE SET similarity = excluded.similarity, detected_at = excluded.detected_at`,
      [later, earlier, workspace, similarity, at],
    );
    links.push({ articleId: later, duplicateOf: earlier, similarity });
  }
  return links;
}

/**
 * A batch of new or edited articles of one poll in a few statements: their signatures and band keys written at once,
 * then, article by article in input order, the candidates among articles stored before the batch and those earlier in
 * it (later ones of the batch find this one in their turn), and the links written at once: the links of linking them
 * one by one. Returns null, writing nothing, when an article appears twice or already has a signature (an edit).
 */
async function linkBatch(
  client: PgClient,
  workspace: string,
  articles: readonly { articleId: number; signature: Uint32Array }[],
  threshold: number,
  at: number,
): Promise<NearDuplicateLink[] | null> {
  const ids = articles.map((a) => a.articleId);
  if (new Set(ids).size !== ids.length) return null;
  // Re-linking edited articles: earlier ones meet the old band keys of later ones, as one by one. Left to that path.
  const seen = await client.query('SELECT 1 FROM article_signatures WHERE article_id = ANY($1::bigint[]) LIMIT 1', [ids]);
  if (seen.rows.length > 0) return null;
  await client.query(
    `INSERT INTO article_signatures (article_id, workspace, signature) SELECT t.id, $1, t.sig FROM unnest($2::bigint[], $3::bytea[]) AS t(id, sig)
     ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature`,
    [workspace, ids, articles.map((a) => Buffer.from(signatureToBytes(a.signature)))],
  );
  await client.query('DELETE FROM article_lsh WHERE article_id = ANY($1::bigint[])', [ids]);
  const keys = articles.map((a) => lshKeys(a.signature));
  await client.query(
    'INSERT INTO article_lsh (workspace, key, article_id) SELECT $1, t.k, t.id FROM unnest($2::bigint[], $3::bigint[]) AS t(k, id) ON CONFLICT DO NOTHING',
    [workspace, keys.flat(), articles.flatMap((a, i) => keys[i]!.map(() => a.articleId))],
  );
  const links: NearDuplicateLink[] = [];
  for (const [i, a] of articles.entries()) {
    const candidates = await client.query<{ article_id: number; signature: Buffer | null }>(
      `SELECT c.article_id, s.signature FROM (
         SELECT article_id, min(array_position($3::bigint[], key)) AS first FROM article_lsh
         WHERE workspace = $1 AND key = ANY($3::bigint[]) AND article_id <> $2 AND article_id <> ALL($4::bigint[]) GROUP BY article_id
         ORDER BY first, article_id LIMIT ${MAX_CANDIDATES}) c
       LEFT JOIN article_signatures s ON s.article_id = c.article_id AND s.workspace = $1
       ORDER BY c.first, c.article_id`,
      [workspace, a.articleId, keys[i]!, ids.slice(i + 1)],
    );
    for (const c of candidates.rows) {
      const otherSig = c.signature ? signatureFromBytes(c.signature) : null;
      if (!otherSig) continue;
      const similarity = estimatedJaccard(a.signature, otherSig);
      if (similarity < threshold) continue;
      const [later, earlier] = a.articleId > c.article_id ? [a.articleId, c.article_id] : [c.article_id, a.articleId];
      links.push({ articleId: later, duplicateOf: earlier, similarity });
    }
  }
  if (links.length > 0) {
    await client.query(
      `INSERT INTO article_near_duplicates (article_id, duplicate_of, workspace, similarity, detected_at)
       SELECT t.a, t.d, $1, t.s, $2 FROM unnest($3::bigint[], $4::bigint[], $5::float8[]) AS t(a, d, s)
       ON CONFLICT (article_id, duplicate_of) DO UPDATE SET similarity = excluded.similarity, detected_at = excluded.detected_at`,
      [workspace, at, links.map((l) => l.articleId), links.map((l) => l.duplicateOf), links.map((l) => l.similarity)],
    );
  }
  return links;
}

/** Near-duplicate signatures (BYTEA) and LSH band keys on PostgreSQL. */
export function createPgNearDuplicateStore(pool: PgPool): NearDuplicateStore {
  return {
    async linkNearDuplicates(workspace, articles, threshold, at) {
      if (articles.length === 0) return [];
      return inTransaction(pool, async (client) => {
        const batched = await linkBatch(client, workspace, articles, threshold, at.getTime());
        if (batched) return batched;
        const out: NearDuplicateLink[] = [];
        for (const a of articles) out.push(...(await linkOne(client, workspace, a.articleId, a.signature, threshold, at.getTime())));
        return out;
      });
    },
    async nearDuplicatesOf(workspace, articleId) {
      const r = await pool.query<{ other: number; similarity: number }>(
        `SELECT duplicate_of AS other, similarity FROM article_near_duplicates WHERE workspace = $1 AND article_id = $2
         UNION SELECT article_id AS other, similarity FROM article_near_duplicates WHERE workspace = $1 AND duplicate_of = $2
         ORDER BY other`,
        [workspace, articleId],
      );
      return r.rows.map((row) => ({ articleId: row.other, similarity: row.similarity }));
    },
  };
}
