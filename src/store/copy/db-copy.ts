import { existsSync } from 'node:fs';
import { UserError } from '../../core/errors.ts';
import { redactTarget } from '../postgres/pg-database.ts';
import { postgresEndpoint, sqliteEndpoint } from './copy-endpoints.ts';
import { COPY_TABLES, type CopyEndpoint } from './copy-tables.ts';

/** Rows per read and per write transaction. */
const CHUNK = 500;

/** Per-table result of a copy. */
export interface CopiedTable {
  /** Table. */
  table: string;
  /** Rows written by this run. */
  copied: number;
  /** Rows in the source. */
  source: number;
  /** Rows in the target afterwards. */
  target: number;
}

/** Options for {@link copyDatabase}. */
export interface CopyOptions {
  /** Source: a SQLite file or a `postgres://` URL. */
  from: string;
  /** Target: a SQLite file or a `postgres://` URL (created and migrated when new). */
  to: string;
  /** Progress after each chunk. */
  onProgress?: (table: string, copied: number) => void;
}

const isPostgres = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target);

async function endpoint(target: string, side: 'from' | 'to'): Promise<CopyEndpoint> {
  // Opening a SQLite path creates the file: a mistyped source must not become an empty copy.
  if (side === 'from' && !isPostgres(target) && !existsSync(target)) {
    throw new UserError('db.copy_no_source', `There is no database at ${target} to copy from.`);
  }
  return isPostgres(target) ? postgresEndpoint(target, redactTarget(target)) : sqliteEndpoint(target);
}

/**
 * Copies every table from one database to another, either engine to either, streaming in key order in chunks of
 * {@link CHUNK} rows, each chunk one transaction. Resumable: each table continues after the greatest key the target
 * already has, and a row the target already holds is left alone, so running it again after an interruption finishes
 * the copy without duplicating anything. At the end the row counts of both sides must agree, table by table; a
 * mismatch (a target that already held other data, say) is an error naming the tables.
 */
export async function copyDatabase(options: CopyOptions): Promise<CopiedTable[]> {
  if (options.from === options.to) throw new UserError('db.copy_same', 'The source and the target of a copy are the same database.');
  const source = await endpoint(options.from, 'from');
  let target: CopyEndpoint;
  try {
    target = await endpoint(options.to, 'to');
  } catch (err) {
    await source.close();
    throw err;
  }
  try {
    const out: CopiedTable[] = [];
    for (const table of COPY_TABLES) {
      const targetColumns = new Set(await target.columns(table));
      const columns = (await source.columns(table)).filter((c) => targetColumns.has(c));
      let after = await target.lastKey(table);
      let copied = 0;
      for (;;) {
        const rows = await source.read(table, columns, after, CHUNK);
        if (rows.length === 0) break;
        await target.write(table, columns, rows);
        copied += rows.length;
        const last = rows[rows.length - 1]!;
        after = table.key.map((k) => last[k]);
        options.onProgress?.(table.name, copied);
        if (rows.length < CHUNK) break;
      }
      out.push({ table: table.name, copied, source: await source.count(table), target: await target.count(table) });
    }
    await target.finish();
    const wrong = out.filter((t) => t.source !== t.target);
    if (wrong.length > 0) {
      throw new UserError(
        'db.copy_mismatch',
        `The copy to ${target.label} finished but its row counts differ from ${source.label}: ` +
          wrong.map((t) => `${t.table} ${t.target} instead of ${t.source}`).join(', ') +
          '. Copy into an empty database.',
      );
    }
    return out;
  } finally {
    await Promise.allSettled([source.close(), target.close()]);
  }
}
