import type { ThreadStore } from '../ports/thread-store.ts';
import type { PgPool } from './pg-database.ts';

/** The PostgreSQL {@link ThreadStore}: table `chat_threads`, shared by every instance. */
export function createPgThreadStore(pool: PgPool): ThreadStore {
  return {
    async rememberThread(key, c, at) {
      await pool.query(
        `INSERT INTO chat_threads (message_key, subject, window_from, window_to, posted_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (message_key) DO UPDATE SET subject = EXCLUDED.subject, window_from = EXCLUDED.window_from,
           window_to = EXCLUDED.window_to, posted_at = EXCLUDED.posted_at`,
        [key, c.subject, c.from.getTime(), c.to.getTime(), at.getTime()],
      );
    },
    async recallThread(key) {
      const r = await pool.query<{ subject: string; window_from: string; window_to: string }>(
        'SELECT subject, window_from, window_to FROM chat_threads WHERE message_key = $1',
        [key],
      );
      const row = r.rows[0];
      return row ? { subject: row.subject, from: new Date(Number(row.window_from)), to: new Date(Number(row.window_to)) } : null;
    },
    async forgetThreadsBefore(before) {
      const r = await pool.query('DELETE FROM chat_threads WHERE posted_at < $1', [before.getTime()]);
      return r.rowCount ?? 0;
    },
  };
}
