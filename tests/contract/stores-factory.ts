import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/core/logger.ts';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.ts';
import type { Stores, StoresOptions } from '../../src/store/stores.ts';

/** A fresh, empty database opened for one test. */
export interface StoresHandle {
  /** Every port over it. */
  stores: Stores;
  /** Closes every connection the test opened and deletes the database. */
  cleanup(): Promise<void>;
  /**
   * Another independent connection to the same database (a second Sitrep instance); absent for engines that cannot
   * share one (an in-memory SQLite database). Closed by `cleanup`.
   */
  connectAgain?(): Promise<Stores>;
}

/** Opens a fresh database for one test. */
export type StoresFactory = () => Promise<StoresHandle>;

/** Options every contract suite opens stores with. */
export const contractOptions: StoresOptions = { logger: silentLogger, clock: () => new Date('2025-11-20T12:00:00Z') };

/** SQLite in memory: one private database per test. */
export const sqliteMemory: StoresFactory = async () => {
  const stores = await openSqliteStores(':memory:', contractOptions);
  return { stores, cleanup: () => stores.close() };
};

/** SQLite files (WAL, search index in its own file), one folder per test. */
export const sqliteFile: StoresFactory = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-contract-'));
  const file = join(dir, 'sitrep.db');
  const open: Stores[] = [await openSqliteStores(file, contractOptions)];
  return {
    stores: open[0]!,
    async connectAgain() {
      const again = await openSqliteStores(file, contractOptions);
      open.push(again);
      return again;
    },
    async cleanup() {
      for (const s of open.reverse()) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
