import type { FeedItemOutcome, FeedStore } from '../ports/feed-store.ts';
import { feedHost, feedStateAssignments, newFeedValues, toFeed, type FeedRow } from '../row-mapping.ts';
import { editArticle, existingArticles, insertArticles, lockWorkspaceArticles, withHash, withVector, type ArticleInsert } from './pg-article-rows.ts';
import { inTransaction, type PgClient, type PgPool } from './pg-database.ts';
import { stemmingLanguage, type LanguageCache } from './pg-languages.ts';

const SELECT_FEED = `SELECT f.*, (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.article_id IS NOT NULL) AS items_stored
  FROM feeds f`;

/** Key of the transaction advisory lock that serialises claims, so each one counts the others' live leases per host. */
const CLAIM_LOCK = 7_302_148_120;

/**
 * One claim: due, unleased (or expired) feeds ranked within their host in due order, kept while the host's live leases
 * plus their rank stay within the cap, soonest first; those rows are locked (skipping any another transaction holds)
 * and leased. $1 now, $2 workspace or null, $3 per-host cap, $4 limit, $5 owner, $6 lease end.
 */
const CLAIM = `WITH live AS (SELECT host, count(*) AS n FROM feeds WHERE lease_until > $1 GROUP BY host),
  ranked AS (
    SELECT id, host, next_poll_at, row_number() OVER (PARTITION BY host ORDER BY next_poll_at, id) AS rn FROM feeds
    WHERE next_poll_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) AND ($2::text IS NULL OR workspace = $2)),
  eligible AS (
    SELECT r.id FROM ranked r LEFT JOIN live l ON l.host = r.host WHERE r.rn + coalesce(l.n, 0) <= $3
    ORDER BY r.next_poll_at, r.id LIMIT $4),
  picked AS (SELECT f.id FROM feeds f WHERE f.id IN (SELECT id FROM eligible) FOR UPDATE SKIP LOCKED)
  UPDATE feeds SET lease_owner = $5, lease_until = $6 FROM picked WHERE feeds.id = picked.id RETURNING feeds.id`;

async function one(client: PgClient | PgPool, sql: string, params: unknown[]): Promise<FeedRow | undefined> {
  return (await client.query<FeedRow>(sql, params)).rows[0];
}

