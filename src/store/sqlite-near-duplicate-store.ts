import { estimatedJaccard, lshKeys, signatureFromBytes, signatureToBytes } from '../core/near-duplicate.ts';
import type { NearDuplicateLink, NearDuplicateStore } from './near-duplicate-store.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

/** The SQLite implementation of {@link NearDuplicateStore}: LSH band keys in an index, signatures as blobs. */
export function createSqliteNearDuplicateStore(db: SqliteDatabase): NearDuplicateStore {
  const upsertSignature = db.prepare(`INSERT INTO article_signatures (article_id, workspace, signature) VALUES (?, ?, ?)
    ON CONFLICT(article_id) DO UPDATE SET signature = excluded.signature`);
  const clearKeys = db.prepare('DELETE FROM article_lsh WHERE article_id = ?');
  const insertKey = db.prepare('INSERT OR IGNORE INTO article_lsh (workspace, key, article_id) VALUES (?, ?, ?)');
  const candidates = db.prepare('SELECT DISTINCT article_id FROM article_lsh WHERE workspace = ? AND key = ? AND article_id != ?').pluck();
  const signatureOf = db.prepare('SELECT signature FROM article_signatures WHERE article_id = ? AND workspace = ?').pluck();
  const insertLink = db.prepare(`INSERT OR REPLACE INTO article_near_duplicates (article_id, duplicate_of, workspace, similarity, detected_at)
    VALUES (?, ?, ?, ?, ?)`);
  const linksOf = db.prepare(`SELECT duplicate_of AS other, similarity FROM article_near_duplicates WHERE workspace = ? AND article_id = ?
    UNION SELECT article_id AS other, similarity FROM article_near_duplicates WHERE workspace = ? AND duplicate_of = ?
    ORDER BY other`);

  const link = db.transaction((workspace: string, articleId: number, sig: Uint32Array, threshold: number, at: number) => {
    upsertSignature.run(articleId, workspace, signatureToBytes(sig));
    clearKeys.run(articleId);
    const seen = new Set<number>();
    const keys = lshKeys(sig);
    for (const key of keys) {
      insertKey.run(workspace, key, articleId);
      for (const other of candidates.all(workspace, key, articleId) as number[]) seen.add(other);
    }
    const links: NearDuplicateLink[] = [];
    for (const other of seen) {
      const bytes = signatureOf.get(other, workspace) as Buffer | undefined;
      const otherSig = bytes ? signatureFromBytes(bytes) : null;
      if (!otherSig) continue;
      const similarity = estimatedJaccard(sig, otherSig);
      if (similarity < threshold) continue;
      // Links point from the later article to the earlier one (ids grow with storage order).
      const [later, earlier] = articleId > other ? [articleId, other] : [other, articleId];
      insertLink.run(later, earlier, workspace, similarity, at);
      links.push({ articleId: later, duplicateOf: earlier, similarity });
    }
    return links;
  });

  return {
    async linkNearDuplicates(workspace, articleId, signature, threshold, at) {
      return link(workspace, articleId, signature, threshold, at.getTime());
    },
    async nearDuplicatesOf(workspace, articleId) {
      return (linksOf.all(workspace, articleId, workspace, articleId) as { other: number; similarity: number }[]).map((r) => ({
        articleId: r.other,
        similarity: r.similarity,
      }));
    },
  };
}
