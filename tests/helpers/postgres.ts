import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/**
 * PostgreSQL for tests. The server is the one at PGHOST/PGPORT (default 127.0.0.1:5432, user postgres, database test,
 * as on the test machines). Each test file gets its own database with a random name, dropped at the end; each store
 * a test opens can have its own schema in it. When the server cannot be reached the suites skip, saying why in
 * their names, except under CI=true, where an unreachable server fails the file.
 */
const host = process.env['PGHOST'] ?? '127.0.0.1';
const port = process.env['PGPORT'] ?? '5432';
const user = process.env['PGUSER'] ?? 'postgres';
const adminDb = process.env['PGDATABASE'] ?? 'test';
const server = `postgres://${encodeURIComponent(user)}@${host}:${port}`;

async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: `${server}/${adminDb}`, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

const failure = await probe();
if (failure !== null && process.env['CI'] === 'true') {
  throw new Error(`PostgreSQL at ${host}:${port} is unreachable under CI (${failure}); the PostgreSQL suites must run in CI.`);
}

/** Whether PostgreSQL is reachable. */
export const hasPostgres = failure === null;

/** Appended to suite names: empty when PostgreSQL is reachable, else the reason they are skipped. */
export const PG_SKIP_REASON = hasPostgres ? '' : ` [SKIPPED: PostgreSQL unreachable at ${host}:${port}: ${failure}]`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${server}/${adminDb}` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A database created for this test file. */
export interface TestDatabase {
  /** Its `postgres://` URL. */
  url(): string;
  /** A new schema name, unique in this database (one per store under test keeps tests apart). */
  freshSchema(): string;
}

/** Creates a database with a random name before the file's tests and drops it after them. */
export function useTestDatabase(): TestDatabase {
  const name = `sitrep_test_${randomBytes(6).toString('hex')}`;
  let n = 0;
  beforeAll(async () => {
    if (!hasPostgres) return;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
  });
  afterAll(async () => {
    if (!hasPostgres) return;
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return {
    url: () => `${server}/${name}`,
    freshSchema: () => `s${++n}_${randomBytes(3).toString('hex')}`,
  };
}
