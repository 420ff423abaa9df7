import pg from 'pg';
import { SitrepError, UserError } from '../../core/errors.ts';
import { pgMigrations, type PgMigration } from './pg-migrations.ts';

/** A pool of connections to one PostgreSQL database (and schema). */
export type PgPool = pg.Pool;
/** One checked-out connection (inside a transaction). */
export type PgClient = pg.PoolClient;
/** Anything that runs a query: the pool, or a connection inside a transaction. */
export type PgQueryable = Pick<pg.Pool, 'query'>;

/** Key of the advisory lock that serialises migrations between instances starting at the same time. */
const MIGRATION_LOCK = 7_302_148_119;

// Times and ids are BIGINT (milliseconds since the epoch, exactly as the SQLite schema stores them): read them as
// numbers rather than the driver's default strings. Every value stays below 2^53. Sums come back as NUMERIC.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Options for {@link openPgPool}. */
export interface PgPoolOptions {
  /** Schema to use instead of the connection's default search path (tests give each suite its own). */
  schema?: string;
  /** Connections in the pool. */
  max?: number;
}

/** The target with any password replaced, for messages. */
export function redactTarget(target: string): string {
  try {
    const u = new URL(target);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the PostgreSQL database';
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A `schema` query parameter (`postgres://host/db?schema=sitrep`) selects the schema Sitrep's tables live in; the
 * driver does not know it, so it is taken off the URL here.
 */
export function splitSchema(url: string): { target: string; schema: string | undefined } {
  try {
    const u = new URL(url);
    const schema = u.searchParams.get('schema') ?? undefined;
    if (schema === undefined) return { target: url, schema };
    u.searchParams.delete('schema');
    return { target: u.toString(), schema };
  } catch {
    return { target: url, schema: undefined };
  }
}

/**
 * Opens a pool on a `postgres://` URL, checks that the database answers and applies pending migrations (under an
 * advisory lock, so that instances starting together migrate once). A database that cannot be reached is a UserError
 * naming the target (password hidden).
 */
export async function openPgPool(url: string, given: PgPoolOptions = {}): Promise<PgPool> {
  const { target, schema } = splitSchema(url);
  const options = { ...given, ...(schema !== undefined && given.schema === undefined ? { schema } : {}) };
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new UserError('store.open_failed', `Invalid PostgreSQL schema name "${options.schema}".`);
  }
  const pool = new pg.Pool({
    connectionString: target,
    max: options.max ?? 8,
    types,
    connectionTimeoutMillis: 10_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection that the server drops must not crash the process; the next query opens a new one.
  pool.on('error', () => {});
  try {
    if (options.schema) {
      // Instances starting together may race to create it; losing that race is fine.
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`).catch((err: { code?: string }) => {
        if (err.code !== '23505' && err.code !== '42P06') throw err;
      });
    }
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => {});
    throw new UserError('store.open_failed', `Cannot open ${redactTarget(target)}: ${(err as Error).message}`, { cause: err });
  }
  try {
    await applyPgMigrations(pool, pgMigrations);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return pool;
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, in list order, each in its own transaction. The
 * whole run holds a session advisory lock: a second instance waits, then finds nothing left to do.
 */
export async function applyPgMigrations(pool: PgPool, migrations: readonly PgMigration[]): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    const done = new Set((await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      try {
        await client.query('BEGIN');
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [m.id, m.name, Date.now()]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw new SitrepError('store.migration_failed', `Migration ${m.id} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.id);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
  return applied;
}

/** Runs `fn` in one transaction on one connection; rolls back when it throws. */
export async function inTransaction<T>(pool: PgPool, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
