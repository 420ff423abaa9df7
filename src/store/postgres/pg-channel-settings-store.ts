import type { ChannelSettingsStore } from '../ports/channel-settings-store.ts';
import type { PgPool } from './pg-database.ts';

/** The PostgreSQL {@link ChannelSettingsStore}: table `channel_settings`, as in the SQLite schema. */
export function createPgChannelSettingsStore(pool: PgPool): ChannelSettingsStore {
  return {
    async channelLanguage(workspace, channel) {
      const r = await pool.query<{ language: string | null }>('SELECT language FROM channel_settings WHERE workspace = $1 AND channel = $2', [
        workspace,
        channel,
      ]);
      return r.rows[0]?.language ?? null;
    },
    async setChannelLanguage(workspace, channel, language, by, at) {
      await pool.query(
        `INSERT INTO channel_settings (workspace, channel, language, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (workspace, channel) DO UPDATE SET language = EXCLUDED.language, updated_by = EXCLUDED.updated_by,
           updated_at = EXCLUDED.updated_at`,
        [workspace, channel, language, by, at.getTime()],
      );
    },
  };
}
