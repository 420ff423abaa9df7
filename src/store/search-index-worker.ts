import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createIndexApplier } from './search-index-apply.ts';

/**
 * The indexing thread (started by search-index.ts): applies the database's queue of index work to the index file
 * while the main thread goes on storing articles. Messages in: "kick" (there is new work). Messages out: progress
 * `{ applied, more }` after each index transaction, `{ error }` when applying fails. It ends itself after a while
 * without work.
 */

/** What the main thread passes. */
export interface IndexWorkerData {
  /** Database file (read only here). */
  database: string;
  /** Index file (written only here while this thread runs). */
  indexFile: string;
  /** Articles per index transaction. */
  budget: number;
  /** Idle time before the thread ends, ms. */
  idleMs: number;
}

/** A message from the thread. */
export type IndexWorkerMessage = { applied: number; more: boolean } | { error: string };

const data = workerData as IndexWorkerData;
const port = parentPort!;

// The index file is this connection's main database; the database is attached and only read.
const db = new Database(data.indexFile);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.prepare('ATTACH DATABASE ? AS src').run(data.database);
const applier = createIndexApplier({ db, indexSchema: 'main', sourceSchema: 'src' });

let running = false;
let idle: NodeJS.Timeout | undefined;

function stopWhenIdle(): void {
  clearTimeout(idle);
  idle = setTimeout(() => {
    db.close();
    port.close();
  }, data.idleMs);
}

function step(): void {
  try {
    const r = applier.applySome(data.budget);
    port.postMessage({ applied: r.applied, more: r.more } satisfies IndexWorkerMessage);
    // setImmediate between transactions: kicks and other messages are read while a long queue drains.
    if (r.more) setImmediate(step);
    else {
      running = false;
      stopWhenIdle();
    }
  } catch (err) {
    running = false;
    port.postMessage({ error: (err as Error).message } satisfies IndexWorkerMessage);
    stopWhenIdle();
  }
}

port.on('message', () => {
  clearTimeout(idle);
  if (running) return;
  running = true;
  step();
});
