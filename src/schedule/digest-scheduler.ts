import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { PublisherRegistry } from '../chat/publishers.ts';
import { parseCron } from '../core/cron.ts';
import { previousSlot, slotsBetween } from '../core/cron-slots.ts';
import type { DigestSubscription } from '../core/digest.ts';
import type { Logger } from '../core/logger.ts';
import type { DigestStore } from '../store/ports/digest-store.ts';
import type { DigestRunner } from './digest-runner.ts';

/** Collaborators and settings of {@link createDigestScheduler}. */
export interface DigestSchedulerDeps {
  /** Subscriptions and ledger (shared with other processes through the database). */
  digests: DigestStore;
  /** Runs slots through the ledger. */
  runner: DigestRunner;
  /** Publishers of this process: only subscriptions it can post are scheduled here. */
  publishers: PublisherRegistry;
  /** Current time. */
  clock: () => Date;
  /** Logger. */
  logger: Logger;
  /** A slot missed by at most this much (downtime, a blocked event loop) is still posted, once. */
  graceMs: number;
  /** How often subscriptions are re-read, so changes made by other processes take effect without a restart. */
  refreshMs?: number;
}

/** The digest scheduler of one process. */
export interface DigestScheduler {
  /** Loads subscriptions, catches up missed slots within the grace window, and starts the cron tasks. */
  start(): Promise<void>;
  /** Re-reads subscriptions now (called after in-process changes). */
  refresh(): Promise<void>;
  /** Stops every task and waits for runs in progress. */
  stop(): Promise<void>;
  /** Ids of the subscriptions scheduled in this process (for tests and logs). */
  scheduled(): number[];
}

interface Entry {
  sub: DigestSubscription;
  task: ScheduledTask;
}

// Until this long after a slot, a sweep leaves it to the cron task; afterwards a missing entry means it was missed.
const SETTLE_MS = 2 * 60_000;

const TASK_PREFIX = 'digest-';
const DAY = 86_400_000;

/**
 * Schedules every active subscription with node-cron in its own time zone. node-cron's run coordinator is backed
 * by the run ledger, so with several processes on one database each slot is claimed by exactly one of them. A
 * sweep (at start and on every refresh) finds slots nobody ran: within the grace window the latest is posted once,
 * beyond it the slot is recorded as skipped and logged.
 */
