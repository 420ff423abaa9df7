import type { Timers } from '../../src/ingest/http/safe-fetch.ts';

interface Pending {
  id: number;
  fn: () => void;
  ms: number;
  at: number;
}

/**
 * Timers that never fire on their own: a test moves time forward with {@link ManualTimers.advance} (or fires one
 * timer), so timeouts and schedules are checked without waiting and without patching the global clock.
 */
export interface ManualTimers extends Timers {
  /** Timers not yet fired or cleared. */
  pending(): { ms: number; at: number }[];
  /** Fires the timers due within `ms` from now, in order (and any they schedule within the same span). */
  advance(ms: number): void;
  /** Fires the pending timers whose delay equals `ms`. Returns how many fired. */
  fireDelay(ms: number): number;
  /** Current fake time in ms since creation. */
  now(): number;
}

export function manualTimers(): ManualTimers {
  let now = 0;
  let next = 1;
  const timers = new Map<number, Pending>();
  return {
    setTimeout(fn, ms) {
      const id = next++;
      timers.set(id, { id, fn, ms, at: now + Math.max(0, ms) });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    pending: () => [...timers.values()].map((t) => ({ ms: t.ms, at: t.at })),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.values()].filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        timers.delete(due.id);
        now = due.at;
        due.fn();
      }
      now = end;
    },
    fireDelay(ms) {
      const due = [...timers.values()].filter((t) => t.ms === ms);
      for (const t of due) {
        timers.delete(t.id);
        t.fn();
      }
      return due.length;
    },
    now: () => now,
  };
}
