import type { Migration } from '../migration.ts';

/**
 * Schema of feed subscriptions, the items each feed delivered, and near-duplicate links between articles (ids 40–49,
 * the range reserved for feeds and article pages).
 */
export const feedMigrations: Migration[] = [
  {
    id: 40,
    name: 'feed subscriptions and feed items',
    sql: `
      -- AUTOINCREMENT: the id of a removed feed is never given to another one (users remove feeds by id).
      CREATE TABLE feeds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        workspace TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT,
        site_url TEXT,
        interval_ms INTEGER NOT NULL,
        added_by TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        channel_platform TEXT,
        channel_id TEXT,
        etag TEXT,
        last_modified TEXT,
        status TEXT NOT NULL DEFAULT 'pending',
        failures INTEGER NOT NULL DEFAULT 0,
        last_polled_at INTEGER,
        last_success_at INTEGER,
        last_error TEXT,
        last_error_at INTEGER,
        next_poll_at INTEGER NOT NULL,
        unhealthy_since INTEGER,
        notice_sent_at INTEGER,
        first_poll_at INTEGER,
        UNIQUE (workspace, url)
      );
      CREATE INDEX feeds_due ON feeds(next_poll_at);

      CREATE TABLE feed_items (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        revision TEXT NOT NULL,
        first_seen_at INTEGER NOT NULL,
        updated_at INTEGER,
        announced INTEGER NOT NULL,
        PRIMARY KEY (feed_id, item_key)
      ) WITHOUT ROWID;
      CREATE INDEX feed_items_article ON feed_items(article_id);
    `,
  },
  {
    id: 41,
    name: 'near-duplicate signatures and links',
    sql: `
      CREATE TABLE article_signatures (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        workspace TEXT NOT NULL,
        signature BLOB NOT NULL
      );
      CREATE TABLE article_lsh (
        workspace TEXT NOT NULL,
        key INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (workspace, key, article_id)
      ) WITHOUT ROWID;
      CREATE INDEX article_lsh_article ON article_lsh(article_id);

      CREATE TABLE article_near_duplicates (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        duplicate_of INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        workspace TEXT NOT NULL,
        similarity REAL NOT NULL,
        detected_at INTEGER NOT NULL,
        PRIMARY KEY (article_id, duplicate_of)
      ) WITHOUT ROWID;
      CREATE INDEX article_near_duplicates_of ON article_near_duplicates(duplicate_of);
    `,
  },
  {
    id: 42,
    name: 'feed hosts and polling leases',
    sql: `
      -- host: what per-host politeness counts over every poller (set by the store from the URL; backfilled here with
      -- the same result as the WHATWG host name for the URLs feeds have). lease_owner/lease_until: which poller holds
      -- the feed and until when; an expired lease may be taken over.
      ALTER TABLE feeds ADD COLUMN host TEXT NOT NULL DEFAULT '';
      ALTER TABLE feeds ADD COLUMN lease_owner TEXT;
      ALTER TABLE feeds ADD COLUMN lease_until INTEGER;
      UPDATE feeds SET host = (
        SELECT lower(CASE WHEN a LIKE '[%' THEN substr(a, 1, instr(a, ']')) WHEN instr(a, ':') > 0 THEN substr(a, 1, instr(a, ':') - 1) ELSE a END)
        FROM (SELECT substr(auth, instr(auth, '@') + 1) AS a
          FROM (SELECT substr(s, 1, instr(s, '/') - 1) AS auth
            FROM (SELECT replace(replace(CASE WHEN instr(feeds.url, '://') > 0 THEN substr(feeds.url, instr(feeds.url, '://') + 3)
              ELSE feeds.url END, '?', '/'), '#', '/') || '/' AS s))));
      CREATE INDEX feeds_host_lease ON feeds(host, lease_until);
    `,
  },
];
