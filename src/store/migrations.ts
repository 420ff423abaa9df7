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
];
