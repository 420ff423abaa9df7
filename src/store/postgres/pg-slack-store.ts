import type { SlackStore } from '../ports/slack-store.ts';
import { toInstallation, type InstallationRow } from '../row-mapping.ts';
import type { PgPool } from './pg-database.ts';

/**
 * Slack installations and the event ledger on PostgreSQL: every instance reads the same installations, and an event
 * id is claimed by one INSERT, so a retried event is answered once whichever instance receives it.
 */
export function createPgSlackStore(pool: PgPool): SlackStore {
  return {
    async saveInstallation(r) {
      await pool.query(
        `INSERT INTO slack_installations (install_key, team_id, enterprise_id, is_enterprise_install, installation, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (install_key) DO UPDATE SET team_id = excluded.team_id, enterprise_id = excluded.enterprise_id,
           is_enterprise_install = excluded.is_enterprise_install, installation = excluded.installation, updated_at = excluded.updated_at`,
        [r.key, r.teamId, r.enterpriseId, r.isEnterpriseInstall ? 1 : 0, r.data, r.updatedAt.getTime()],
      );
    },
    async findInstallation(key) {
      const row = (await pool.query<InstallationRow>('SELECT * FROM slack_installations WHERE install_key = $1', [key])).rows[0];
      return row ? toInstallation(row) : null;
    },
    async deleteInstallation(key) {
      return ((await pool.query('DELETE FROM slack_installations WHERE install_key = $1', [key])).rowCount ?? 0) > 0;
    },
    async claimEvent(eventId, teamId, at) {
      const r = await pool.query(
        'INSERT INTO slack_event_ledger (event_id, team_id, received_at) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING',
        [eventId, teamId, at.getTime()],
      );
      return r.rowCount === 1;
    },
    async pruneEvents(before) {
      return (await pool.query('DELETE FROM slack_event_ledger WHERE received_at < $1', [before.getTime()])).rowCount ?? 0;
    },
  };
}
