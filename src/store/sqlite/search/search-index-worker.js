// @ts-check
// The indexing thread (started by search-index.ts): applies the database's queue of index work to the index file
// while the main thread goes on storing articles. Plain JavaScript, like search-index-apply.js, so that the thread
// needs no TypeScript loader.
//
// Messages in: "kick" (there is new work). Messages out: progress `{ applied, more }` after each index transaction,
// `{ error }` when applying fails. The thread ends itself after a while without work.
import { clearTimeout, setImmediate, setTimeout } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createIndexApplier } from './search-index-apply.js';

/**
 * What the main thread passes.
 * @typedef {object} IndexWorkerData
 * @property {string} database Database file (only read here).
 * @property {string} indexFile Index file (written here).
 * @property {number} budget Articles per index transaction.
 * @property {number} idleMs Idle time before the thread ends, ms.
 */

/** @typedef {{ applied: number, more: boolean } | { error: string }} IndexWorkerMessage */

const data = /** @type {IndexWorkerData} */ (workerData);
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

// The index file is this connection's main database; the database is attached and only read.
const db = new Database(data.indexFile);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
// As the main connection (sqlite-database.ts): fewer, larger checkpoints during bulk indexing.
db.pragma('wal_autocheckpoint = 10000');
db.prepare('ATTACH DATABASE ? AS src').run(data.database);
const applier = createIndexApplier({ db, indexSchema: 'main', sourceSchema: 'src' });

let running = false;
/** @type {NodeJS.Timeout | undefined} */
let idle;

function stopWhenIdle() {
  clearTimeout(idle);
  idle = setTimeout(() => {
    db.close();
    port.close();
  }, data.idleMs);
}

/** @param {IndexWorkerMessage} m */
function send(m) {
  port.postMessage(m);
}

function step() {
  try {
    const r = applier.applySome(data.budget);
    send({ applied: r.applied, more: r.more });
    // setImmediate between transactions: kicks and other messages are read while a long queue drains.
    if (r.more) setImmediate(step);
    else {
      running = false;
      stopWhenIdle();
    }
  } catch (err) {
    running = false;
    send({ error: err instanceof Error ? err.message : String(err) });
    stopWhenIdle();
  }
}

port.on('message', () => {
  clearTimeout(idle);
  if (running) return;
  running = true;
  step();
});
