import { buildSqliteApp, type SqliteApp } from './sqlite-app.ts';
import { silentLogger } from '../../src/core/logger.ts';

/** A fixed clock that tests can move. */
export function fixedClock(iso: string): { now: () => Date; set(iso: string): void } {
  let t = new Date(iso);
  return {
    now: () => new Date(t),
    set(next: string) {
      t = new Date(next);
    },
  };
}

/** An app over an in-memory database. */
export function memoryApp(now: () => Date): SqliteApp {
  return buildSqliteApp({ dbPath: ':memory:', clock: now, logger: silentLogger });
}
