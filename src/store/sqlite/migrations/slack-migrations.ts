import type { Migration } from '../migration.ts';

/** Slack installations and the event ledger, and what chat threads are about (ids 20–29). */
export const slackMigrations: Migration[] = [
  {
    id: 20,
    name: 'slack installations and event ledger',
    sql: `
      CREATE TABLE slack_installations (
        install_key TEXT PRIMARY KEY,
        team_id TEXT,
        enterprise_id TEXT,
        is_enterprise_install INTEGER NOT NULL DEFAULT 0,
        installation TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE slack_event_ledger (
        event_id TEXT PRIMARY KEY,
        team_id TEXT,
        received_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX slack_event_ledger_received ON slack_event_ledger(received_at);
    `,
  },
  {
    id: 21,
    name: 'chat threads: the story and window of each posted brief, by message',
    sql: `
      CREATE TABLE chat_threads (
        message_key TEXT PRIMARY KEY,
        subject TEXT NOT NULL,
        window_from INTEGER NOT NULL,
        window_to INTEGER NOT NULL,
        posted_at INTEGER NOT NULL
      );
      CREATE INDEX chat_threads_posted ON chat_threads(posted_at);
    `,
  },
  {
    id: 22,
    name: 'channel settings: the language of what a channel is shown',
    sql: `
      CREATE TABLE channel_settings (
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        language TEXT,
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (workspace, channel)
      );
    `,
  },
];
