import type { DigestRunTrigger, DigestStoryRecord } from '../../core/digest.ts';
import { UserError } from '../../core/errors.ts';
import type { DigestStore } from '../ports/digest-store.ts';
import { compileFtsQuery } from './search/fts-query.ts';
import { resumable } from '../digest-ledger.ts';
import { parseJson, toRun, toSubscription, type RunRow, type SubscriptionRow } from '../row-mapping.ts';
import type { SearchIndex } from './search/search-index.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

/** The SQLite implementation of {@link DigestStore} over the shared database handle. */
export function createSqliteDigestStore(db: SqliteDatabase, index: SearchIndex): DigestStore {
  const subById = db.prepare('SELECT * FROM digest_subscriptions WHERE id = ?');
  const subsOf = db.prepare('SELECT * FROM digest_subscriptions WHERE workspace = ? ORDER BY id');
  const allSubs = db.prepare('SELECT * FROM digest_subscriptions ORDER BY id');
  const sameSchedule = db.prepare(`SELECT id FROM digest_subscriptions
    WHERE workspace = ? AND platform = ? AND channel_id = ? AND cron = ? AND time_zone = ?`).pluck();
  const insertSub = db.prepare(`INSERT INTO digest_subscriptions
    (workspace, platform, channel_id, stories, schedule, cron, time_zone, language, created_by, created_at, active_since)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const deleteSub = db.prepare('DELETE FROM digest_subscriptions WHERE workspace = ? AND id = ?');
  const pause = db.prepare(`UPDATE digest_subscriptions SET paused_at = ?, pause_reason = ?, version = version + 1
    WHERE id = ? AND paused_at IS NULL`);
  const resume = db.prepare(`UPDATE digest_subscriptions SET paused_at = NULL, pause_reason = NULL, active_since = ?,
    version = version + 1 WHERE workspace = ? AND id = ?`);
  const advance = db.prepare(`UPDATE digest_subscriptions
    SET covered_up_to = max(coalesce(covered_up_to, 0), ?), covered_id_max = max(coalesce(covered_id_max, 0), ?)
    WHERE id = ?`);

  const runOf = db.prepare('SELECT * FROM digest_runs WHERE subscription_id = ? AND slot = ?');
  const lastRunOf = db.prepare('SELECT * FROM digest_runs WHERE subscription_id = ? ORDER BY slot DESC LIMIT 1');
  const recentPosted = db.prepare(`SELECT content FROM digest_runs WHERE subscription_id = ? AND status = 'posted'
    ORDER BY slot DESC LIMIT ?`).pluck();
  const insertClaim = db.prepare(`INSERT INTO digest_runs
    (subscription_id, slot, status, trigger, owner, lease_until, attempts, claimed_at) VALUES (?, ?, 'claimed', ?, ?, ?, 1, ?)`);
  const reclaim = db.prepare(`UPDATE digest_runs SET status = 'claimed', trigger = ?, owner = ?, lease_until = ?,
    attempts = attempts + 1, claimed_at = ?, finished_at = NULL, detail = NULL WHERE subscription_id = ? AND slot = ?`);
  const toPosting = db.prepare(`UPDATE digest_runs SET status = 'posting'
    WHERE subscription_id = ? AND slot = ? AND owner = ? AND status = 'claimed'`);
  const toPostingWith = db.prepare(`UPDATE digest_runs SET status = 'posting', posting = ?, lease_until = ?, message_ids = '[]'
    WHERE subscription_id = ? AND slot = ? AND owner = ? AND status = 'claimed'`);
  const progress = db.prepare(`UPDATE digest_runs SET message_ids = ?, lease_until = ?
    WHERE subscription_id = ? AND slot = ? AND owner = ? AND status = 'posting'`);
  const takeOver = db.prepare(`UPDATE digest_runs SET status = 'posting', trigger = ?, owner = ?, lease_until = ?,
    attempts = attempts + 1, finished_at = NULL, detail = NULL WHERE subscription_id = ? AND slot = ?`);
  const toPosted = db.prepare(`UPDATE digest_runs SET status = 'posted', finished_at = ?, message_ids = ?, content = ?,
    lease_until = NULL, posting = NULL WHERE subscription_id = ? AND slot = ? AND owner = ?`);
  const toFailed = db.prepare(`UPDATE digest_runs SET status = 'failed', finished_at = ?, detail = ?, lease_until = NULL
    WHERE subscription_id = ? AND slot = ? AND owner = ? AND status IN ('claimed', 'posting')`);
  // A claim whose lease ran out before posting began (its process stopped) is skipped too; anything else stays.
  const insertSkip = db.prepare(`INSERT INTO digest_runs
    (subscription_id, slot, status, trigger, attempts, claimed_at, finished_at, detail)
    SELECT id, ?, 'skipped', 'catch-up', 0, ?, ?, ? FROM digest_subscriptions WHERE id = ?
    ON CONFLICT (subscription_id, slot) DO UPDATE SET status = 'skipped', finished_at = excluded.finished_at,
      detail = excluded.detail, owner = NULL, lease_until = NULL
    WHERE digest_runs.status = 'claimed' AND digest_runs.lease_until < excluded.finished_at`);
  const toUnknown = db.prepare(`UPDATE digest_runs SET status = 'unknown', finished_at = ?, detail = ?, lease_until = NULL
    WHERE subscription_id = ? AND slot = ? AND status = 'posting' AND posting IS NULL AND lease_until < ?`);

  const unfinished = db.prepare(`SELECT count(*) FROM digest_runs WHERE status IN ('claimed', 'posting')`).pluck();
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM articles WHERE workspace = ?').pluck();

  // Claiming reads and writes in one IMMEDIATE transaction: the write lock is taken at BEGIN, so two processes
  // deciding about the same slot are serialised by SQLite and exactly one of them sees no entry.
  const claim = db.transaction((id: number, slot: number, o: { owner: string; now: number; leaseMs: number; trigger: DigestRunTrigger; retryFailed: boolean }) => {
    const sub = subById.get(id) as SubscriptionRow | undefined;
    const existingRow = runOf.get(id, slot) as RunRow | undefined;
    const existing = existingRow ? toRun(existingRow) : null;
    if (!sub) return { claimed: false as const, reason: 'gone' as const, existing };
    if (sub.paused_at !== null) return { claimed: false as const, reason: 'paused' as const, existing };
    if (!existingRow) {
      insertClaim.run(id, slot, o.trigger, o.owner, o.now + o.leaseMs, o.now);
      return { claimed: true as const, attempt: 1 };
    }
    const stopped = resumable(existingRow, o.now, o.retryFailed);
    if (stopped) {
      takeOver.run(o.trigger, o.owner, o.now + o.leaseMs, id, slot);
      return { claimed: true as const, attempt: existingRow.attempts + 1, resume: stopped };
    }
    const expiredClaim = existingRow.status === 'claimed' && (existingRow.lease_until ?? 0) < o.now;
    const retry = existingRow.status === 'failed' && o.retryFailed;
    if (!expiredClaim && !retry) return { claimed: false as const, reason: 'taken' as const, existing };
    reclaim.run(o.trigger, o.owner, o.now + o.leaseMs, o.now, id, slot);
    return { claimed: true as const, attempt: existingRow.attempts + 1 };
  });

  const complete = db.transaction(
    (id: number, slot: number, owner: string, r: { messageIds: string[]; finishedAt: Date; coveredIdMax: number; stories: DigestStoryRecord[] }) => {
      toPosted.run(r.finishedAt.getTime(), JSON.stringify(r.messageIds), JSON.stringify(r.stories), id, slot, owner);
      advance.run(slot, r.coveredIdMax, id);
    },
  );

  return {
    async createSubscription(input) {
      const existing = sameSchedule.get(
        input.workspace,
        input.channel.platform,
        input.channel.id,
        input.cron,
        input.timeZone,
      ) as number | undefined;
      if (existing !== undefined) {
        throw new UserError(
          'digest.duplicate',
          `Digest #${existing} already posts to ${input.channel.platform}:${input.channel.id} on this schedule.`,
          { hint: `Remove it first (digest remove ${existing}) or choose another time.` },
        );
      }
      const at = input.createdAt.getTime();
      const info = insertSub.run(
        input.workspace,
        input.channel.platform,
        input.channel.id,
        input.stories === 'all' ? null : JSON.stringify(input.stories),
        input.schedule,
        input.cron,
        input.timeZone,
        input.language ?? null,
        input.createdBy,
        at,
        at,
      );
      return toSubscription(subById.get(Number(info.lastInsertRowid)) as SubscriptionRow);
    },

    async getSubscription(id, workspace) {
      const row = subById.get(id) as SubscriptionRow | undefined;
      if (!row || (workspace !== undefined && row.workspace !== workspace)) return null;
      return toSubscription(row);
    },

    async listSubscriptions(workspace) {
      return (subsOf.all(workspace) as SubscriptionRow[]).map(toSubscription);
    },

    async listAllSubscriptions() {
      return (allSubs.all() as SubscriptionRow[]).map(toSubscription);
    },

    async removeSubscription(workspace, id) {
      return deleteSub.run(workspace, id).changes > 0;
    },

    async pauseSubscription(id, reason, at) {
      pause.run(at.getTime(), reason.slice(0, 500), id);
    },

    async resumeSubscription(workspace, id, at) {
      return resume.run(at.getTime(), workspace, id).changes > 0;
    },

    async claimRun(id, slot, options) {
      return claim.immediate(id, slot.getTime(), {
        owner: options.owner,
        now: options.now.getTime(),
        leaseMs: options.leaseMs,
        trigger: options.trigger,
        retryFailed: options.retryFailed,
      });
    },

    async markPosting(id, slot, owner, now, posting) {
      if (!posting) return toPosting.run(id, slot.getTime(), owner).changes > 0;
      const record = JSON.stringify(posting.record);
      return toPostingWith.run(record, now.getTime() + posting.leaseMs, id, slot.getTime(), owner).changes > 0;
    },

    async recordPosting(id, slot, owner, p) {
      return progress.run(JSON.stringify(p.messageIds), p.now.getTime() + p.leaseMs, id, slot.getTime(), owner).changes > 0;
    },

    async completeRun(id, slot, owner, result) {
      complete.immediate(id, slot.getTime(), owner, result);
    },

    async failRun(id, slot, owner, detail, at) {
      toFailed.run(at.getTime(), detail.slice(0, 1000), id, slot.getTime(), owner);
    },

    async skipRun(id, slot, detail, at) {
      return insertSkip.run(slot.getTime(), at.getTime(), at.getTime(), detail.slice(0, 1000), id).changes > 0;
    },

    async expireStalePosting(id, slot, now, detail) {
      return toUnknown.run(now.getTime(), detail, id, slot.getTime(), now.getTime()).changes > 0;
    },

    async unfinishedRuns() {
      return unfinished.get() as number;
    },

    async getRun(id, slot) {
      const row = runOf.get(id, slot.getTime()) as RunRow | undefined;
      return row ? toRun(row) : null;
    },

    async lastRun(id) {
      const row = lastRunOf.get(id) as RunRow | undefined;
      return row ? toRun(row) : null;
    },

    async recentPostedStories(id, count) {
      return (recentPosted.all(id, Math.max(0, Math.floor(count))) as (string | null)[]).flatMap((c) =>
        parseJson<DigestStoryRecord[]>(c, []),
      );
    },

    async maxArticleId(workspace) {
      return maxId.get(workspace) as number;
    },

    async digestCandidates(workspace, q) {
      const match = compileFtsQuery(q.query);
      if (!match || q.limit <= 0) return [];
      await index.ready();
      // New = published since the previous digest's slot, or arrived (higher id) since it was built while still
      // recent. Nothing published after the slot: a later digest takes it. A late arrival that a feed's first poll
      // stored as backlog (feed_items.announced = 0, and no feed announced it) is old news, not a late report.
      const rows = db
        .prepare(`SELECT a.id, a.published_at AS publishedAt FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
          WHERE articles_fts MATCH ? AND a.workspace = ? AND a.id <= ? AND a.published_at <= ?
            AND (a.published_at > ? OR (? IS NOT NULL AND a.id > ? AND a.published_at > ?
              AND NOT (EXISTS (SELECT 1 FROM feed_items fi WHERE fi.article_id = a.id AND fi.announced = 0)
                AND NOT EXISTS (SELECT 1 FROM feed_items fi WHERE fi.article_id = a.id AND fi.announced = 1))))
          ORDER BY a.published_at DESC, a.id DESC LIMIT ?`)
        .all(
          match,
          workspace,
          q.idMax,
          q.slot.getTime(),
          q.coveredUpTo.getTime(),
          q.coveredIdMax,
          q.coveredIdMax ?? 0,
          q.lateFrom.getTime(),
          Math.floor(q.limit),
        ) as { id: number; publishedAt: number }[];
      return rows.map((r) => ({ id: r.id, publishedAt: new Date(r.publishedAt), score: 0 }));
    },
  };
}
