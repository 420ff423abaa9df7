import type { DigestStoryRecord } from '../../core/digest.ts';
import { UserError } from '../../core/errors.ts';
import type { ClaimResult, DigestStore } from '../ports/digest-store.ts';
import { resumable } from '../digest-ledger.ts';
import { parseJson, toRun, toSubscription, type RunRow, type SubscriptionRow } from '../row-mapping.ts';
import { inTransaction, type PgPool } from './pg-database.ts';
import type { LanguageCache } from './pg-languages.ts';
import { compileTsquery } from './pg-search-text.ts';

const changed = (r: { rowCount: number | null }): boolean => (r.rowCount ?? 0) > 0;

/**
 * Digest subscriptions and the run ledger on PostgreSQL. A claim locks the subscription's row (`FOR UPDATE`) before
 * reading the slot's entry, so claims of one slot by any number of instances are serialised by the database and
 * exactly one of them finds the slot free; a claim whose lease ran out before posting began is taken over.
 */
export function createPgDigestStore(pool: PgPool, languages?: LanguageCache): DigestStore {
  const runOf = async (id: number, slot: number): Promise<RunRow | undefined> =>
    (await pool.query<RunRow>('SELECT * FROM digest_runs WHERE subscription_id = $1 AND slot = $2', [id, slot])).rows[0];
  return {
    async createSubscription(input) {
      const at = input.createdAt.getTime();
      const r = await pool.query<SubscriptionRow>(
        `INSERT INTO digest_subscriptions
           (workspace, platform, channel_id, stories, schedule, cron, time_zone, created_by, created_at, active_since, language)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)
         ON CONFLICT (workspace, platform, channel_id, cron, time_zone) DO NOTHING RETURNING *`,
        [
          input.workspace,
          input.channel.platform,
          input.channel.id,
          input.stories === 'all' ? null : JSON.stringify(input.stories),
          input.schedule,
          input.cron,
          input.timeZone,
          input.createdBy,
          at,
          input.language ?? null,
        ],
      );
      if (r.rows[0]) return toSubscription(r.rows[0]);
      const existing = await pool.query<{ id: number }>(
        'SELECT id FROM digest_subscriptions WHERE workspace = $1 AND platform = $2 AND channel_id = $3 AND cron = $4 AND time_zone = $5',
        [input.workspace, input.channel.platform, input.channel.id, input.cron, input.timeZone],
      );
      const id = existing.rows[0]?.id ?? '?';
      throw new UserError('digest.duplicate', `Digest #${id} already posts to ${input.channel.platform}:${input.channel.id} on this schedule.`, {
        hint: `Remove it first (digest remove ${id}) or choose another time.`,
      });
    },

    async getSubscription(id, workspace) {
      const row = (await pool.query<SubscriptionRow>('SELECT * FROM digest_subscriptions WHERE id = $1', [id])).rows[0];
      if (!row || (workspace !== undefined && row.workspace !== workspace)) return null;
      return toSubscription(row);
    },

    async listSubscriptions(workspace) {
      return (await pool.query<SubscriptionRow>('SELECT * FROM digest_subscriptions WHERE workspace = $1 ORDER BY id', [workspace])).rows.map(
        toSubscription,
      );
    },

    async listAllSubscriptions() {
      return (await pool.query<SubscriptionRow>('SELECT * FROM digest_subscriptions ORDER BY id')).rows.map(toSubscription);
    },

    async removeSubscription(workspace, id) {
      return changed(await pool.query('DELETE FROM digest_subscriptions WHERE workspace = $1 AND id = $2', [workspace, id]));
    },

    async pauseSubscription(id, reason, at) {
      await pool.query(
        'UPDATE digest_subscriptions SET paused_at = $1, pause_reason = $2, version = version + 1 WHERE id = $3 AND paused_at IS NULL',
        [at.getTime(), reason.slice(0, 500), id],
      );
    },

    async resumeSubscription(workspace, id, at) {
      return changed(
        await pool.query(
          `UPDATE digest_subscriptions SET paused_at = NULL, pause_reason = NULL, active_since = $1, version = version + 1
           WHERE workspace = $2 AND id = $3`,
          [at.getTime(), workspace, id],
        ),
      );
    },

    async claimRun(id, slotDate, o) {
      const slot = slotDate.getTime();
      const now = o.now.getTime();
      return inTransaction(pool, async (client): Promise<ClaimResult> => {
        const sub = (await client.query<SubscriptionRow>('SELECT * FROM digest_subscriptions WHERE id = $1 FOR UPDATE', [id])).rows[0];
        const row = (await client.query<RunRow>('SELECT * FROM digest_runs WHERE subscription_id = $1 AND slot = $2', [id, slot])).rows[0];
        const existing = row ? toRun(row) : null;
        if (!sub) return { claimed: false, reason: 'gone', existing };
        if (sub.paused_at !== null) return { claimed: false, reason: 'paused', existing };
        if (!row) {
          await client.query(
            `INSERT INTO digest_runs (subscription_id, slot, status, trigger, owner, lease_until, attempts, claimed_at)
             VALUES ($1, $2, 'claimed', $3, $4, $5, 1, $6)`,
            [id, slot, o.trigger, o.owner, now + o.leaseMs, now],
          );
          return { claimed: true, attempt: 1 };
        }
        const stopped = resumable(row, now, o.retryFailed);
        if (stopped) {
          await client.query(
            `UPDATE digest_runs SET status = 'posting', trigger = $1, owner = $2, lease_until = $3, attempts = attempts + 1,
               finished_at = NULL, detail = NULL WHERE subscription_id = $4 AND slot = $5`,
            [o.trigger, o.owner, now + o.leaseMs, id, slot],
          );
          return { claimed: true, attempt: row.attempts + 1, resume: stopped };
        }
        const expiredClaim = row.status === 'claimed' && (row.lease_until ?? 0) < now;
        const retry = row.status === 'failed' && o.retryFailed;
        if (!expiredClaim && !retry) return { claimed: false, reason: 'taken', existing };
        await client.query(
          `UPDATE digest_runs SET status = 'claimed', trigger = $1, owner = $2, lease_until = $3, attempts = attempts + 1,
             claimed_at = $4, finished_at = NULL, detail = NULL WHERE subscription_id = $5 AND slot = $6`,
          [o.trigger, o.owner, now + o.leaseMs, now, id, slot],
        );
        return { claimed: true, attempt: row.attempts + 1 };
      });
    },

    async markPosting(id, slot, owner, now, posting) {
      if (!posting) {
        return changed(
          await pool.query(`UPDATE digest_runs SET status = 'posting' WHERE subscription_id = $1 AND slot = $2 AND owner = $3 AND status = 'claimed'`, [
            id,
            slot.getTime(),
            owner,
          ]),
        );
      }
      return changed(
        await pool.query(
          `UPDATE digest_runs SET status = 'posting', posting = $1, lease_until = $2, message_ids = '[]'
           WHERE subscription_id = $3 AND slot = $4 AND owner = $5 AND status = 'claimed'`,
          [JSON.stringify(posting.record), now.getTime() + posting.leaseMs, id, slot.getTime(), owner],
        ),
      );
    },

    async recordPosting(id, slot, owner, p) {
      return changed(
        await pool.query(
          `UPDATE digest_runs SET message_ids = $1, lease_until = $2
           WHERE subscription_id = $3 AND slot = $4 AND owner = $5 AND status = 'posting'`,
          [JSON.stringify(p.messageIds), p.now.getTime() + p.leaseMs, id, slot.getTime(), owner],
        ),
      );
    },

    async completeRun(id, slotDate, owner, result) {
      const slot = slotDate.getTime();
      await inTransaction(pool, async (client) => {
        await client.query(
          `UPDATE digest_runs SET status = 'posted', finished_at = $1, message_ids = $2, content = $3, lease_until = NULL,
             posting = NULL WHERE subscription_id = $4 AND slot = $5 AND owner = $6`,
          [result.finishedAt.getTime(), JSON.stringify(result.messageIds), JSON.stringify(result.stories), id, slot, owner],
        );
        await client.query(
          `UPDATE digest_subscriptions SET covered_up_to = greatest(coalesce(covered_up_to, 0), $1),
             covered_id_max = greatest(coalesce(covered_id_max, 0), $2) WHERE id = $3`,
          [slot, result.coveredIdMax, id],
        );
      });
    },

    async failRun(id, slot, owner, detail, at) {
      await pool.query(
        `UPDATE digest_runs SET status = 'failed', finished_at = $1, detail = $2, lease_until = NULL
         WHERE subscription_id = $3 AND slot = $4 AND owner = $5 AND status IN ('claimed', 'posting')`,
        [at.getTime(), detail.slice(0, 1000), id, slot.getTime(), owner],
      );
    },

    async skipRun(id, slot, detail, at) {
      // A claim whose lease ran out before posting began (its process stopped) is skipped too; anything else stays.
      return changed(
        await pool.query(
          `INSERT INTO digest_runs (subscription_id, slot, status, trigger, attempts, claimed_at, finished_at, detail)
           SELECT id, $1, 'skipped', 'catch-up', 0, $2, $2, $3 FROM digest_subscriptions WHERE id = $4
           ON CONFLICT (subscription_id, slot) DO UPDATE SET status = 'skipped', finished_at = excluded.finished_at,
             detail = excluded.detail, owner = NULL, lease_until = NULL
           WHERE digest_runs.status = 'claimed' AND digest_runs.lease_until < excluded.finished_at`,
          [slot.getTime(), at.getTime(), detail.slice(0, 1000), id],
        ),
      );
    },

    async expireStalePosting(id, slot, now, detail) {
      return changed(
        await pool.query(
          `UPDATE digest_runs SET status = 'unknown', finished_at = $1, detail = $2, lease_until = NULL
           WHERE subscription_id = $3 AND slot = $4 AND status = 'posting' AND posting IS NULL AND lease_until < $1`,
          [now.getTime(), detail, id, slot.getTime()],
        ),
      );
    },

    async unfinishedRuns() {
      return (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM digest_runs WHERE status IN ('claimed', 'posting')`)).rows[0]!.n;
    },

    async getRun(id, slot) {
      const row = await runOf(id, slot.getTime());
      return row ? toRun(row) : null;
    },

    async lastRun(id) {
      const row = (await pool.query<RunRow>('SELECT * FROM digest_runs WHERE subscription_id = $1 ORDER BY slot DESC LIMIT 1', [id])).rows[0];
      return row ? toRun(row) : null;
    },

    async recentPostedStories(id, count) {
      const r = await pool.query<{ content: string | null }>(
        `SELECT content FROM digest_runs WHERE subscription_id = $1 AND status = 'posted' ORDER BY slot DESC LIMIT $2`,
        [id, Math.max(0, Math.floor(count))],
      );
      return r.rows.flatMap((row) => parseJson<DigestStoryRecord[]>(row.content, []));
    },

    async maxArticleId(workspace) {
      return (await pool.query<{ n: number }>('SELECT coalesce(max(id), 0) AS n FROM articles WHERE workspace = $1', [workspace])).rows[0]!.n;
    },

    async digestCandidates(workspace, q) {
      const match = compileTsquery(q.query, (await languages?.of(workspace)) ?? []);
      if (!match || q.limit <= 0) return [];
      // New = published since the previous digest's slot, or arrived (higher id) since it was built while still
      // recent. Nothing published after the slot: a later digest takes it. A late arrival that a feed's first poll
      // stored as backlog (feed_items.announced = 0, and no feed announced it) is old news, not a late report.
      const r = await pool.query<{ id: number; published_at: number }>(
        `SELECT a.id, a.published_at FROM articles a
         WHERE a.workspace = $1 AND a.search_vector @@ $2::tsquery AND a.id <= $3 AND a.published_at <= $4
           AND (a.published_at > $5 OR ($6::bigint IS NOT NULL AND a.id > coalesce($6::bigint, 0) AND a.published_at > $7
             AND NOT (EXISTS (SELECT 1 FROM feed_items fi WHERE fi.article_id = a.id AND fi.announced = 0)
               AND NOT EXISTS (SELECT 1 FROM feed_items fi WHERE fi.article_id = a.id AND fi.announced = 1))))
         ORDER BY a.published_at DESC, a.id DESC LIMIT $8`,
        [workspace, match, q.idMax, q.slot.getTime(), q.coveredUpTo.getTime(), q.coveredIdMax, q.lateFrom.getTime(), Math.floor(q.limit)],
      );
      return r.rows.map((row) => ({ id: row.id, publishedAt: new Date(row.published_at), score: 0 }));
    },
  };
}