/** Feed subscriptions and their items on PostgreSQL. */
export function createPgFeedStore(pool: PgPool, languages?: LanguageCache): FeedStore {
  async function storeOne(
    client: PgClient,
    feed: { id: number; workspace: string },
    item: Parameters<FeedStore['storeItems']>[1][number],
    prepared: ArticleInsert,
    at: number,
    announce: boolean,
  ): Promise<FeedItemOutcome> {
    const { workspace } = feed;
    const a = item.article;
    const known = (
      await client.query<{ article_id: number | null; revision: string; live: number | null }>(
        `SELECT i.article_id, i.revision, a.id AS live FROM feed_items i
         LEFT JOIN articles a ON a.id = i.article_id AND a.workspace = $3 WHERE i.feed_id = $1 AND i.item_key = $2`,
        [feed.id, item.key, workspace],
      )
    ).rows[0];
    const { byUrl, byHash } = await existingArticles(client, workspace, a.url ? [a.url] : [], [prepared.hash]);
    if (known && known.live !== null) {
      const knownId = known.live;
      if (known.revision === item.revision) return { status: 'unchanged', articleId: knownId };
      // An edit of an item already stored: change the article in place. If the new text equals another stored
      // article, keep this body and only take the new title.
      const clash = byHash.get(prepared.hash);
      await editArticle(client, workspace, knownId, a.title, clash === undefined || clash === knownId ? { body: a.body, hash: prepared.hash } : null, a.language);
      if (a.url && !byUrl.has(a.url)) await client.query('UPDATE articles SET url = $1 WHERE workspace = $2 AND id = $3', [a.url, workspace, knownId]);
      await client.query('UPDATE feed_items SET revision = $1, updated_at = $2, article_id = $3 WHERE feed_id = $4 AND item_key = $5', [
        item.revision,
        at,
        knownId,
        feed.id,
        item.key,
      ]);
      return { status: 'updated', articleId: knownId };
    }
    const urlDup = a.url ? byUrl.get(a.url) : undefined;
    const hashDup = urlDup === undefined ? byHash.get(prepared.hash) : undefined;
    let outcome: FeedItemOutcome;
    if (urlDup !== undefined) outcome = { status: 'duplicate', articleId: urlDup, reason: 'url' };
    else if (hashDup !== undefined) outcome = { status: 'duplicate', articleId: hashDup, reason: 'content' };
    else outcome = { status: 'added', articleId: (await insertArticles(client, workspace, [prepared], at))[0]! };
    if (known) {
      await client.query('UPDATE feed_items SET revision = $1, updated_at = $2, article_id = $3 WHERE feed_id = $4 AND item_key = $5', [
        item.revision,
        at,
        outcome.articleId,
        feed.id,
        item.key,
      ]);
    } else {
      await client.query(
        `INSERT INTO feed_items (feed_id, item_key, article_id, revision, first_seen_at, announced) VALUES ($1, $2, $3, $4, $5, $6)`,
        [feed.id, item.key, outcome.articleId, item.revision, at, announce ? 1 : 0],
      );
    }
    return outcome;
  }

  /**
   * The common poll (new items and repeats, no edits) in a few statements instead of several per item: the same
   * outcomes as storing the items one by one, as later items see the articles earlier ones add. Returns null, having
   * written nothing, when an item edits a stored article; those polls go item by item.
   */
  async function storeBatch(
    client: PgClient,
    feed: { id: number; workspace: string },
    items: Parameters<FeedStore['storeItems']>[1],
    prepared: readonly ArticleInsert[],
    at: number,
    announce: boolean,
  ): Promise<FeedItemOutcome[] | null> {
    const { workspace } = feed;
    const known = new Map(
      (
        await client.query<{ item_key: string; revision: string; live: number | null }>(
          `SELECT i.item_key, i.revision, a.id AS live FROM feed_items i LEFT JOIN articles a ON a.id = i.article_id AND a.workspace = $3
           WHERE i.feed_id = $1 AND i.item_key = ANY($2::text[])`,
          [feed.id, items.map((i) => i.key), workspace],
        )
      ).rows.map((r) => [r.item_key, r]),
    );
    if (items.some((i) => { const k = known.get(i.key); return k !== undefined && k.live !== null && k.revision !== i.revision; })) return null;
    const urls = items.flatMap((i) => (i.article.url ? [i.article.url] : []));
    const { byUrl, byHash } = await existingArticles(client, workspace, urls, prepared.map((p) => p.hash));
    // Articles this batch adds, by position in `inserts`; outcomes point at them (negative ids) until they have ids.
    const inserts: ArticleInsert[] = [];
    const pendingUrl = new Map<string, number>();
    const pendingHash = new Map<string, number>();
    const outcomes: FeedItemOutcome[] = [];
    const writes: { key: string; revision: string; slot: number; update: boolean }[] = [];
    for (const [n, item] of items.entries()) {
      const k = known.get(item.key);
      if (k && k.live !== null) {
        outcomes.push({ status: 'unchanged', articleId: k.live });
        continue;
      }
      const url = item.article.url;
      const hash = prepared[n]!.hash;
      const urlDup = url ? (byUrl.get(url) ?? (pendingUrl.has(url) ? -1 - pendingUrl.get(url)! : undefined)) : undefined;
      const hashDup = urlDup === undefined ? (byHash.get(hash) ?? (pendingHash.has(hash) ? -1 - pendingHash.get(hash)! : undefined)) : undefined;
      let outcome: FeedItemOutcome;
      if (urlDup !== undefined) outcome = { status: 'duplicate', articleId: urlDup, reason: 'url' };
      else if (hashDup !== undefined) outcome = { status: 'duplicate', articleId: hashDup, reason: 'content' };
      else {
        const slot = inserts.push(prepared[n]!) - 1;
        if (url) pendingUrl.set(url, slot);
        pendingHash.set(hash, slot);
        outcome = { status: 'added', articleId: -1 - slot };
      }
      outcomes.push(outcome);
      writes.push({ key: item.key, revision: item.revision, slot: outcomes.length - 1, update: k !== undefined });
    }
    const ids = await insertArticles(client, workspace, inserts, at);
    for (const o of outcomes) if (o.articleId !== null && o.articleId < 0) o.articleId = ids[-1 - o.articleId]!;
    const fresh = writes.filter((w) => !w.update);
    if (fresh.length > 0) {
      await client.query(
        `INSERT INTO feed_items (feed_id, item_key, article_id, revision, first_seen_at, announced)
         SELECT $1, t.k, t.a, t.r, $2, $3 FROM unnest($4::text[], $5::bigint[], $6::text[]) AS t(k, a, r)`,
        [feed.id, at, announce ? 1 : 0, fresh.map((w) => w.key), fresh.map((w) => outcomes[w.slot]!.articleId), fresh.map((w) => w.revision)],
      );
    }
    const relinked = writes.filter((w) => w.update);
    if (relinked.length > 0) {
      await client.query(
        `UPDATE feed_items i SET revision = t.r, updated_at = $2, article_id = t.a
         FROM unnest($3::text[], $4::bigint[], $5::text[]) AS t(k, a, r) WHERE i.feed_id = $1 AND i.item_key = t.k`,
        [feed.id, at, relinked.map((w) => w.key), relinked.map((w) => outcomes[w.slot]!.articleId), relinked.map((w) => w.revision)],
      );
    }
    return outcomes;
  }

  return {
    async addFeed(workspace, f) {
      const r = await pool.query<{ id: number }>(
        `INSERT INTO feeds (workspace, url, title, site_url, interval_ms, added_by, added_at, channel_platform, channel_id, next_poll_at, host)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (workspace, url) DO NOTHING RETURNING id`,
        [workspace, ...newFeedValues(f)],
      );
      const created = r.rows.length > 0;
      const row = created
        ? await one(pool, `${SELECT_FEED} WHERE f.id = $1`, [r.rows[0]!.id])
        : await one(pool, `${SELECT_FEED} WHERE f.workspace = $1 AND f.url = $2`, [workspace, f.url]);
      return { feed: toFeed(row!), created };
    },

    async getFeed(workspace, id) {
      const row = await one(pool, `${SELECT_FEED} WHERE f.workspace = $1 AND f.id = $2`, [workspace, id]);
      return row ? toFeed(row) : null;
    },

    async listFeeds(workspace) {
      return (await pool.query<FeedRow>(`${SELECT_FEED} WHERE f.workspace = $1 ORDER BY f.id`, [workspace])).rows.map(toFeed);
    },

    async removeFeed(workspace, id) {
      return ((await pool.query('DELETE FROM feeds WHERE workspace = $1 AND id = $2', [workspace, id])).rowCount ?? 0) > 0;
    },

    async dueFeeds(now, limit, workspace) {
      const r =
        workspace === undefined
          ? await pool.query<FeedRow>(`${SELECT_FEED} WHERE f.next_poll_at <= $1 ORDER BY f.next_poll_at, f.id LIMIT $2`, [now.getTime(), limit])
          : await pool.query<FeedRow>(`${SELECT_FEED} WHERE f.workspace = $1 AND f.next_poll_at <= $2 ORDER BY f.next_poll_at, f.id LIMIT $3`, [
              workspace,
              now.getTime(),
              limit,
            ]);
      return r.rows.map(toFeed);
    },

    async pollBacklog(now) {
      const r = await pool.query<{ due: number; polling: number }>(
        `SELECT count(*) FILTER (WHERE next_poll_at <= $1 AND (lease_until IS NULL OR lease_until <= $1))::int AS due,
           count(*) FILTER (WHERE lease_until > $1)::int AS polling
         FROM feeds`,
        [now.getTime()],
      );
      return r.rows[0]!;
    },

    async nextPollAt(workspace) {
      const r =
        workspace === undefined
          ? await pool.query<{ v: number | null }>('SELECT min(next_poll_at) AS v FROM feeds')
          : await pool.query<{ v: number | null }>('SELECT min(next_poll_at) AS v FROM feeds WHERE workspace = $1', [workspace]);
      const v = r.rows[0]?.v ?? null;
      return v === null ? null : new Date(v);
    },

    async claimDueFeeds(now, c) {
      if (c.limit <= 0) return [];
      const t = now.getTime();
      const ids = await inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK]);
        const r = await client.query<{ id: number }>(CLAIM, [t, c.workspace ?? null, c.perHost, c.limit, c.owner, t + c.leaseMs]);
        return r.rows.map((row) => row.id);
      });
      if (ids.length === 0) return [];
      const rows = await pool.query<FeedRow>(`${SELECT_FEED} WHERE f.id = ANY($1::bigint[]) ORDER BY f.next_poll_at, f.id`, [ids]);
      return rows.rows.map(toFeed);
    },

    async releaseFeed(feedId, owner) {
      const r = await pool.query('UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2', [feedId, owner]);
      return (r.rowCount ?? 0) > 0;
    },

    async updateFeedState(feedId, update) {
      const { columns, values } = feedStateAssignments(update);
      if (columns.length === 0) return;
      values.push(feedId);
      const set = columns.map((c, i) => `${c} = $${i + 1}`).join(', ');
      await pool.query(`UPDATE feeds SET ${set}, lease_owner = NULL, lease_until = NULL WHERE id = $${values.length}`, values);
    },

    async moveFeed(feedId, url) {
      // One statement, so the check against the workspace's other feeds and the change cannot be split by another
      // write; the unique index settles a race between two such statements.
      try {
        const r = await pool.query(
          `UPDATE feeds SET url = $1, host = $3 WHERE id = $2
           AND NOT EXISTS (SELECT 1 FROM feeds o WHERE o.workspace = feeds.workspace AND o.url = $1 AND o.id <> feeds.id)`,
          [url, feedId, feedHost(url)],
        );
        return (r.rowCount ?? 0) > 0;
      } catch (err) {
        if ((err as { code?: string }).code === '23505') return false;
        throw err;
      }
    },

    async knownItems(feedId, keys) {
      const r = await pool.query<{ item_key: string; revision: string }>(
        'SELECT item_key, revision FROM feed_items WHERE feed_id = $1 AND item_key = ANY($2::text[])',
        [feedId, [...keys]],
      );
      return new Map(r.rows.map((row) => [row.item_key, row.revision]));
    },

    async storeItems(feed, items, at, announce) {
      if (items.length === 0) return [];
      // The poller passes the items it has not seen: their vectors are computed before the workspace lock is taken.
      const prepared = items.map((i) => withVector(withHash(i.article)));
      const stored = await inTransaction(pool, async (client) => {
        await lockWorkspaceArticles(client, feed.workspace);
        const batched = await storeBatch(client, feed, items, prepared, at.getTime(), announce);
        if (batched) return batched;
        const out: FeedItemOutcome[] = [];
        for (const [n, item] of items.entries()) out.push(await storeOne(client, feed, item, prepared[n]!, at.getTime(), announce));
        return out;
      });
      if (items.some((i) => stemmingLanguage(i.article.language))) languages?.forget(feed.workspace);
      return stored;
    },
  };
}
