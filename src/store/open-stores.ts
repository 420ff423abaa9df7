import type { Stores, StoresOptions } from './stores.ts';

/** Whether a `--db` / `SITREP_DB` target names a PostgreSQL server rather than a SQLite file. */
export function isPostgresTarget(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Opens every store port on `target`: a `postgres://` or `postgresql://` URL selects PostgreSQL, anything else is a
 * SQLite file path (or `:memory:`). Pending migrations are applied before it resolves.
 */
export async function openStores(target: string, options: StoresOptions): Promise<Stores> {
  if (isPostgresTarget(target)) {
    // Loaded only for a postgres:// target, so SQLite users never load the pg driver.
    const { openPostgresStores } = await import('./postgres/open-postgres-stores.ts');
    return openPostgresStores(target, options);
  }
  const { openSqliteStores } = await import('./sqlite/open-sqlite-stores.ts');
  return openSqliteStores(target, options);
}
