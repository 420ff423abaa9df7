/**
 * Feed-polling benchmark: N feeds (default 1,000) served on loopback by a separate process, subscribed through an OPML
 * import, polled by the real poller (safe fetch, parse, dedup, near-duplicate linking, SQLite). Round 1 reads every
 * feed (20 items each); round 2 finds half the feeds unchanged (HTTP 304) and half with 5 new items.
 *
 *   npm run bench:feeds [-- --feeds 1000 --concurrency 8 --per-host 2]
 *   npm run bench:feeds -- --store postgres [--instances 1,2,3] [--pg postgres://…]   (separate `sitrep feed poll`
 *     processes on one PostgreSQL database; see scripts/bench/pg-feed-instances.ts)
 *
 * Feeds are spread over 50 host names (resolved to 127.0.0.1 by an injected resolver), so the per-host limit applies.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { silentLogger } from '../src/core/logger.ts';
import { createSafeFetcher } from '../src/ingest/http/safe-fetch.ts';
import { createSources } from '../src/ingest/sources-module.ts';
import { openSqliteEngine } from '../src/store/sqlite/open-sqlite-stores.ts';
import { corpusStore } from '../src/store/stores.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const FEEDS = arg('feeds', 1000);
const CONCURRENCY = arg('concurrency', 8);
const PER_HOST = arg('per-host', 2);
const HOSTS = 50;

async function startServer(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'bench-feed-server.ts'), String(FEEDS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((done, fail) => {
    child.once('error', fail);
    createInterface({ input: child.stdout! }).once('line', done);
  });
  return { port: Number(line), stop: () => child.kill('SIGTERM') };
}

const mb = (kb: number): string => `${Math.round(kb / 1024)} MB`;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  if (option('store') !== undefined) {
    if (option('store') !== 'postgres') throw new Error(`--store takes "postgres", got "${option('store')}".`);
    const { benchPgFeedInstances } = await import('./bench/pg-feed-instances.ts');
    const instances = (option('instances') ?? '1,2,3').split(',').map(Number);
    if (instances.some((n) => !Number.isInteger(n) || n < 1 || n > 8)) throw new Error('--instances takes a list such as 1,2,3 (1–8 each).');
    console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}`);
    console.log(
      await benchPgFeedInstances({
        server: option('pg') ?? 'postgres://postgres@127.0.0.1:5432/test',
        feeds: FEEDS,
        instances,
        concurrency: CONCURRENCY,
        perHost: PER_HOST,
        onProgress: (m) => console.error(m),
      }),
    );
    return;
  }
  const server = await startServer();
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-feeds-'));
  let now = new Date('2025-11-11T12:00:00Z');
  const clock = (): Date => new Date(now);
  const { db, stores } = openSqliteEngine(join(dir, 'bench.db'));
  const store = corpusStore(stores);
  const fetcher = createSafeFetcher({ allow: ['127.0.0.1'], resolver: async () => [{ address: '127.0.0.1', family: 4 }] });
  const sources = createSources({ feeds: stores.feeds, nearDuplicates: stores.nearDuplicates, articles: store, clock, logger: silentLogger, fetcher, concurrency: CONCURRENCY, perHost: PER_HOST });
  try {
    const url = (n: number): string => `http://f${n % HOSTS}.bench.test:${server.port}/feed/${n}.xml`;
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head><body>${Array.from(
      { length: FEEDS },
      (_, n) => `<outline text="Bench ${n}" xmlUrl="${url(n)}"/>`,
    ).join('')}</body></opml>`;
    const imported = await sources.service.importOpml({ workspace: 'bench', opml, by: 'bench' });
    if (imported.some((r) => r.status !== 'added')) throw new Error('OPML import failed');
    const poller = sources.createPoller({ publisherFor: () => undefined });

    const rounds: { name: string; ms: number; stored: number; notModified: number; failed: number; added: number }[] = [];
    for (const round of [1, 2]) {
      if (round === 2) {
        await fetch(`http://127.0.0.1:${server.port}/round/2`, { method: 'POST' });
        now = new Date(now.getTime() + 17 * 60_000);
      }
      const t0 = performance.now();
      const outcomes = await poller.pollDue();
      const ms = performance.now() - t0;
      rounds.push({
        name: round === 1 ? 'first poll (all feeds new)' : 'second poll (half unchanged → 304)',
        ms,
        stored: outcomes.filter((o) => o.result === 'stored').length,
        notModified: outcomes.filter((o) => o.result === 'not-modified').length,
        failed: outcomes.filter((o) => o.result === 'failed').length,
        added: outcomes.reduce((s, o) => s + o.added, 0),
      });
      const firstError = outcomes.find((o) => o.error)?.error;
      if (firstError) console.error(`round ${round}: first error: ${firstError}`);
    }
    const articles = await store.countArticles('bench');
    const peakRss = process.resourceUsage().maxRSS;
    // The database and its search index file (see search-index.ts), checkpointed so the WALs hold nothing twice.
    await store.searchable();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('search.wal_checkpoint(TRUNCATE)');
    const dbBytes = ['bench.db', 'bench.db-wal', 'bench.db-fts', 'bench.db-fts-wal']
      .map((f) => statSync(join(dir, f), { throwIfNoEntry: false })?.size ?? 0)
      .reduce((a, b) => a + b, 0);

    console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}`);
    console.log(`Feeds: ${FEEDS} over ${HOSTS} host names on loopback; concurrency ${CONCURRENCY}, per host ${PER_HOST}`);
    console.log('');
    console.log('| round | wall time | feeds stored / 304 / failed | articles added | articles/s |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const r of rounds) {
      console.log(
        `| ${r.name} | ${(r.ms / 1000).toFixed(1)} s | ${r.stored} / ${r.notModified} / ${r.failed} | ${r.added} | ${Math.round(r.added / (r.ms / 1000))} |`,
      );
    }
    console.log('');
    console.log(`Articles stored: ${articles}; peak RSS of the polling process: ${mb(peakRss)}; database: ${Math.round(dbBytes / 2 ** 20)} MB`);
  } finally {
    server.stop();
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
