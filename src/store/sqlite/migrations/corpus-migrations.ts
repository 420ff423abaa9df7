import type { Migration } from '../migration.ts';

/** Articles, the full-text index queue, stories and brief history (ids 1–9). */
export const corpusMigrations: Migration[] = [
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
    id: 4,
    name: 'brief history: where each brief was shown and what it showed',
    sql: `
      -- "" is the workspace as a whole (the CLI); chat briefs record their channel or DM, so "what changed" compares
      -- a brief only with the previous one shown in the same place.
      ALTER TABLE briefs ADD COLUMN scope TEXT NOT NULL DEFAULT '';
      -- JSON: the bullets (text, article ids), figures and names shown; NULL for older records.
      ALTER TABLE briefs ADD COLUMN shown TEXT;
      CREATE INDEX briefs_scope_lookup ON briefs(workspace, subject_key, kind, scope, created_at);
    `,
  },
];
