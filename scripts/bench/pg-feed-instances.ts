/**
 * `npm run bench:feeds -- --store postgres [--instances 1,2,3]`: N real `sitrep feed poll` processes on one fresh
 * PostgreSQL database poll the same 1,000 loopback feeds (one round, every feed new), for each N in turn. Feeds are
 * spread over 50 loopback host names (127.0.0.1–127.0.0.50; the server listens on every local address), so the
 * per-host limit counts over the instances but does not bind. Timed from the first request the server answers to the
 * last feed's state write, read from the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { silentLogger } from '../../src/core/logger.ts';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const HOSTS = 50;

async function startServer(feeds: number): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts/bench-feed-server.ts'), String(feeds), 'any'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((done, fail) => {
    child.once('error', fail);
    createInterface({ input: child.stdout! }).once('line', done);
  });
  return { port: Number(line), stop: () => child.kill('SIGTERM') };
}

/** One timed round with `n` instances; returns seconds and counts. */
async function round(o: { server: string; port: number; feeds: number; instances: number; concurrency: number; perHost: number }) {
  const name = `sitrep_feedbench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: o.server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(o.server);
  url.pathname = `/${name}`;
  const target = url.toString();
  const children: ChildProcess[] = [];
  const stores = await openPostgresStores(target, { logger: silentLogger, poolSize: 2 });
  try {
    const at = new Date();
    for (let n = 0; n < o.feeds; n++) {
      await stores.feeds.addFeed('local', {
        url: `http://127.0.0.${1 + (n % HOSTS)}:${o.port}/feed/${n}.xml`,
        title: null,
        siteUrl: null,
        intervalMs: 3_600_000,
        addedBy: 'bench',
        addedAt: at,
        channel: null,
        nextPollAt: new Date(at.getTime() - 1_000),
      });
    }
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      SITREP_FETCH_ALLOW: '127.0.0.0/8',
      SITREP_FEED_CONCURRENCY: String(o.concurrency),
      SITREP_FEED_PER_HOST: String(o.perHost),
      LOG_LEVEL: 'error',
    };
    const started = Date.now();
    for (let i = 0; i < o.instances; i++) {
      children.push(spawn(process.execPath, [resolve(ROOT, 'bin/sitrep.js'), '--db', target, 'feed', 'poll'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] }));
    }
    const c = new pg.Client({ connectionString: target });
    await c.connect();
    let polled = 0;
    while (polled < o.feeds) {
      await new Promise((r) => setTimeout(r, 100));
      polled = Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM feeds WHERE last_polled_at IS NOT NULL')).rows[0]!.n);
    }
    const span = (
      await c.query<{ first: string; articles: string; failed: string }>(
        `SELECT min(last_polled_at) AS first, (SELECT count(*) FROM articles) AS articles,
           (SELECT count(*) FROM feeds WHERE status <> 'ok') AS failed FROM feeds`,
      )
    ).rows[0]!;
    const doneAt = Date.now();
    await c.end();
    return {
      instances: o.instances,
      // From the first poll's start to the moment every feed's state was written (seen within 0.1 s).
      seconds: (doneAt - Number(span.first)) / 1000,
      wall: (Date.now() - started) / 1000,
      articles: Number(span.articles),
      failed: Number(span.failed),
    };
  } finally {
    for (const ch of children) ch.kill('SIGTERM');
    await Promise.all(children.map((ch) => new Promise((r) => (ch.exitCode !== null ? r(null) : ch.once('exit', r)))));
    await stores.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

/** Runs the rounds and returns a Markdown table. */
export async function benchPgFeedInstances(o: {
  server: string;
  feeds: number;
  instances: number[];
  concurrency: number;
  perHost: number;
  onProgress: (m: string) => void;
}): Promise<string> {
  const server = await startServer(o.feeds);
  const rows: Awaited<ReturnType<typeof round>>[] = [];
  try {
    for (const instances of o.instances) {
      o.onProgress(`polling ${o.feeds} feeds with ${instances} instance(s)…`);
      rows.push(await round({ ...o, port: server.port, instances }));
    }
  } finally {
    server.stop();
  }
  const one = rows.find((r) => r.instances === 1)?.seconds;
  const lines = [
    `Feeds: ${o.feeds} over ${HOSTS} loopback host names; per instance concurrency ${o.concurrency}, per host ${o.perHost} over all instances`,
    '',
    '| instances | first to last poll | × one instance | wall time incl. process start | articles stored | feeds failed |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.instances} | ${r.seconds.toFixed(1)} s | ${one ? (r.seconds / one).toFixed(2) : '–'} | ${r.wall.toFixed(1)} s | ${r.articles} | ${r.failed} |`,
    ),
  ];
  return lines.join('\n');
}
