import type { Logger } from '../core/logger.ts';
import type { LeaderLock } from '../store/ports/leader-lock.ts';

/** Timers the election sleeps on (tests drive them by hand). */
export interface ElectionTimers {
  /** Schedules `fn` after `ms` milliseconds; returns a handle. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a handle. */
  clearTimeout(handle: unknown): void;
}

/** Collaborators of {@link createLeaderElection}. */
export interface LeaderElectionDeps {
  /** The lock (shared by every instance on the database). */
  lock: LeaderLock;
  /** Name of the role, e.g. `discord-gateway`. */
  name: string;
  /** Time between checks: how soon a new leader follows a dead one. Default 5 s. */
  intervalMs?: number;
  /** Timers. */
  timers: ElectionTimers;
  /** Logger. */
  logger: Logger;
  /** Called when this instance becomes the leader (start the work). */
  onElected: () => void | Promise<void>;
  /** Called when it stops being the leader: the lock was lost, or the election was stopped (stop the work). */
  onDeposed: () => void | Promise<void>;
}

/** One instance's part in electing the holder of a role. */
export interface LeaderElection {
  /** Starts trying (the first try is at once). */
  start(): void;
  /** Stops: releases the lock if held (calling onDeposed first) and resolves when the last check has finished. */
  stop(): Promise<void>;
  /** Whether this instance is the leader now, as of the last check. */
  isLeader(): boolean;
}

/**
 * Polls the lock: a follower tries to take it every interval, a leader checks every interval that it still holds it
 * (its database session may have died without it noticing). So when a leader's process or connection dies, another
 * instance is elected within about one interval, and a leader cut off from the database deposes itself within one.
 * A failing check counts as "not the leader": doing the work twice is what must not happen.
 */
export function createLeaderElection(deps: LeaderElectionDeps): LeaderElection {
  const { lock, name, timers } = deps;
  const intervalMs = deps.intervalMs ?? 5_000;
  const logger = deps.logger.child({ component: 'leader', role: name });
  let leader = false;
  let running = false;
  let timer: unknown = null;
  let current: Promise<void> = Promise.resolve();

  async function notify(fn: () => void | Promise<void>, what: string): Promise<void> {
    try {
      await fn();
    } catch (err) {
      logger.error({ err }, `${what} handler failed`);
    }
  }

  async function check(): Promise<void> {
    let holds: boolean;
    try {
      holds = leader ? await lock.holds(name) : await lock.tryAcquire(name);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'leader lock check failed');
      holds = false;
    }
    if (!running) {
      // Stopped while the lock was being taken: give it back, nobody will do the work.
      if (holds && !leader) await lock.release(name).catch(() => {});
      return;
    }
    if (holds && !leader) {
      leader = true;
      logger.info('elected leader');
      await notify(deps.onElected, 'onElected');
    } else if (!holds && leader) {
      leader = false;
      logger.warn('lost the leader lock; stepping down');
      await notify(deps.onDeposed, 'onDeposed');
    }
  }

  function tick(): void {
    timer = null;
    current = check().finally(() => {
      if (running) timer = timers.setTimeout(tick, intervalMs);
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      tick();
    },
    async stop() {
      running = false;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      await current;
      if (leader) {
        leader = false;
        await notify(deps.onDeposed, 'onDeposed');
        await lock.release(name).catch((err: unknown) => logger.warn({ err }, 'releasing the leader lock failed'));
      }
    },
    isLeader: () => leader,
  };
}
