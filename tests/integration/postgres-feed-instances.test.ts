import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.ts';
import { startMultiHostFeeds, type MultiHostFeeds } from '../fakes/multi-host-feeds.ts';
import { hasPostgres, PG_SKIP_REASON, useTestDatabase } from '../helpers/postgres.ts';
import { ROOT } from '../helpers/shared-data.ts';

/**
 * Two real `sitrep feed poll` processes (the poller `serve` runs) on one PostgreSQL database poll 200 loopback feeds
 * spread over four hosts; one is killed with SIGKILL mid-round. The other must take over the dead one's feeds once
 * their leases run out: every feed polled, every item stored once, never more than SITREP_FEED_PER_HOST requests in
 * flight to one host over both processes.
 */
const db = useTestDatabase();
const FEEDS = 200;
const ITEMS = 3;
const PER_HOST = 2;
const children: ChildProcess[] = [];
let server: MultiHostFeeds | undefined;
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await server?.close();
});

function poller(): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [resolve(ROOT, 'bin/sitrep.js'), '--db', db.url(), 'feed', 'poll'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      SITREP_FETCH_ALLOW: '127.0.0.0/8',
      SITREP_FEED_PER_HOST: String(PER_HOST),
      SITREP_FEED_CONCURRENCY: '6',
      SITREP_FEED_LEASE: '10s',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  children.push(child);
  return Object.assign(child, { output: () => out });
}

describe.skipIf(!hasPostgres)(`two sitrep processes polling 200 feeds on PostgreSQL, one killed -9 mid-round${PG_SKIP_REASON}`, () => {
  it('polls every feed, stores every item once and keeps the per-host limit over both processes', { timeout: 120_000 }, async () => {
    server = await startMultiHostFeeds({ hosts: 5, items: ITEMS, delayMs: 150 });
    const stores = await openPostgresStores(db.url(), { logger: silentLogger, poolSize: 2 });
    const sql = new pg.Pool({ connectionString: db.url(), max: 1 });
    try {
      const now = new Date();
      for (let n = 0; n < FEEDS; n++) {
        await stores.feeds.addFeed('local', {
          url: server.url(n),
          title: null,
          siteUrl: null,
          intervalMs: 3_600_000,
          addedBy: 'test',
          addedAt: now,
          channel: null,
          nextPollAt: new Date(now.getTime() - 1_000),
        });
      }
      const owners = async () =>
        (await sql.query<{ lease_owner: string }>('SELECT DISTINCT lease_owner FROM feeds WHERE lease_owner IS NOT NULL')).rows.map((r) => r.lease_owner);
      const a = poller();
      const b = poller();
      const pidOf = (o: string) => Number(o.split(':').at(-2));
      // Both processes are at work (each holds leases), then a little more.
      await vi.waitFor(
        async () => {
          const pids = new Set((await owners()).map(pidOf));
          expect(pids.has(a.pid!) && pids.has(b.pid!)).toBe(true);
        },
        { timeout: 60_000, interval: 50 },
      );
      const start = server.served();
      await vi.waitFor(() => expect(server!.served()).toBeGreaterThanOrEqual(start + 10), { timeout: 30_000, interval: 20 });
      // Kill it while it holds feeds (requests take 150 ms, so it is still polling them).
      await vi.waitFor(async () => expect((await owners()).map(pidOf)).toContain(a.pid), { timeout: 30_000, interval: 5 });
      const killedAt = Date.now();
      a.kill('SIGKILL');
      await new Promise((r) => a.once('exit', r));
      const orphaned = (await sql.query<{ id: string }>("SELECT id FROM feeds WHERE lease_owner LIKE $1", [`%:${a.pid}:%`])).rows.map((r) => Number(r.id));
      const polledAtKill = Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM feeds WHERE last_polled_at IS NOT NULL')).rows[0]!.n);
      expect(orphaned.length).toBeGreaterThan(0);
      expect(polledAtKill).toBeLessThan(FEEDS);

      // The survivor finishes the round, including the dead process's feeds once their leases run out.
      await vi.waitFor(
        async () => {
          const r = await sql.query<{ n: string }>('SELECT count(*) AS n FROM feeds WHERE last_polled_at IS NOT NULL');
          expect(Number(r.rows[0]!.n)).toBe(FEEDS);
        },
        { timeout: 60_000, interval: 200 },
      );
      const feeds = await stores.feeds.listFeeds('local');
      expect(feeds.every((f) => f.status === 'ok' && f.itemsStored === ITEMS && f.leaseOwner === null)).toBe(true);
      expect(await stores.articles.countArticles('local')).toBe(FEEDS * ITEMS);
      const items = await sql.query<{ n: string; articles: string }>('SELECT count(*) AS n, count(DISTINCT article_id) AS articles FROM feed_items');
      expect(items.rows[0]).toEqual({ n: String(FEEDS * ITEMS), articles: String(FEEDS * ITEMS) });

      // Every feed was fetched; only the ones the dead process held may have been fetched twice.
      expect(server.hits.size).toBe(FEEDS);
      const twice = [...server.hits].filter(([, k]) => k > 1).map(([n]) => feeds.find((f) => f.url === server!.url(n))!.id);
      // (Arrival times relative to the kill say when, should this fail.)
      const unexpected = twice.filter((id) => !orphaned.includes(id));
      expect(unexpected.map((id) => ({ id, times: server!.hitTimes.get(id - 1)!.map((t) => t - killedAt) }))).toEqual([]);
      expect(twice.length).toBeLessThanOrEqual(orphaned.length);
      expect([...server.hits.values()].every((k) => k <= 2)).toBe(true);
      // Politeness held over both processes; and the processes did poll in parallel.
      expect(Math.max(...server.maxInFlight.values())).toBe(PER_HOST);
      expect(server.maxInFlightAll()).toBeGreaterThan(PER_HOST);

      b.kill('SIGTERM');
      const code = await new Promise((r) => b.once('exit', (c) => r(c)));
      expect(code, b.output()).toBe(0);
    } finally {
      await sql.end();
      await stores.close();
    }
  });
});
