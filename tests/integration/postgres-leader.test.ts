import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { createLeaderElection, type LeaderElection } from '../../src/schedule/leader-election.ts';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.ts';
import type { Stores } from '../../src/store/stores.ts';
import { manualTimers } from '../fakes/manual-timers.ts';
import { hasPostgres, PG_SKIP_REASON, useTestDatabase } from '../helpers/postgres.ts';

const db = useTestDatabase();
let open: Stores[] = [];
let running: LeaderElection[] = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.stop()));
  await Promise.all(open.map((s) => s.close()));
  open = [];
  running = [];
});

/** Backends holding a leader lock of this database, by pid. */
async function leaderBackends(): Promise<number[]> {
  const c = new pg.Client({ connectionString: db.url() });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>(
      `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 730214 AND a.datname = current_database()`,
    );
    return r.rows.map((row) => row.pid);
  } finally {
    await c.end();
  }
}

async function terminate(pid: number): Promise<void> {
  const c = new pg.Client({ connectionString: db.url() });
  await c.connect();
  await c.query('SELECT pg_terminate_backend($1)', [pid]);
  await c.end();
}

describe.skipIf(!hasPostgres)(`PostgreSQL leader lock: one gateway holder, another within an interval when it dies${PG_SKIP_REASON}`, () => {
  it('elects one of two instances; terminating the leader backend elects the other and deposes the first', async () => {
    const schema = db.freshSchema();
    const [a, b] = await Promise.all([0, 1].map(() => openPostgresStores(db.url(), { schema, poolSize: 2 })));
    open.push(a!, b!);
    const timers = manualTimers();
    const events: string[] = [];
    const elect = (s: Stores, id: string) =>
      createLeaderElection({
        lock: s.leader,
        name: 'discord-gateway',
        intervalMs: 2_000,
        timers,
        logger: silentLogger,
        onElected: () => void events.push(`elected ${id}`),
        onDeposed: () => void events.push(`deposed ${id}`),
      });
    const ea = elect(a!, 'a');
    const eb = elect(b!, 'b');
    running.push(ea, eb);
    ea.start();
    await vi.waitFor(() => expect(events).toEqual(['elected a']));
    eb.start();
    timers.advance(2_000);
    await vi.waitFor(() => expect(timers.pending()).toHaveLength(2));
    expect(events).toEqual(['elected a']);
    expect(eb.isLeader()).toBe(false);

    // The leader's session dies (as when its process is killed): its lock is freed by the server.
    const [pid, ...more] = await leaderBackends();
    expect(more).toEqual([]);
    await terminate(pid!);
    // pg_terminate_backend only signals the backend: the server frees its locks a moment later. An instance
    // checking before then finds the lock still taken and tries again at its next interval.
    await vi.waitFor(async () => expect(await leaderBackends()).toEqual([]), { timeout: 5_000 });
    timers.advance(2_000);
    await vi.waitFor(() => expect([...events].sort()).toEqual(['deposed a', 'elected a', 'elected b']));
    expect(ea.isLeader()).toBe(false);
    expect(eb.isLeader()).toBe(true);
    expect(await leaderBackends()).toHaveLength(1);
    expect(await leaderBackends()).not.toContain(pid);

    // The first instance reconnects and stays a follower while b holds the lock.
    await vi.waitFor(() => expect(timers.pending()).toHaveLength(2));
    timers.advance(2_000);
    await vi.waitFor(() => expect(timers.pending()).toHaveLength(2));
    expect(ea.isLeader()).toBe(false);
    // Stopping b releases the lock; a takes it at its next check.
    await eb.stop();
    timers.advance(2_000);
    await vi.waitFor(() => expect(ea.isLeader()).toBe(true));
  });

  it('keeps locks of different schemas in one database apart', async () => {
    const [a, b] = await Promise.all([db.freshSchema(), db.freshSchema()].map((schema) => openPostgresStores(db.url(), { schema, poolSize: 1 })));
    open.push(a!, b!);
    expect(await a!.leader.tryAcquire('discord-gateway')).toBe(true);
    expect(await b!.leader.tryAcquire('discord-gateway')).toBe(true);
  });
});
