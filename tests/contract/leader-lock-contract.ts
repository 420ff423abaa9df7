import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoresFactory, StoresHandle } from './stores-factory.ts';

/**
 * The leader lock every engine has. `exclusive`: engines built for several instances (PostgreSQL) give a name to one
 * connection at a time; SQLite, served by one process, makes whoever asks the leader.
 */
export function leaderLockContract(name: string, open: StoresFactory, exclusive: boolean): void {
  describe(`LeaderLock contract: ${name}`, () => {
    let handle: StoresHandle;
    beforeEach(async () => {
      handle = await open();
    });
    afterEach(() => handle.cleanup());

    it('takes, keeps, re-takes and releases a lock', async () => {
      const { leader } = handle.stores;
      expect(await leader.holds('gateway')).toBe(false);
      expect(await leader.tryAcquire('gateway')).toBe(true);
      expect(await leader.tryAcquire('gateway')).toBe(true);
      expect(await leader.holds('gateway')).toBe(true);
      expect(await leader.holds('other')).toBe(false);
      await leader.release('gateway');
      expect(await leader.holds('gateway')).toBe(false);
      await leader.release('never-taken');
    });

    it.runIf(exclusive)('gives a name to one instance at a time; released, it goes to the next that asks', async () => {
      const other = await handle.connectAgain!();
      const a = handle.stores.leader;
      const b = other.leader;
      const first = await Promise.all([a.tryAcquire('gateway'), b.tryAcquire('gateway')]);
      expect(first.filter(Boolean)).toHaveLength(1);
      const [winner, loser] = first[0] ? [a, b] : [b, a];
      expect(await loser.tryAcquire('gateway')).toBe(false);
      expect(await loser.holds('gateway')).toBe(false);
      // Another name is another lock.
      expect(await loser.tryAcquire('scheduler')).toBe(true);
      await winner.release('gateway');
      expect(await loser.tryAcquire('gateway')).toBe(true);
      expect(await winner.tryAcquire('gateway')).toBe(false);
    });

    it.runIf(exclusive)('frees the lock when the holder closes its stores (its session ends)', async () => {
      const other = await handle.connectAgain!();
      expect(await other.leader.tryAcquire('gateway')).toBe(true);
      expect(await handle.stores.leader.tryAcquire('gateway')).toBe(false);
      await other.close();
      expect(await handle.stores.leader.tryAcquire('gateway')).toBe(true);
    });
  });
}
