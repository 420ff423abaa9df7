import type { SqliteDatabase } from './sqlite-database.ts';
import type { SlackStore } from '../ports/slack-store.ts';
import { toInstallation, type InstallationRow } from '../row-mapping.ts';

/** The Slack store over the shared SQLite handle (tables from migration 20). */
export function createSqliteSlackStore(db: SqliteDatabase): SlackStore {
  const upsert = db.prepare(`
    INSERT INTO slack_installations (install_key, team_id, enterprise_id, is_enterprise_install, installation, updated_at)
    VALUES (@key, @teamId, @enterpriseId, @isEnterpriseInstall, @data, @updatedAt)
    ON CONFLICT (install_key) DO UPDATE SET
      team_id = excluded.team_id, enterprise_id = excluded.enterprise_id,
      is_enterprise_install = excluded.is_enterprise_install, installation = excluded.installation,
      updated_at = excluded.updated_at`);
  const find = db.prepare('SELECT * FROM slack_installations WHERE install_key = ?');
  const remove = db.prepare('DELETE FROM slack_installations WHERE install_key = ?');
  const claim = db.prepare('INSERT OR IGNORE INTO slack_event_ledger (event_id, team_id, received_at) VALUES (?, ?, ?)');
  const prune = db.prepare('DELETE FROM slack_event_ledger WHERE received_at < ?');
  return {
    async saveInstallation(r) {
      upsert.run({
        key: r.key,
        teamId: r.teamId,
        enterpriseId: r.enterpriseId,
        isEnterpriseInstall: r.isEnterpriseInstall ? 1 : 0,
        data: r.data,
        updatedAt: r.updatedAt.getTime(),
      });
    },
    async findInstallation(key) {
      const row = find.get(key) as InstallationRow | undefined;
      return row ? toInstallation(row) : null;
    },
    async deleteInstallation(key) {
      return remove.run(key).changes > 0;
    },
    async claimEvent(eventId, teamId, at) {
      return claim.run(eventId, teamId, at.getTime()).changes === 1;
    },
    async pruneEvents(before) {
      return prune.run(before.getTime()).changes;
    },
  };
}
