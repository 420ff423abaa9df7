import { storyKey } from '../../core/story.ts';
import type { BriefHistoryStore } from '../ports/brief-history-store.ts';
import { briefRowValues, toBriefRecord, type BriefRow } from '../row-mapping.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

/** The SQLite {@link BriefHistoryStore}: `briefs` and the articles each cited (`brief_articles`). */
export function createSqliteBriefHistoryStore(db: SqliteDatabase): BriefHistoryStore {
  const insertBrief = db.prepare(`INSERT INTO briefs
    (workspace, subject_key, subject, kind, window_from, window_to, engine, created_at, scope, shown)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // Only link articles of the same workspace: a brief record can never point across workspaces.
  const insertBriefArticle = db.prepare(`INSERT OR IGNORE INTO brief_articles (brief_id, article_id)
    SELECT ?, id FROM articles WHERE id = ? AND workspace = ?`);
  const lastBriefStmt = db.prepare(`SELECT * FROM briefs WHERE workspace = ? AND subject_key = ? AND kind = ?
    ORDER BY created_at DESC, id DESC LIMIT 1`);
  const lastScopedStmt = db.prepare(`SELECT * FROM briefs WHERE workspace = ? AND subject_key = ? AND kind = ? AND scope = ?
    ORDER BY created_at DESC, id DESC LIMIT 1`);
  const briefArticles = db.prepare('SELECT article_id FROM brief_articles WHERE brief_id = ? ORDER BY article_id').pluck();

  return {
    async recordBrief(workspace, record) {
      return db.transaction(() => {
        const info = insertBrief.run(...briefRowValues(workspace, record));
        const id = Number(info.lastInsertRowid);
        for (const a of new Set(record.articleIds)) insertBriefArticle.run(id, a, workspace);
        return id;
      })();
    },

    async lastBrief(workspace, subject, kind, scope) {
      const r = (
        scope === undefined ? lastBriefStmt.get(workspace, storyKey(subject), kind) : lastScopedStmt.get(workspace, storyKey(subject), kind, scope)
      ) as BriefRow | undefined;
      if (!r) return null;
      return toBriefRecord(r, briefArticles.all(r.id) as number[]);
    },
  };
}
