import { randomUUID } from 'node:crypto';
import type { Logger } from '../../core/logger.ts';
import type { FeedRecord, FeedStore } from '../../store/ports/feed-store.ts';
import type { FeedNotifier } from './feed-notices.ts';
import type { PollOutcome } from './feed-poll.ts';
import type { Timers } from '../http/safe-fetch.ts';

/** Collaborators and limits of the poller. */
export interface FeedPollerDeps {
  /** Subscriptions. */
  feeds: FeedStore;
  /** Polls one feed (never throws). */
  poll: (feed: FeedRecord) => Promise<PollOutcome>;
  /** Health notices. */
  notifier: FeedNotifier;
  /** Current time. */
  clock: () => Date;
  /** Timers (tests drive them by hand). */
  timers: Timers;
  /** Logger. */
  logger: Logger;
  /** Feeds polled at the same time, over all hosts. Default 8. */
  concurrency?: number;
  /** Feeds of one host polled at the same time (politeness), over every poller sharing the database. Default 2. */
  perHost?: number;
  /** Who this poller is when it leases feeds: unique per process. A random id when absent. */
  owner?: string;
  /** How long a lease on a feed lasts; an instance that dies loses its feeds to others after this. Default 5 min. */
  leaseMs?: number;
  /** Longest sleep between checks for due feeds. Default 30 s. */
  tickMs?: number;
  /** Only this workspace's feeds (the CLI's `feed poll`); all workspaces when absent (`serve`). */
  workspace?: string;
  /** Told of every finished poll (metrics). */
  onPolled?: (outcome: PollOutcome) => void;
}

/** Polls due feeds on their schedules, within global and per-host concurrency limits. */
export interface FeedPoller {
  /** Polls every feed due now (repeating until none is due) and returns the outcomes. */
  pollDue(): Promise<PollOutcome[]>;
  /** Polls these feeds now, whatever their schedule (the CLI's `feed poll --once`). */
  pollFeeds(feeds: readonly FeedRecord[]): Promise<PollOutcome[]>;
  /** Starts polling in the background. */
  start(): void;
  /** Stops: no new polls start; resolves when the running ones have finished. */
  stop(): Promise<void>;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}

/** Default lease: longer than any poll (fetch timeouts plus the full-text budget). */
export const DEFAULT_FEED_LEASE_MS = 5 * 60_000;

export function createFeedPoller(deps: FeedPollerDeps): FeedPoller {
  const { feeds, clock, timers, logger } = deps;
  const concurrency = Math.max(1, deps.concurrency ?? 8);
  const perHost = Math.max(1, deps.perHost ?? 2);
  const owner = deps.owner ?? `poller-${randomUUID()}`;
  const leaseMs = deps.leaseMs ?? DEFAULT_FEED_LEASE_MS;
  const tickMs = deps.tickMs ?? 30_000;
  let timer: unknown = null;
  let started = false;
  let halting = false;
  let running: Promise<unknown> = Promise.resolve();

  async function pollOne(feed: FeedRecord): Promise<PollOutcome> {
    const outcome = await deps.poll(feed);
    deps.onPolled?.(outcome);
    if (outcome.needsNotice) {
      try {
        await deps.notifier.notifyUnhealthy(feed, outcome);
      } catch (err) {
        logger.error({ err, feed: feed.id }, 'feed-health notice failed');
      }
    }
    return outcome;
  }

  /** Runs the polls with at most `concurrency` at once and at most `perHost` per host, in the given order. */
  function pollFeeds(list: readonly FeedRecord[]): Promise<PollOutcome[]> {
    const queue = [...list];
    const perHostActive = new Map<string, number>();
    const results: PollOutcome[] = [];
    let active = 0;
    return new Promise((resolve) => {
      const pump = (): void => {
        if (queue.length === 0 && active === 0) {
          resolve(results);
          return;
        }
        while (active < concurrency) {
          const i = queue.findIndex((f) => (perHostActive.get(hostOf(f.url)) ?? 0) < perHost);
          if (i < 0) break;
          const feed = queue.splice(i, 1)[0]!;
          const host = hostOf(feed.url);
          active++;
          perHostActive.set(host, (perHostActive.get(host) ?? 0) + 1);
          pollOne(feed)
            .then((o) => results.push(o))
            .catch((err: unknown) => logger.error({ err, feed: feed.id }, 'feed poll crashed'))
            .finally(() => {
              active--;
              perHostActive.set(host, perHostActive.get(host)! - 1);
              pump();
            });
        }
      };
      pump();
    });
  }

  /**
   * Leases due feeds from the store as polling slots free up and polls them. The store enforces the per-host cap over
   * every instance, so several pollers on one database split the work; a poll's state write ends its lease. Each poll
   * moves its feed's next time into the future, so rounds end. A feed still due after its poll (a clock that does not
   * move) is given back and not polled again in the same call; a feed whose poll crashed keeps its lease until it runs
   * out, which spaces out the retries.
   */
  function pollDue(): Promise<PollOutcome[]> {
    const results: PollOutcome[] = [];
    const done = new Set<number>();
    let active = 0;
    let claiming = false;
    return new Promise((resolve, reject) => {
      const pump = (): void => {
        if (claiming) return;
        if (halting || active >= concurrency) {
          if (active === 0) resolve(results);
          return;
        }
        claiming = true;
        feeds
          .claimDueFeeds(clock(), { limit: concurrency - active, owner, leaseMs, perHost, ...(deps.workspace ? { workspace: deps.workspace } : {}) })
          .then(async (claimed) => {
            const fresh = claimed.filter((f) => !done.has(f.id));
            for (const f of claimed) if (done.has(f.id)) await feeds.releaseFeed(f.id, owner);
            claiming = false;
            for (const feed of fresh) {
              done.add(feed.id);
              active++;
              pollOne(feed)
                .then((o) => results.push(o))
                .catch((err: unknown) => logger.error({ err, feed: feed.id }, 'feed poll crashed'))
                .finally(() => {
                  active--;
                  pump();
                });
            }
            // Nothing more to claim now: finish when the running polls do (each one calls pump again).
            if (fresh.length === 0) {
              if (active === 0) resolve(results);
              return;
            }
            pump();
          })
          .catch((err: unknown) => {
            claiming = false;
            if (active === 0) reject(err as Error);
            else logger.error({ err }, 'claiming due feeds failed; finishing the running polls');
          });
      };
      pump();
    });
  }

  function schedule(ms: number): void {
    if (halting) return;
    timer = timers.setTimeout(tick, ms);
  }

  function tick(): void {
    timer = null;
    running = (async () => {
      try {
        await pollDue();
        const next = await feeds.nextPollAt(deps.workspace);
        const wait = next ? Math.min(Math.max(next.getTime() - clock().getTime(), 1_000), tickMs) : tickMs;
        schedule(wait);
      } catch (err) {
        logger.error({ err }, 'feed poller round failed; retrying later');
        schedule(tickMs);
      }
    })();
  }

  return {
    pollDue,
    pollFeeds,
    start() {
      if (started) return;
      started = true;
      halting = false;
      schedule(0);
    },
    async stop() {
      halting = true;
      started = false;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
