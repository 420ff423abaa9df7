import type { Migration } from '../migration.ts';

/** Digest subscriptions and the run ledger (ids 50–59). */
export const digestMigrations: Migration[] = [
  {
    id: 50,
    name: 'digest subscriptions and run ledger',
    sql: `
      CREATE TABLE digest_subscriptions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        workspace TEXT NOT NULL,
        platform TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        stories TEXT,
        schedule TEXT NOT NULL,
        cron TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        active_since INTEGER NOT NULL,
        paused_at INTEGER,
        pause_reason TEXT,
        covered_up_to INTEGER,
        covered_id_max INTEGER,
        version INTEGER NOT NULL DEFAULT 1,
        UNIQUE (workspace, platform, channel_id, cron, time_zone)
      );
      CREATE INDEX digest_subscriptions_workspace ON digest_subscriptions(workspace);

      CREATE TABLE digest_runs (
        subscription_id INTEGER NOT NULL REFERENCES digest_subscriptions(id) ON DELETE CASCADE,
        slot INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('claimed', 'posting', 'posted', 'failed', 'skipped', 'unknown')),
        trigger TEXT NOT NULL,
        owner TEXT,
        lease_until INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        claimed_at INTEGER NOT NULL,
        finished_at INTEGER,
        message_ids TEXT,
        detail TEXT,
        content TEXT,
        PRIMARY KEY (subscription_id, slot)
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 51,
    name: 'digest language',
    sql: `
      -- The language a digest is written in (an ISO 639-1 code); NULL: as its sources are written.
      ALTER TABLE digest_subscriptions ADD COLUMN language TEXT;
    `,
  },
  {
    id: 52,
    name: 'digest runs keep what they post',
    sql: `
      -- What a run is posting (reply, coverage), kept while posting so that another process can finish it.
      ALTER TABLE digest_runs ADD COLUMN posting TEXT;
    `,
  },
];
