import type { Statement } from 'better-sqlite3';
import { contentHash } from '../../core/article.ts';
import type { FeedClaim, FeedItemInput, FeedItemOutcome, FeedRecord, FeedStore, NewFeed } from '../ports/feed-store.ts';
import { feedHost, feedStateAssignments, newFeedValues, toFeed, type FeedRow } from '../row-mapping.ts';
import type { SearchIndex } from './search/search-index.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

const SELECT_FEED = `SELECT f.*, (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.article_id IS NOT NULL) AS items_stored
  FROM feeds f`;

/** The SQLite implementation of {@link FeedStore}, over the shared database handle. */
export function createSqliteFeedStore(db: SqliteDatabase, index: SearchIndex): FeedStore {
  const insertFeed = db.prepare(`INSERT INTO feeds
    (workspace, url, title, site_url, interval_ms, added_by, added_at, channel_platform, channel_id, next_poll_at, host)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const feedByUrl = db.prepare(`${SELECT_FEED} WHERE f.workspace = ? AND f.url = ?`);
  const feedById = db.prepare(`${SELECT_FEED} WHERE f.workspace = ? AND f.id = ?`);
  const feedsOf = db.prepare(`${SELECT_FEED} WHERE f.workspace = ? ORDER BY f.id`);
  const deleteFeed = db.prepare('DELETE FROM feeds WHERE workspace = ? AND id = ?');
  const due = db.prepare(`${SELECT_FEED} WHERE f.next_poll_at <= ? ORDER BY f.next_poll_at, f.id LIMIT ?`);
  const dueIn = db.prepare(`${SELECT_FEED} WHERE f.workspace = ? AND f.next_poll_at <= ? ORDER BY f.next_poll_at, f.id LIMIT ?`);
  const nextAll = db.prepare('SELECT min(next_poll_at) FROM feeds').pluck();
  const backlog = db.prepare(`SELECT
      coalesce(sum(CASE WHEN next_poll_at <= @now AND (lease_until IS NULL OR lease_until <= @now) THEN 1 ELSE 0 END), 0) AS due,
      coalesce(sum(CASE WHEN lease_until > @now THEN 1 ELSE 0 END), 0) AS polling
    FROM feeds`);
  const nextIn = db.prepare('SELECT min(next_poll_at) FROM feeds WHERE workspace = ?').pluck();
  // One statement, so the check against the workspace's other feeds and the change cannot be split by another write.
  const moveUrl = db.prepare(`UPDATE feeds SET url = @url, host = @host WHERE id = @id
    AND NOT EXISTS (SELECT 1 FROM feeds o WHERE o.workspace = feeds.workspace AND o.url = @url AND o.id <> feeds.id)`);

  // Leases. Candidates are read in due order and picked while their host is under the cap, inside an immediate
  // transaction: it takes the write lock first, so a second process sharing the file claims after this one, never
  // interleaved with it.
  const liveByHost = db.prepare('SELECT host, count(*) AS n FROM feeds WHERE lease_until > ? GROUP BY host');
  const claimable = db.prepare(`SELECT id, host FROM feeds WHERE next_poll_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
    AND (@workspace IS NULL OR workspace = @workspace) ORDER BY next_poll_at, id`);
  const lease = db.prepare('UPDATE feeds SET lease_owner = ?, lease_until = ? WHERE id = ?');
  const release = db.prepare('UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?');
  const feedOfId = db.prepare(`${SELECT_FEED} WHERE f.id = ?`);
  const claim = db.transaction((now: number, c: FeedClaim): FeedRecord[] => {
    const live = new Map((liveByHost.all(now) as { host: string; n: number }[]).map((r) => [r.host, r.n]));
    const picked: number[] = [];
    for (const row of claimable.iterate({ now, workspace: c.workspace ?? null }) as Iterable<{ id: number; host: string }>) {
      if (picked.length >= c.limit) break;
      const n = live.get(row.host) ?? 0;
      if (n >= c.perHost) continue;
      live.set(row.host, n + 1);
      picked.push(row.id);
    }
    for (const id of picked) lease.run(c.owner, now + c.leaseMs, id);
    return picked.map((id) => toFeed(feedOfId.get(id) as FeedRow));
  });

  const itemByKey = db.prepare('SELECT article_id AS articleId, revision FROM feed_items WHERE feed_id = ? AND item_key = ?');
  const insertItem = db.prepare(`INSERT INTO feed_items (feed_id, item_key, article_id, revision, first_seen_at, announced)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const updateItem = db.prepare('UPDATE feed_items SET revision = ?, updated_at = ?, article_id = ? WHERE feed_id = ? AND item_key = ?');
  const articleByUrl = db.prepare('SELECT id FROM articles WHERE workspace = ? AND url = ?').pluck();
  const articleByHash = db.prepare('SELECT id FROM articles WHERE workspace = ? AND content_hash = ?').pluck();
  const articleExists = db.prepare('SELECT id FROM articles WHERE workspace = ? AND id = ?').pluck();
  const insertArticle = db.prepare(`INSERT INTO articles
    (workspace, url, title, source, published_at, ingested_at, language, body, content_hash)
    VALUES (@workspace, @url, @title, @source, @publishedAt, @ingestedAt, @language, @body, @hash)`);
  const editArticle = db.prepare('UPDATE articles SET title = ?, body = ?, content_hash = ? WHERE workspace = ? AND id = ?');
  const editTitle = db.prepare('UPDATE articles SET title = ? WHERE workspace = ? AND id = ?');
  const setUrl = db.prepare('UPDATE articles SET url = ? WHERE workspace = ? AND id = ?');

  // Prepared UPDATE statements by the set of columns they write (a handful of shapes in practice).
  const updates = new Map<string, Statement<unknown[]>>();

  const store = db.transaction(
    (feedId: number, workspace: string, items: readonly FeedItemInput[], at: number, announce: boolean): FeedItemOutcome[] => {
      const out: FeedItemOutcome[] = [];
      for (const item of items) {
        const a = item.article;
        const hash = contentHash(a.body);
        const known = itemByKey.get(feedId, item.key) as { articleId: number | null; revision: string } | undefined;
        const knownId = known?.articleId != null ? (articleExists.get(workspace, known.articleId) as number | undefined) : undefined;
        if (known && knownId !== undefined) {
          if (known.revision === item.revision) {
            out.push({ status: 'unchanged', articleId: knownId });
            continue;
          }
          // An edit of an item already stored: change the article in place (a trigger queues it for re-indexing). If the
          // new text equals another stored article, keep this body and only take the new title.
          const clash = articleByHash.get(workspace, hash) as number | undefined;
          if (clash === undefined || clash === knownId) editArticle.run(a.title, a.body, hash, workspace, knownId);
          else editTitle.run(a.title, workspace, knownId);
          if (a.url && articleByUrl.get(workspace, a.url) === undefined) setUrl.run(a.url, workspace, knownId);
          updateItem.run(item.revision, at, knownId, feedId, item.key);
          out.push({ status: 'updated', articleId: knownId });
          continue;
        }
        const urlDup = a.url ? (articleByUrl.get(workspace, a.url) as number | undefined) : undefined;
        const hashDup = urlDup === undefined ? (articleByHash.get(workspace, hash) as number | undefined) : undefined;
        let outcome: FeedItemOutcome;
        if (urlDup !== undefined) outcome = { status: 'duplicate', articleId: urlDup, reason: 'url' };
        else if (hashDup !== undefined) outcome = { status: 'duplicate', articleId: hashDup, reason: 'content' };
        else {
          const info = insertArticle.run({
            workspace,
            url: a.url,
            title: a.title,
            source: a.source,
            publishedAt: a.publishedAt.getTime(),
            ingestedAt: at,
            language: a.language,
            body: a.body,
            hash,
          });
          outcome = { status: 'added', articleId: Number(info.lastInsertRowid) };
        }
        if (known) updateItem.run(item.revision, at, outcome.articleId, feedId, item.key);
        else insertItem.run(feedId, item.key, outcome.articleId, item.revision, at, announce ? 1 : 0);
        out.push(outcome);
      }
      return out;
    },
  );

  return {
    async addFeed(workspace, f: NewFeed) {
      return db.transaction(() => {
        const existing = feedByUrl.get(workspace, f.url) as FeedRow | undefined;
        if (existing) return { feed: toFeed(existing), created: false };
        const info = insertFeed.run(workspace, ...newFeedValues(f));
        return { feed: toFeed(feedById.get(workspace, Number(info.lastInsertRowid)) as FeedRow), created: true };
      })();
    },

    async getFeed(workspace, id) {
      const row = feedById.get(workspace, id) as FeedRow | undefined;
      return row ? toFeed(row) : null;
    },

    async listFeeds(workspace) {
      return (feedsOf.all(workspace) as FeedRow[]).map(toFeed);
    },

    async removeFeed(workspace, id) {
      return deleteFeed.run(workspace, id).changes > 0;
    },

    async dueFeeds(now, limit, workspace) {
      const rows = workspace === undefined ? due.all(now.getTime(), limit) : dueIn.all(workspace, now.getTime(), limit);
      return (rows as FeedRow[]).map(toFeed);
    },

    async pollBacklog(now) {
      return backlog.get({ now: now.getTime() }) as { due: number; polling: number };
    },

    async nextPollAt(workspace) {
      const v = (workspace === undefined ? nextAll.get() : nextIn.get(workspace)) as number | null;
      return v === null ? null : new Date(v);
    },

    async claimDueFeeds(now, c) {
      if (c.limit <= 0) return [];
      return claim.immediate(now.getTime(), c);
    },

    async releaseFeed(feedId, owner) {
      return release.run(feedId, owner).changes > 0;
    },

    async updateFeedState(feedId, update) {
      const { columns, values } = feedStateAssignments(update);
      if (columns.length === 0) return;
      const sql = `UPDATE feeds SET ${columns.map((c) => `${c} = ?`).join(', ')}, lease_owner = NULL, lease_until = NULL WHERE id = ?`;
      let stmt = updates.get(sql);
      if (!stmt) updates.set(sql, (stmt = db.prepare(sql)));
      stmt.run(...values, feedId);
    },

    async moveFeed(feedId, url) {
      return moveUrl.run({ id: feedId, url, host: feedHost(url) }).changes > 0;
    },

    async knownItems(feedId, keys) {
      const found = new Map<string, string>();
      for (let i = 0; i < keys.length; i += 500) {
        const chunk = keys.slice(i, i + 500);
        const rows = db
          .prepare(`SELECT item_key AS key, revision FROM feed_items WHERE feed_id = ? AND item_key IN (${chunk.map(() => '?').join(',')})`)
          .all(feedId, ...chunk) as { key: string; revision: string }[];
        for (const r of rows) found.set(r.key, r.revision);
      }
      return found;
    },

    async storeItems(feed, items, at, announce) {
      const out = store(feed.id, feed.workspace, items, at.getTime(), announce);
      await index.afterWrite();
      return out;
    },
  };
}
