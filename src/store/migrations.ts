import { feedMigrations } from './feed-migrations.ts';

/**
 * Numbered schema migrations, applied in order at open; each runs once, in its own transaction, and is recorded in
 * `schema_migrations`. Recording ids (rather than one `user_version`) lets features add migrations independently.
 * Never edit a migration that has shipped: add a new one. Ids are reserved per feature so features developed in
 * parallel never collide: 1–9 foundation, 10–19 LLM engine, 20–29 Slack, 30–39 Discord, 40–49 feeds and article
 * pages, 50–59 digests and scheduling, 60–69 benchmarks and evaluation.
 */
export interface Migration {
  /** Unique, increasing number. */
  id: number;
  /** Short description for logs. */
  name: string;
  /** SQL to run. */
  sql: string;
}

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'articles, full-text index, stories, brief history',
    sql: `
      CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        workspace TEXT NOT NULL,
        url TEXT,
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        published_at INTEGER NOT NULL,
        ingested_at INTEGER NOT NULL,
        language TEXT,
        body TEXT NOT NULL,
        content_hash TEXT NOT NULL
      );
      CREATE UNIQUE INDEX articles_workspace_url ON articles(workspace, url) WHERE url IS NOT NULL;
      CREATE UNIQUE INDEX articles_workspace_hash ON articles(workspace, content_hash);
      CREATE INDEX articles_workspace_published ON articles(workspace, published_at);

      CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body,
        content = 'articles', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
      END;
      CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
      END;
      CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
      END;

      CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        workspace TEXT NOT NULL,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (workspace, name_key)
      );

      CREATE TABLE briefs (
        id INTEGER PRIMARY KEY,
        workspace TEXT NOT NULL,
        subject_key TEXT NOT NULL,
        subject TEXT NOT NULL,
        kind TEXT NOT NULL,
        window_from INTEGER NOT NULL,
        window_to INTEGER NOT NULL,
        engine TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX briefs_lookup ON briefs(workspace, subject_key, kind, created_at);
      CREATE TABLE brief_articles (
        brief_id INTEGER NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (brief_id, article_id)
      ) WITHOUT ROWID;
      CREATE INDEX brief_articles_article ON brief_articles(article_id);
    `,
  },
  {
    id: 2,
    name: 'batched full-text indexing for bulk inserts',
    sql: `
      -- One row. While a bulk insert sets it (inside its own write transaction, so no other connection ever sees it
      -- set), the per-row trigger steps aside and the batch is indexed with one INSERT … SELECT, about twice as fast.
      -- Every other insert path is still indexed row by row.
      CREATE TABLE fts_control (id INTEGER PRIMARY KEY CHECK (id = 1), deferred INTEGER NOT NULL);
      INSERT INTO fts_control (id, deferred) VALUES (1, 0);
      DROP TRIGGER articles_fts_insert;
      CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles
      WHEN (SELECT deferred FROM fts_control WHERE id = 1) = 0 BEGIN
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
      END;
    `,
  },
  {
    id: 3,
    name: 'full-text index in its own file, fed by a queue',
    sql: `
      -- The index moves to the file <database>-fts (search-index.ts), rebuilt there from the articles. Article changes
      -- now queue index work here, in the same transaction as the change; bulk inserts (fts_control.deferred = 1)
      -- queue one entry per batch instead of one per row.
      DROP TRIGGER articles_fts_insert;
      DROP TRIGGER articles_fts_delete;
      DROP TRIGGER articles_fts_update;
      DROP TABLE articles_fts;
      CREATE TABLE search_queue (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        op TEXT NOT NULL CHECK (op IN ('add', 'refresh', 'remove')),
        first_id INTEGER NOT NULL,
        last_id INTEGER NOT NULL
      );
      -- Names this database to its index file, so that an index file of another database is never trusted.
      CREATE TABLE search_meta (id INTEGER PRIMARY KEY CHECK (id = 1), store_id TEXT NOT NULL);
      INSERT INTO search_meta (id, store_id) VALUES (1, lower(hex(randomblob(16))));
      CREATE TRIGGER search_queue_insert AFTER INSERT ON articles
      WHEN (SELECT deferred FROM fts_control WHERE id = 1) = 0 BEGIN
        INSERT INTO search_queue (op, first_id, last_id) VALUES ('add', new.id, new.id);
      END;
      CREATE TRIGGER search_queue_update AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO search_queue (op, first_id, last_id) VALUES ('refresh', new.id, new.id);
      END;
      CREATE TRIGGER search_queue_delete AFTER DELETE ON articles BEGIN
        INSERT INTO search_queue (op, first_id, last_id) VALUES ('remove', old.id, old.id);
      END;
    `,
  },
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
    id: 10,
    name: 'LLM result cache and token usage ledger',
    sql: `
      CREATE TABLE llm_cache (
        workspace TEXT NOT NULL,
        key TEXT NOT NULL,
        prompt TEXT NOT NULL,
        model TEXT NOT NULL,
        output TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (workspace, key)
      ) WITHOUT ROWID;
      CREATE INDEX llm_cache_created ON llm_cache(created_at);

      CREATE TABLE llm_usage (
        id INTEGER PRIMARY KEY,
        workspace TEXT NOT NULL,
        at INTEGER NOT NULL,
        prompt TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost_usd REAL,
        outcome TEXT NOT NULL
      );
      CREATE INDEX llm_usage_workspace_at ON llm_usage(workspace, at);
    `,
  },
  ...feedMigrations,
];
