import type { LeaderLock } from '../ports/leader-lock.ts';

/**
 * SQLite's leader lock: the process that asks is the leader. A SQLite file is served by one `sitrep serve` (several
 * processes on one file are for the CLI beside it), so there is nobody to elect against; running several servers
 * that each hold a Discord token needs PostgreSQL (docs/postgres.md).
 */
export function createSqliteLeaderLock(): LeaderLock {
  const held = new Set<string>();
  return {
    async tryAcquire(name) {
      held.add(name);
      return true;
    },
    async release(name) {
      held.delete(name);
    },
    async holds(name) {
      return held.has(name);
    },
  };
}
