import pg from 'pg';
import type { LeaderLock } from '../ports/leader-lock.ts';

/** First half of every leader lock's advisory key (the second is a hash of the schema and the name). */
const LEADER_CLASS = 730_214;

/** A PostgreSQL leader lock that can also be closed (with the stores). */
export interface PgLeaderLock extends LeaderLock {
  /** Releases every lock by ending the dedicated session. */
  close(): Promise<void>;
}

/** Connection settings of the lock's own session. */
export interface PgLeaderLockOptions {
  /** The database URL (without Sitrep's own `schema` parameter). */
  connectionString: string;
  /** Schema the stores use: locks of different schemas in one database are different locks. */
  schema?: string;
  /** Longest wait for one statement before the session counts as lost. Default 5 s. */
  queryTimeoutMs?: number;
}

/**
 * Leader locks as session-level advisory locks (`pg_try_advisory_lock`) on one dedicated connection, outside the
 * pool: the lock lives exactly as long as that session. When the process dies or its backend is terminated the
 * server ends the session and frees the lock for another instance; this side notices on its next `holds`.
 */
export function createPgLeaderLock(options: PgLeaderLockOptions): PgLeaderLock {
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  const held = new Set<string>();
  const namespace = options.schema ?? '';

  function drop(c: pg.Client): void {
    if (client !== c) return;
    client = null;
    held.clear();
    c.end().catch(() => {});
  }

  async function session(): Promise<pg.Client> {
    if (client) return client;
    connecting ??= (async () => {
      const c = new pg.Client({
        connectionString: options.connectionString,
        query_timeout: options.queryTimeoutMs ?? 5_000,
        connectionTimeoutMillis: options.queryTimeoutMs ?? 5_000,
        application_name: 'sitrep-leader',
      });
      // A terminated backend or a lost connection: every lock of this session is gone.
      c.on('error', () => drop(c));
      c.on('end', () => drop(c));
      await c.connect();
      client = c;
      return c;
    })().finally(() => (connecting = null));
    return connecting;
  }

  async function run<T extends pg.QueryResultRow>(sql: string, name: string): Promise<T | undefined> {
    const c = await session();
    try {
      return (await c.query<T>(sql, [LEADER_CLASS, `${namespace}:${name}`])).rows[0];
    } catch (err) {
      drop(c);
      throw err;
    }
  }

  return {
    async tryAcquire(name) {
      if (held.has(name) && (await this.holds(name))) return true;
      const row = await run<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS ok', name);
      if (row?.ok) held.add(name);
      return row?.ok === true;
    },
    async release(name) {
      if (!held.has(name) || !client) return;
      held.delete(name);
      await run('SELECT pg_advisory_unlock($1::int, hashtext($2))', name).catch(() => {});
    },
    async holds(name) {
      if (!held.has(name) || !client) return false;
      try {
        // The session is alive and still has the lock granted (it cannot lose it any other way).
        const row = await run<{ ok: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
             AND classid = $1::int::oid AND objid = hashtext($2)::oid AND objsubid = 2) AS ok`,
          name,
        );
        if (!row?.ok) held.delete(name);
        return row?.ok === true;
      } catch {
        return false;
      }
    },
    async close() {
      const c = client;
      client = null;
      held.clear();
      if (c) await c.end().catch(() => {});
    },
  };
}
