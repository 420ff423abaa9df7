import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { SitrepError } from '../../../core/errors.ts';
import { createIndexApplier, indexFileDdl, indexFileSettings, QUEUE_CHUNK } from './search-index-apply.js';
import type { IndexApplier } from './search-index-apply.js';
import type { IndexWorkerData, IndexWorkerMessage } from './search-index-worker.js';

/**
 * The full-text index of a database, kept in its own file (`<database>-fts`) and attached to the connection as the
 * schema `search`, so every query names `articles_fts` as before. Being a separate file lets a second thread build it
 * while the main thread stores articles (two writers, two files): a bulk import runs on both cores. Changes to
 * articles queue index work in the database (search-index-apply.js); this controller applies the queue, on the
 * connection itself when there is little to do, else on a worker thread, and makes every search wait until the
 * index has caught up with what is stored, so readers never see a stored article missing from search.
 *
 * The index is derived data: when its file is missing, damaged, or belongs to another database (a restored backup, a
 * copied file), it is rebuilt from the articles.
 */
export interface SearchIndex {
  /** Resolves when everything stored so far is searchable. */
  ready(): Promise<void>;
  /** Call after storing: indexes a little work at once, hands more to the worker, and slows a writer far ahead. */
  afterWrite(): Promise<void>;
  /** Waits for queued work, then stops the worker (the database itself stays open). */
  close(): Promise<void>;
  /** What is pending and where the work was done, for tests and diagnostics. */
  status(): SearchIndexStatus;
}

/** See {@link SearchIndex.status}. */
export interface SearchIndexStatus {
  /** Articles waiting to be indexed. */
  pending: number;
  /** Index transactions committed on the worker thread since the connection opened. */
  workerTransactions: number;
  /** Whether the worker thread is running. */
  workerRunning: boolean;
}

/** Pending articles indexed on the connection itself; more go to the worker. */
const INLINE_MAX = 500;
/** A writer is held back when the index is this many articles behind, until it is half as far behind. */
const LAG_MAX = 20_000;
/** Articles per index transaction on the worker. */
const WORKER_BUDGET = 4_000;
const WORKER_IDLE_MS = 10_000;

/** The index file of a database file. */
export function searchIndexFile(database: string): string {
  return `${database}-fts`;
}

function removeIndexFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

/** Deletes the search index file of a database file (it is rebuilt at the next open). */
export function removeSearchIndex(database: string): void {
  removeIndexFiles(searchIndexFile(database));
}

/** Re-queues every article and empties the index, when the index file does not belong to this database. */
function reconcile(db: Database.Database): void {
  const storeId = db.prepare('SELECT store_id FROM main.search_meta WHERE id = 1').pluck().get() as string | undefined;
  const state = db.prepare('SELECT store_id AS storeId, applied_seq AS applied FROM search.index_state WHERE id = 1').get() as
    | { storeId: string; applied: number }
    | undefined;
  const top = (db.prepare("SELECT seq FROM main.sqlite_sequence WHERE name = 'search_queue'").pluck().get() as number | undefined) ?? 0;
  if (storeId && state && state.storeId === storeId && state.applied <= top) return;
  const fresh = randomBytes(16).toString('hex');
  // The database first, then the index: interrupted between the two, the ids differ and the next open starts over.
  db.transaction(() => {
    db.prepare('INSERT OR REPLACE INTO main.search_meta (id, store_id) VALUES (1, ?)').run(fresh);
    db.prepare('DELETE FROM main.search_queue').run();
    db.prepare(`WITH RECURSIVE bounds(lo, hi) AS (SELECT min(id), max(id) FROM main.articles),
        chunks(lo, hi) AS (SELECT lo, hi FROM bounds WHERE lo IS NOT NULL
          UNION ALL SELECT lo + ${QUEUE_CHUNK}, hi FROM chunks WHERE lo + ${QUEUE_CHUNK} <= hi)
      INSERT INTO main.search_queue (op, first_id, last_id) SELECT 'add', lo, min(hi, lo + ${QUEUE_CHUNK - 1}) FROM chunks`).run();
  })();
  db.transaction(() => {
    db.exec('DROP TABLE IF EXISTS search.articles_fts');
    db.exec(indexFileDdl('search'));
    db.exec(indexFileSettings('search'));
    db.prepare('INSERT OR REPLACE INTO search.index_state (id, store_id, applied_seq) VALUES (1, ?, ?)').run(fresh, top);
  })();
}

function fileSettings(db: Database.Database): void {
  db.pragma('search.journal_mode = WAL');
  db.pragma('search.synchronous = NORMAL');
}

function attachIndexFile(db: Database.Database, file: string): void {
  db.prepare('ATTACH DATABASE ? AS search').run(file);
  db.exec(indexFileDdl('search'));
}

