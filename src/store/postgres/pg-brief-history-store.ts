import { storyKey } from '../../core/story.ts';
import type { BriefHistoryStore } from '../ports/brief-history-store.ts';
import { briefRowValues, toBriefRecord, type BriefRow } from '../row-mapping.ts';
import { inTransaction, type PgPool } from './pg-database.ts';

/** History of produced briefs on PostgreSQL. */
export function createPgBriefHistoryStore(pool: PgPool): BriefHistoryStore {
  return {
    async recordBrief(workspace, record) {
      return inTransaction(pool, async (client) => {
        const r = await client.query<{ id: number }>(
          `INSERT INTO briefs (workspace, subject_key, subject, kind, window_from, window_to, engine, created_at, scope, shown)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          briefRowValues(workspace, record),
        );
        const id = r.rows[0]!.id;
        // Only articles of the same workspace: a brief record never points across workspaces.
        await client.query(
          `INSERT INTO brief_articles (brief_id, article_id)
           SELECT $1, id FROM articles WHERE workspace = $2 AND id = ANY($3::bigint[]) ON CONFLICT DO NOTHING`,
          [id, workspace, [...new Set(record.articleIds)]],
        );
        return id;
      });
    },

    async lastBrief(workspace, subject, kind, scope) {
      const r = await pool.query<BriefRow>(
        `SELECT * FROM briefs WHERE workspace = $1 AND subject_key = $2 AND kind = $3 AND ($4::text IS NULL OR scope = $4)
         ORDER BY created_at DESC, id DESC LIMIT 1`,
        [workspace, storyKey(subject), kind, scope ?? null],
      );
      const row = r.rows[0];
      if (!row) return null;
      const ids = await pool.query<{ article_id: number }>('SELECT article_id FROM brief_articles WHERE brief_id = $1 ORDER BY article_id', [row.id]);
      return toBriefRecord(row, ids.rows.map((x) => x.article_id));
    },
  };
}
