import { storyKey } from '../../core/story.ts';
import { parseShown, type BriefHistoryStore, type BriefRecord } from '../ports/brief-history-store.ts';
import { inTransaction, type PgPool } from './pg-database.ts';

interface BriefRow {
  id: number;
  subject: string;
  kind: string;
  window_from: number;
  window_to: number;
  engine: string;
  created_at: number;
  scope: string;
  shown: string | null;
}

/** History of produced briefs on PostgreSQL. */
export function createPgBriefHistoryStore(pool: PgPool): BriefHistoryStore {
  return {
    async recordBrief(workspace, record) {
      return inTransaction(pool, async (client) => {
        const r = await client.query<{ id: number }>(
          `INSERT INTO briefs (workspace, subject_key, subject, kind, window_from, window_to, engine, created_at, scope, shown)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            workspace,
            storyKey(record.subject),
            record.subject,
            record.kind,
            record.windowFrom.getTime(),
            record.windowTo.getTime(),
            record.engine,
            record.createdAt.getTime(),
            record.scope ?? '',
            record.shown ? JSON.stringify(record.shown) : null,
          ],
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
      const record: BriefRecord = {
        id: row.id,
        subject: row.subject,
        kind: row.kind,
        windowFrom: new Date(row.window_from),
        windowTo: new Date(row.window_to),
        engine: row.engine,
        createdAt: new Date(row.created_at),
        articleIds: ids.rows.map((x) => x.article_id),
        scope: row.scope,
        shown: parseShown(row.shown),
      };
      return record;
    },
  };
}