/**
 * Attaches the search index to a connection opened on `database` (a file, or ":memory:" for an in-memory index that
 * is always built on the connection itself), rebuilding it when it does not match the database.
 */
export function attachSearchIndex(db: Database.Database, database: string): SearchIndex {
  const inMemory = database === ':memory:' || database === '';
  const file = inMemory ? ':memory:' : searchIndexFile(database);
  try {
    attachIndexFile(db, file);
    if (!inMemory) fileSettings(db);
    reconcile(db);
  } catch (err) {
    if (inMemory) throw err;
    // A damaged index file: it only holds derived data, so start it again.
    try {
      db.prepare('DETACH DATABASE search').run();
    } catch {
      // Not attached.
    }
    removeIndexFiles(file);
    attachIndexFile(db, file);
    fileSettings(db);
    reconcile(db);
  }
  const applier = createIndexApplier({ db, indexSchema: 'search', sourceSchema: 'main' });
  return createController(db, applier, inMemory ? null : { database, indexFile: file });
}

function createController(
  db: Database.Database,
  applier: IndexApplier,
  files: { database: string; indexFile: string } | null,
): SearchIndex {
  let worker: Worker | null = null;
  let failure: Error | null = null;
  const waiters: (() => void)[] = [];
  let workerTransactions = 0;

  const wake = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  const progress = (): Promise<void> => new Promise((resolve) => waiters.push(resolve));

  function startWorker(f: { database: string; indexFile: string }): Worker {
    const data: IndexWorkerData = { ...f, budget: WORKER_BUDGET, idleMs: WORKER_IDLE_MS };
    // Plain JavaScript, so that the thread needs no TypeScript loader, from the sources as from a build; and no
    // inherited --import/--require either (a loader given to the process would cost the thread about 25 MiB).
    const w = new Worker(new URL('./search-index-worker.js', import.meta.url), { workerData: data, execArgv: [] });
    // The thread never keeps the process alive: work it has not done stays queued and is done by the next reader.
    w.unref();
    w.on('message', (m: IndexWorkerMessage) => {
      if ('error' in m) failure = new SitrepError('store.search_index_failed', `Indexing articles for search failed: ${m.error}`);
      else workerTransactions++;
      wake();
    });
    w.on('error', (err) => {
      failure = new SitrepError('store.search_index_failed', `The indexing thread failed: ${err.message}`, { cause: err });
      worker = null;
      wake();
    });
    w.on('exit', () => {
      if (worker === w) worker = null;
      wake();
    });
    return w;
  }

  function kick(): void {
    if (!files) return;
    worker ??= startWorker(files);
    worker.postMessage('kick');
  }

  function applyHere(): void {
    while (applier.applySome(Number.MAX_SAFE_INTEGER).more) {
      // Until the queue is empty.
    }
  }

  function takeFailure(): void {
    if (!failure) return;
    const f = failure;
    failure = null;
    throw f;
  }

  /** Waits until the index is at most `lag` articles behind. */
  async function catchUp(lag: number): Promise<void> {
    for (;;) {
      takeFailure();
      if (applier.appliedSeq() >= applier.lastSeq()) return;
      const pending = applier.pendingArticles();
      if (pending <= lag) return;
      if (!files || (!worker && pending <= INLINE_MAX)) {
        applyHere();
        continue;
      }
      const wait = progress();
      kick();
      await wait;
    }
  }

  // Entries the index has applied are no longer needed; every write path drops them, so the queue stays short.
  const prune = db.prepare('DELETE FROM main.search_queue WHERE seq <= (SELECT applied_seq FROM search.index_state WHERE id = 1)');

  /** Index failures, whatever their source, as one error with a stable code (the cause kept). */
  function indexError(err: unknown): SitrepError {
    if (err instanceof SitrepError) return err;
    return new SitrepError('store.search_index_failed', `Indexing articles for search failed: ${(err as Error).message}`, {
      cause: err,
    });
  }

  return {
    async ready() {
      try {
        await catchUp(0);
      } catch (err) {
        throw indexError(err);
      }
    },
    async afterWrite() {
      try {
        const pending = applier.pendingArticles();
        if (!files || (!worker && pending <= INLINE_MAX)) {
          applyHere();
          prune.run();
          return;
        }
        prune.run();
        kick();
        if (pending > LAG_MAX) await catchUp(LAG_MAX / 2);
      } catch (err) {
        // The write itself is committed and its index work queued: it must not be reported as failed. The next
        // search retries the work and reports the problem.
        failure = indexError(err);
      }
    },
    status: () => ({ pending: applier.pendingArticles(), workerTransactions, workerRunning: worker !== null }),
    async close() {
      try {
        if (worker) await catchUp(0);
      } finally {
        const w = worker;
        worker = null;
        if (w) await w.terminate();
      }
    },
  };
}
