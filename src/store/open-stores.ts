import { UserError } from '../core/errors.ts';
import type { Stores, StoresOptions } from './stores.ts';

/** The signature of the PostgreSQL engine's entry (postgres/open-postgres-stores.ts). */
type OpenPostgresStores = (url: string, options: StoresOptions) => Promise<Stores>;

/** Whether a `--db` / `SITREP_DB` target names a PostgreSQL server rather than a SQLite file. */
export function isPostgresTarget(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

// A variable specifier: the PostgreSQL engine is loaded only when a postgres:// target is used, so SQLite users never
// load the pg driver.
const POSTGRES_ENTRY = './postgres/open-postgres-stores.ts';

async function openPostgres(url: string, options: StoresOptions): Promise<Stores> {
  let entry: { openPostgresStores?: OpenPostgresStores };
  try {
    entry = (await import(POSTGRES_ENTRY)) as { openPostgresStores?: OpenPostgresStores };
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    entry = {};
  }
  if (!entry.openPostgresStores) {
    throw new UserError('store.engine_unavailable', 'This build of Sitrep has no PostgreSQL store; use a SQLite file for --db.');
  }
  return entry.openPostgresStores(url, options);
}

/**
 * Opens every store port on `target`: a `postgres://` or `postgresql://` URL selects PostgreSQL, anything else is a
 * SQLite file path (or `:memory:`). Pending migrations are applied before it resolves.
 */
export async function openStores(target: string, options: StoresOptions): Promise<Stores> {
  if (isPostgresTarget(target)) return openPostgres(target, options);
  const { openSqliteStores } = await import('./sqlite/open-sqlite-stores.ts');
  return openSqliteStores(target, options);
}
