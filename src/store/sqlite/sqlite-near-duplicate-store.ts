import { estimatedJaccard, lshKeys, signatureFromBytes, signatureToBytes } from '../../core/near-duplicate.ts';
import type { NearDuplicateLink, NearDuplicateStore } from '../ports/near-duplicate-store.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

const MAX_CANDIDATES = 200;

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

  const linkOne = (workspace: string, articleId: number, sig: Uint32Array, threshold: number, at: number): NearDuplicateLink[] => {
    upsertSignature.run(articleId, workspace, signatureToBytes(sig));
    clearKeys.run(articleId);
    const seen = new Set<number>();
    const keys = lshKeys(sig);
    for (const key of keys) {
      insertKey.run(workspace, key, articleId);
      for (const other of candidates.all(workspace, key, articleId) as number[]) seen.add(other);
    }
    const links: NearDuplicateLink[] = [];
    // A story copied by hundreds of outlets needs no more links than this to count them; the cap bounds the work.
    for (const other of [...seen].slice(0, MAX_CANDIDATES)) {
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
  };
  const link = db.transaction(
    (workspace: string, articles: readonly { articleId: number; signature: Uint32Array }[], threshold: number, at: number) =>
      articles.flatMap((a) => linkOne(workspace, a.articleId, a.signature, threshold, at)),
  );

  return {
    async linkNearDuplicates(workspace, articles, threshold, at) {
      return articles.length === 0 ? [] : link(workspace, articles, threshold, at.getTime());
    },
    async nearDuplicatesOf(workspace, articleId) {
      return (linksOf.all(workspace, articleId, workspace, articleId) as { other: number; similarity: number }[]).map((r) => ({
        articleId: r.other,
        similarity: r.similarity,
      }));
    },
  };
}
