import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.ts';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.ts';
import { searchIndexFile } from '../../src/store/sqlite/search/search-index.ts';
import { openSqliteDatabase } from '../../src/store/sqlite/sqlite-database.ts';
import { corpusStore, type Stores } from '../../src/store/stores.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { benchEngines, formatEngines, type BenchEngine } from './store-bench.ts';

/** The corpus ports of `s` as one object, with the close of the whole bundle. */
const withClose = (s: Stores) => ({ ...corpusStore(s), close: () => s.close() });

const fileSize = (p: string): number => (existsSync(p) ? statSync(p).size : 0);

/**
 * `npm run bench -- --store postgres`: SQLite (a temporary file) and PostgreSQL (a database created on `server` for the
 * run and dropped after it) measured one after the other on the same corpus.
 */
export async function runStoreComparison(o: {
  articles: number;
  seed: number;
  reps: number;
  data: string;
  server: string;
  onProgress: (m: string) => void;
}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-store-bench-'));
  const file = join(dir, 'bench.db');
  const name = `sitrep_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: o.server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(o.server);
  url.pathname = `/${name}`;
  try {
    const sqlite: BenchEngine = {
      name: 'sqlite',
      open: async () => withClose(await openSqliteStores(file, { logger: silentLogger, clock: () => new Date() })),
      size: async () => {
        const db = openSqliteDatabase(file);
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
        return fileSize(file) + fileSize(`${file}-wal`) + fileSize(searchIndexFile(file)) + fileSize(`${searchIndexFile(file)}-wal`);
      },
    };
    const postgres: BenchEngine = {
      name: 'postgres',
      open: async () => {
        return withClose(await openPostgresStores(url.toString()));
      },
      size: async () => Number((await admin.query<{ n: string }>('SELECT pg_database_size($1) AS n', [name])).rows[0]!.n),
    };
    return formatEngines(await benchEngines([sqlite, postgres], o), o.articles);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
