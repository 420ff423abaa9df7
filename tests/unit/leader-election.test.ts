import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { createLeaderElection } from '../../src/schedule/leader-election.ts';
import type { LeaderLock } from '../../src/store/ports/leader-lock.ts';
import { manualTimers } from '../fakes/manual-timers.ts';

/** A working lock shared by several "instances": a session can be killed, which frees its locks. */
function lockServer() {
  const owners = new Map<string, number>();
  const dead = new Set<number>();
  let failing = false;
  return {
    session(id: number): LeaderLock {
      const guard = () => {
        if (failing) throw new Error('database unreachable');
      };
      return {
        async tryAcquire(name) {
          guard();
          if (dead.has(id)) dead.delete(id); // a new session after the old one died
          const o = owners.get(name);
          if (o === undefined) owners.set(name, id);
          return owners.get(name) === id;
        },
        async release(name) {
          if (owners.get(name) === id) owners.delete(name);
        },
        async holds(name) {
          guard();
          return !dead.has(id) && owners.get(name) === id;
        },
      };
    },
    kill(id: number) {
      dead.add(id);
      for (const [name, o] of owners) if (o === id) owners.delete(name);
    },
    setFailing(v: boolean) {
      failing = v;
    },
  };
}

const turns = async (n = 10): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('leader election', () => {
  it('elects one instance; when its session dies another is elected within one interval and the old one steps down', async () => {
    const server = lockServer();
    const timers = manualTimers();
    const events: string[] = [];
    const elections = [1, 2, 3].map((id) =>
      createLeaderElection({
        lock: server.session(id),
        name: 'discord-gateway',
        intervalMs: 2_000,
        timers,
        logger: silentLogger,
        onElected: () => void events.push(`elected ${id}`),
        onDeposed: () => void events.push(`deposed ${id}`),
      }),
    );
    for (const e of elections) e.start();
    await turns();
    expect(events).toEqual(['elected 1']);
    expect(elections.map((e) => e.isLeader())).toEqual([true, false, false]);

    timers.advance(2_000);
    await turns();
    expect(events).toEqual(['elected 1']);

    server.kill(1);
    timers.advance(2_000);
    await turns();
    // In the same interval: the old leader notices it lost the lock, one of the others takes it.
    expect(events.slice(1).sort()).toEqual(['deposed 1', 'elected 2']);
    expect(elections.filter((e) => e.isLeader())).toHaveLength(1);

    // Stopping the leader hands over at the next interval.
    await elections[1]!.stop();
    expect(events.at(-1)).toBe('deposed 2');
    timers.advance(2_000);
    await turns();
    expect(events.at(-1)).toMatch(/^elected [13]$/);
    expect(elections.filter((e) => e.isLeader())).toHaveLength(1);
    await Promise.all(elections.map((e) => e.stop()));
    expect(timers.pending()).toEqual([]);
  });

  it('a leader that cannot reach the database steps down; a handler that throws does not stop the election', async () => {
    const server = lockServer();
    const timers = manualTimers();
    const events: string[] = [];
    const e = createLeaderElection({
      lock: server.session(1),
      name: 'x',
      timers,
      logger: silentLogger,
      onElected: () => {
        events.push('elected');
        throw new Error('gateway login failed');
      },
      onDeposed: () => void events.push('deposed'),
    });
    e.start();
    await turns();
    expect(e.isLeader()).toBe(true);
    server.setFailing(true);
    timers.advance(5_000);
    await turns();
    expect(e.isLeader()).toBe(false);
    expect(events).toEqual(['elected', 'deposed']);
    server.setFailing(false);
    timers.advance(5_000);
    await turns();
    expect(events).toEqual(['elected', 'deposed', 'elected']);
    await e.stop();
    expect(events.at(-1)).toBe('deposed');
  });
});