export function createDigestScheduler(deps: DigestSchedulerDeps): DigestScheduler {
  const { digests, runner, clock, logger } = deps;
  const log = logger.child({ component: 'digest-scheduler' });
  const entries = new Map<number, Entry>();
  const unavailableWarned = new Set<string>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = true;
  let refreshing: Promise<void> | null = null;

  const cronLogger = {
    info: (m: string) => log.debug({ source: 'node-cron' }, m),
    warn: (m: string) => log.warn({ source: 'node-cron' }, m),
    error: (m: string | Error, err?: Error) => log.error({ source: 'node-cron', err: err ?? m }, String(m)),
    debug: (m: string | Error) => log.debug({ source: 'node-cron' }, String(m)),
  };

  const coordinator: RunCoordinator = {
    async shouldRun(key) {
      const m = /^digest-(\d+):(.+)$/.exec(key);
      const slot = m ? new Date(m[2]!) : null;
      if (!m || !slot || Number.isNaN(slot.getTime())) return false;
      return runner.claimScheduled(Number(m[1]), slot);
    },
  };

  function unschedule(id: number): void {
    const e = entries.get(id);
    if (!e) return;
    entries.delete(id);
    void Promise.resolve(e.task.destroy()).catch((err: unknown) => log.warn({ err, subscription: id }, 'stopping a task failed'));
  }

  function schedule(sub: DigestSubscription): void {
    unschedule(sub.id);
    if (!cron.validate(sub.cron)) {
      log.error({ subscription: sub.id, cron: sub.cron }, 'node-cron rejects this schedule; not scheduled');
      return;
    }
    const task = cron.createTask(
      sub.cron,
      async (ctx) => {
        const current = entries.get(sub.id)?.sub ?? sub;
        const outcome = await runner.runSlot(current, ctx.date, 'schedule', { preclaimed: true });
        // A paused subscription (its channel is gone) stops firing at once rather than at the next refresh.
        if (outcome.status === 'paused') void refresh();
      },
      {
        timezone: sub.timeZone,
        name: `${TASK_PREFIX}${sub.id}`,
        distributed: true,
        runCoordinator: coordinator,
        distributedLease: runner.leaseMs,
        // A busy event loop (another digest being built) must not turn a slot into a "missed" one; the grace window
        // is the limit, as for downtime.
        missedExecutionTolerance: Math.max(deps.graceMs, 5 * 60_000),
        suppressMissedWarning: true,
        logger: cronLogger,
      },
    );
    task.on('execution:missed', (ctx) => {
      log.warn({ subscription: sub.id, slot: ctx.date.toISOString() }, 'slot fired too late; handing it to the sweep');
      sweepOne(entries.get(sub.id)?.sub ?? sub, clock(), false).catch((err: unknown) =>
        log.error({ err, subscription: sub.id }, 'catching up a late slot failed'),
      );
    });
    void task.start();
    entries.set(sub.id, { sub, task });
  }

  /** Posts the latest missed slot within the grace window; records and logs one beyond it. */
  async function sweepOne(sub: DigestSubscription, now: Date, atStart: boolean): Promise<void> {
    const fields = parseCron(sub.cron);
    const last = previousSlot(fields, sub.timeZone, now);
    if (!last || last.getTime() < sub.activeSince.getTime()) return;
    const lateMs = now.getTime() - last.getTime();
    if (!atStart && lateMs < SETTLE_MS) return;
    const run = await digests.getRun(sub.id, last);
    if (run && ['posted', 'skipped', 'unknown'].includes(run.status)) return;
    if (run?.status === 'posting') {
      // A post that kept no copy of itself cannot be finished safely; one that did is finished by whichever process
      // claims it once its lease ran out (late or not: half a digest is worse than a late rest).
      if (await digests.expireStalePosting(sub.id, last, now, 'The process posting it stopped; not repeated to avoid a duplicate.')) {
        log.error({ subscription: sub.id, slot: last.toISOString() }, 'a run stopped while posting; outcome unknown, not reposted');
        return;
      }
      await runner.runSlot(sub, last, 'catch-up');
      return;
    }
    if (lateMs > deps.graceMs) {
      if (run && run.status !== 'claimed') return;
      const previous = await digests.lastRun(sub.id);
      if (await digests.skipRun(sub.id, last, `Missed by ${Math.round(lateMs / 60_000)} min, beyond the grace window.`, now)) {
        const since = Math.max(previous?.slot.getTime() ?? 0, sub.activeSince.getTime(), last.getTime() - 31 * DAY);
        const olderMissed = Math.max(0, slotsBetween(fields, sub.timeZone, new Date(since), last).length - 1);
        log.warn(
          { subscription: sub.id, slot: last.toISOString(), lateMinutes: Math.round(lateMs / 60_000), olderMissed },
          'digest slot missed beyond the grace window; skipped',
        );
      }
      return;
    }
    if (run?.status === 'failed' && !atStart) return;
    if (atStart || !run) log.info({ subscription: sub.id, slot: last.toISOString(), lateMinutes: Math.round(lateMs / 60_000) }, 'catching up a missed digest');
    const outcome = await runner.runSlot(sub, last, 'catch-up', { retryFailed: atStart });
    if (outcome.status === 'paused') unschedule(sub.id);
  }

  async function reconcile(atStart: boolean): Promise<void> {
    const subs = await digests.listAllSubscriptions();
    const wanted = new Map<number, DigestSubscription>();
    for (const sub of subs) {
      if (sub.paused) continue;
      if (!deps.publishers.get(sub.channel.platform)) {
        if (!unavailableWarned.has(sub.channel.platform)) {
          unavailableWarned.add(sub.channel.platform);
          log.warn({ platform: sub.channel.platform }, 'digests for this platform are not scheduled here: no publisher in this process');
        }
        continue;
      }
      wanted.set(sub.id, sub);
    }
    for (const id of [...entries.keys()]) if (!wanted.has(id)) unschedule(id);
    for (const sub of wanted.values()) {
      const e = entries.get(sub.id);
      if (!e || e.sub.version !== sub.version || e.sub.cron !== sub.cron || e.sub.timeZone !== sub.timeZone) schedule(sub);
      else e.sub = sub;
    }
    const now = clock();
    // Concurrently: one channel's slow retries never delay another's catch-up.
    const results = await Promise.allSettled([...wanted.values()].map((sub) => sweepOne(sub, now, atStart)));
    for (const r of results) if (r.status === 'rejected') log.error({ err: r.reason }, 'catch-up failed');
  }

  function refresh(atStart = false): Promise<void> {
    if (stopped) return Promise.resolve();
    // Refreshes never overlap; a request during one is served by the one in progress.
    refreshing ??= reconcile(atStart)
      .catch((err: unknown) => log.error({ err }, 'refreshing digest subscriptions failed'))
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  return {
    async start() {
      if (!stopped) return;
      stopped = false;
      await refresh(true);
      timer = setInterval(() => void refresh(), deps.refreshMs ?? 60_000);
      log.info({ subscriptions: entries.size }, 'digest scheduler started');
    },
    refresh: () => refresh(false),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      for (const id of [...entries.keys()]) unschedule(id);
      await refreshing;
      await runner.idle();
    },
    scheduled: () => [...entries.keys()].sort((a, b) => a - b),
  };
}
