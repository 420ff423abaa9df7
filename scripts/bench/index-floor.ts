import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { NewArticle } from '../../src/core/article.ts';
import { storeContentHash } from '../../src/store/content-hash.ts';

/** What import costs at the least, measured on a sample: the parts that no store design can avoid. */
export interface IndexFloor {
  /** Articles in the sample. */
  sample: number;
  /** Articles per CPU-second into a bare table with the same full-text index (no dedup, no other index). */
  ftsOnlyRate: number;
  /** Articles per CPU-second into the same bare table without a full-text index. */
  tableOnlyRate: number;
  /** Content hashing (dedup key), microseconds of CPU per article. */
  hashMicros: number;
}

function cpuSeconds(fn: () => void): number {
  const c = process.cpuUsage();
  fn();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1e6;
}

/** Inserts the sample into scratch databases beside `dbPath` (removed afterwards) and times each part. */
export function measureIndexFloor(sample: readonly NewArticle[], dbPath: string): IndexFloor {
  const rate = (withFts: boolean): number => {
    const file = `${dbPath}.floor`;
    for (const s of ['', '-wal', '-shm']) rmSync(`${file}${s}`, { force: true });
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, title TEXT, body TEXT)');
      if (withFts) {
        db.exec(`CREATE VIRTUAL TABLE f USING fts5(title, body, content = 't', content_rowid = 'id',
          tokenize = 'porter unicode61 remove_diacritics 2');`);
      }
      const insert = db.prepare('INSERT INTO t (title, body) VALUES (?, ?)');
      // Indexed the way the store indexes a batch: one INSERT … SELECT over the batch's rows.
      const index = withFts
        ? db.prepare('INSERT INTO f(rowid, title, body) SELECT id, title, body FROM t WHERE id BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)')
        : null;
      const batch = db.transaction((rows: readonly NewArticle[]) => {
        let first = 0;
        let last = 0;
        for (const a of rows) {
          last = Number(insert.run(a.title, a.body).lastInsertRowid);
          if (first === 0) first = last;
        }
        if (index && first !== 0) index.run(first, last);
      });
      const s = cpuSeconds(() => {
        for (let i = 0; i < sample.length; i += 2000) batch(sample.slice(i, i + 2000));
      });
      return sample.length / s;
    } finally {
      db.close();
      for (const s of ['', '-wal', '-shm']) rmSync(`${file}${s}`, { force: true });
    }
  };
  const hashSeconds = cpuSeconds(() => {
    for (const a of sample) storeContentHash(a.body);
  });
  return {
    sample: sample.length,
    ftsOnlyRate: rate(true),
    tableOnlyRate: rate(false),
    hashMicros: (hashSeconds * 1e6) / Math.max(1, sample.length),
  };
}
