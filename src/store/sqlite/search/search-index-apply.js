// @ts-check
// Plain JavaScript (type-checked through JSDoc) so that the indexing thread can load it without a TypeScript loader:
// a loader costs that thread about 25 MiB and a sixth of a second to start.
/**
 * The full-text index lives in its own SQLite file beside the database (see search-index.ts) so that it can be built
 * on a second thread while articles are being stored. The database keeps a queue of index work, written in the same
 * transaction as the article change it describes (triggers for single rows, one entry per batch for bulk imports);
 * this module applies that queue to the index. The index file records how far it has applied the queue in the same
 * transaction as the index change itself, so an interrupted run resumes exactly where it stopped.
 */

/** Ids covered by one queue entry at most: bulk entries are cut to this so that one entry fits one index transaction. */
export const QUEUE_CHUNK = 5_000;

/**
 * DDL of the index file (schema-qualified by the caller).
 * @param {string} schema
 * @returns {string}
 */
export function indexFileDdl(schema) {
  return `
    CREATE TABLE IF NOT EXISTS ${schema}.index_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      store_id TEXT NOT NULL,
      applied_seq INTEGER NOT NULL
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS ${schema}.articles_fts USING fts5(
      title, body,
      content = '', contentless_delete = 1,
      tokenize = 'porter unicode61 remove_diacritics 2'
    );`;
}

/** The index's buffer of pending terms, bytes (FTS5's "hashsize"). */
const HASH_BYTES = 8 * 1024 * 1024;

/**
 * Settings of a new index, stored in the index itself. A larger term buffer than the default 1 MiB writes one segment
 * per bulk batch instead of several, and merging 8 segments at a time (default 4) rewrites each entry fewer times as
 * the index grows: both raise the indexing rate at a million articles, for a few more segments per query.
 * @param {string} schema
 * @returns {string}
 */
export function indexFileSettings(schema) {
  return `
    INSERT INTO ${schema}.articles_fts(articles_fts, rank) VALUES ('hashsize', ${HASH_BYTES});
    INSERT INTO ${schema}.articles_fts(articles_fts, rank) VALUES ('automerge', 8);`;
}

/**
 * A connection with both files attached, and the schema name of each.
 * @typedef {object} IndexConnection
 * @property {import('better-sqlite3').Database} db The connection.
 * @property {string} indexSchema Schema of the index file ("search" on the main connection, "main" on the indexing
 *   thread's).
 * @property {string} sourceSchema Schema of the database ("main" on the main connection, "src" on the indexing
 *   thread's).
 */

/**
 * Applies queued index work.
 * @typedef {object} IndexApplier
 * @property {() => number} appliedSeq The last queue entry the index has applied.
 * @property {() => number} lastSeq The last queue entry written.
 * @property {() => number} pendingArticles Articles (ids) still to index, counted from the queue.
 * @property {(budget: number) => { applied: number, more: boolean }} applySome Applies queue entries in order in one
 *   index transaction, stopping after about `budget` articles (at least one entry). Returns the applied sequence
 *   number and whether entries remain.
 */

/** @typedef {{ seq: number, op: 'add' | 'refresh' | 'remove', first_id: number, last_id: number }} QueueRow */

/**
 * @param {IndexConnection} c
 * @returns {IndexApplier}
 */
export function createIndexApplier(c) {
  const { db, indexSchema: ix, sourceSchema: src } = c;
  const applied = db.prepare(`SELECT coalesce((SELECT applied_seq FROM ${ix}.index_state WHERE id = 1), 0)`).pluck();
  const setApplied = db.prepare(`UPDATE ${ix}.index_state SET applied_seq = ? WHERE id = 1`);
  const last = db.prepare(`SELECT coalesce(max(seq), 0) FROM ${src}.search_queue`).pluck();
  const pending = db
    .prepare(`SELECT coalesce(sum(CASE op WHEN 'add' THEN last_id - first_id + 1 ELSE 1 END), 0) FROM ${src}.search_queue WHERE seq > ?`)
    .pluck();
  const entries = db.prepare(`SELECT seq, op, first_id, last_id FROM ${src}.search_queue WHERE seq > ? ORDER BY seq LIMIT 256`);
  // CAST: better-sqlite3 binds numbers as REAL, and only integer rowids are looked up as such.
  const indexRows = db.prepare(`INSERT INTO ${ix}.articles_fts(rowid, title, body)
    SELECT id, title, body FROM ${src}.articles WHERE id BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)`);
  const remove = db.prepare(`DELETE FROM ${ix}.articles_fts WHERE rowid = CAST(? AS INTEGER)`);
  // A write to the index file as the transaction's first statement takes that file's write lock (waiting for another
  // connection's transaction to end) before anything is read, so two connections applying the queue at once take
  // turns instead of failing on a stale read. Unlike BEGIN IMMEDIATE, it leaves the database file unlocked for its
  // writer.
  const lockIndex = db.prepare(`UPDATE ${ix}.index_state SET applied_seq = applied_seq WHERE id = 1`);

  const applyTx = db.transaction(
    /**
     * @param {number} budget
     * @returns {{ applied: number, more: boolean }}
     */
    (budget) => {
      lockIndex.run();
      // Read inside the write transaction: another connection may have applied entries since the caller looked.
      let seq = /** @type {number} */ (applied.get());
      let spent = 0;
      for (;;) {
        const batch = /** @type {QueueRow[]} */ (entries.all(seq));
        if (batch.length === 0) break;
        for (const e of batch) {
          if (spent >= budget) {
            setApplied.run(seq);
            return { applied: seq, more: true };
          }
          if (e.op === 'add') {
            // Rows stored by this entry: a row deleted since is absent and a row edited since is read as it is now
            // (its own refresh entry, later in the queue, replaces it again).
            spent += Math.max(1, indexRows.run(e.first_id, e.last_id).changes);
          } else {
            // The rowid may be absent (deleted or never indexed): deleting it is then a no-op.
            remove.run(e.first_id);
            if (e.op === 'refresh') indexRows.run(e.first_id, e.first_id);
            spent += 1;
          }
          seq = e.seq;
        }
      }
      setApplied.run(seq);
      return { applied: seq, more: false };
    },
  );

  return {
    appliedSeq: () => /** @type {number} */ (applied.get()),
    lastSeq: () => /** @type {number} */ (last.get()),
    pendingArticles: () => /** @type {number} */ (pending.get(applied.get())),
    applySome: (budget) => applyTx(budget),
  };
}
