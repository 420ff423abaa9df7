import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.ts';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.ts';
import { searchIndexFile } from '../../src/store/sqlite/search/search-index.ts';
import { openSqliteDatabase } from '../../src/store/sqlite/sqlite-database.ts';
import { corpusStore, type Stores } from '../../src/store/stores.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { benchEngines, formatEngines, type BenchEngine, type EngineResult } from './store-bench.ts';

const withClose = (s: Stores) => ({ ...corpusStore(s), close: () => s.close() });

const fileSize = (p: string): number => (existsSync(p) ? statSync(p).size : 0);

/** What the corpus and measurements are made of (the same for every engine). */
export interface StoreBenchOptions {
  articles: number;
  seed: number;
  reps: number;
  data: string;
  onProgress: (m: string) => void;
}

/** The engine behind a name, on a target: a SQLite file, or a PostgreSQL database URL. */
function engineOn(name: 'sqlite' | 'postgres', target: string): BenchEngine {
  if (name === 'sqlite') {
    return {
      name,
      open: async () => withClose(await openSqliteStores(target, { logger: silentLogger, clock: () => new Date() })),
      size: async () => {
        const db = openSqliteDatabase(target);
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
        return fileSize(target) + fileSize(`${target}-wal`) + fileSize(searchIndexFile(target)) + fileSize(`${searchIndexFile(target)}-wal`);
      },
    };
  }
  return {
    name,
    open: async () => withClose(await openPostgresStores(target)),
    size: async () => {
      const client = new pg.Client({ connectionString: target });
      await client.connect();
      try {
        return Number((await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0]!.n);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * One engine alone in this process (what each child of {@link runStoreComparison} runs): its result as JSON, with the
 * process's peak RSS, so that each engine's memory is its own and not the high-water mark of the one before it.
 */
export async function runOneEngine(name: 'sqlite' | 'postgres', target: string, o: StoreBenchOptions): Promise<string> {
  const [result] = await benchEngines([engineOn(name, target)], o);
  return JSON.stringify({ ...result!, peakRssBytes: process.resourceUsage().maxRSS * 1024 });
}

const BENCH = resolve(fileURLToPath(new URL('..', import.meta.url)), 'bench.ts');

/** Runs `bench.ts --engine-run` for one engine in a child process and reads its result. */
function child(name: 'sqlite' | 'postgres', target: string, o: StoreBenchOptions): Promise<EngineResult> {
  const args = ['--import', 'tsx', BENCH, '--engine-run', name, '--target', target, '--articles', String(o.articles), '--seed', String(o.seed), '--reps', String(o.reps), '--data', o.data];
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      for (const line of d.toString().split('\n')) if (line.trim()) o.onProgress(line);
    });
    p.on('error', fail);
    p.on('close', (code) => {
      if (code !== 0) return fail(new Error(`the ${name} run exited ${code}: ${err.slice(-2000)}`));
      try {
        done(JSON.parse(out.trim().split('\n').at(-1)!) as EngineResult);
      } catch (e) {
        fail(new Error(`the ${name} run printed no result: ${(e as Error).message}`));
      }
    });
  });
}

/**
 * `npm run bench -- --store postgres`: SQLite (a temporary file) and PostgreSQL (a database created on `server` for the
 * run and dropped after it) measured one after the other on the same corpus, each in its own process.
 */
export async function runStoreComparison(o: StoreBenchOptions & { server: string }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-store-bench-'));
  const file = join(dir, 'bench.db');
  const name = `sitrep_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: o.server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(o.server);
  url.pathname = `/${name}`;
  try {
    const results = [await child('sqlite', file, o), await child('postgres', url.toString(), o)];
    return formatEngines(results, o.articles);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
