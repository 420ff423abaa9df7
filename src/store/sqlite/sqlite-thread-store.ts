import type { ThreadStore } from '../ports/thread-store.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

interface ThreadRow {
  subject: string;
  window_from: number;
  window_to: number;
}

/** The SQLite {@link ThreadStore}: table `chat_threads`. */
export function createSqliteThreadStore(db: SqliteDatabase): ThreadStore {
  const upsert = db.prepare(`INSERT INTO chat_threads (message_key, subject, window_from, window_to, posted_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (message_key) DO UPDATE SET subject = excluded.subject, window_from = excluded.window_from,
      window_to = excluded.window_to, posted_at = excluded.posted_at`);
  const get = db.prepare('SELECT subject, window_from, window_to FROM chat_threads WHERE message_key = ?');
  const prune = db.prepare('DELETE FROM chat_threads WHERE posted_at < ?');
  return {
    async rememberThread(key, c, at) {
      upsert.run(key, c.subject, c.from.getTime(), c.to.getTime(), at.getTime());
    },
    async recallThread(key) {
      const r = get.get(key) as ThreadRow | undefined;
      return r ? { subject: r.subject, from: new Date(r.window_from), to: new Date(r.window_to) } : null;
    },
    async forgetThreadsBefore(before) {
      return prune.run(before.getTime()).changes;
    },
  };
}
