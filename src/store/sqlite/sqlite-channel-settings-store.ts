import type { ChannelSettingsStore } from '../ports/channel-settings-store.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

/** The SQLite {@link ChannelSettingsStore}: table `channel_settings`. */
export function createSqliteChannelSettingsStore(db: SqliteDatabase): ChannelSettingsStore {
  const get = db.prepare('SELECT language FROM channel_settings WHERE workspace = ? AND channel = ?').pluck();
  const upsert = db.prepare(`INSERT INTO channel_settings (workspace, channel, language, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (workspace, channel) DO UPDATE SET language = excluded.language, updated_by = excluded.updated_by,
      updated_at = excluded.updated_at`);
  return {
    async channelLanguage(workspace, channel) {
      return (get.get(workspace, channel) as string | null | undefined) ?? null;
    },
    async setChannelLanguage(workspace, channel, language, by, at) {
      upsert.run(workspace, channel, language, by, at.getTime());
    },
  };
}
