/**
 * The tables `sitrep db copy` moves, parents before children (foreign keys hold at every step), each with the columns
 * that order it (its primary key: the copy reads in that order and resumes after the last key the target has) and
 * whether its first key column is a store-assigned id (an identity / AUTOINCREMENT counter to carry over). Both
 * engines use these names; derived data (SQLite's search index and its queue, PostgreSQL's `search_vector`) is rebuilt
 * by the target, never copied.
 */
export interface CopyTable {
  /** Table name. */
  name: string;
  /** Primary-key columns, in order. */
  key: readonly string[];
  /** The key is one store-assigned id. */
  identity: boolean;
}

export const COPY_TABLES: readonly CopyTable[] = [
  { name: 'articles', key: ['id'], identity: true },
  { name: 'stories', key: ['id'], identity: true },
  { name: 'briefs', key: ['id'], identity: true },
  { name: 'brief_articles', key: ['brief_id', 'article_id'], identity: false },
  { name: 'digest_subscriptions', key: ['id'], identity: true },
  { name: 'digest_runs', key: ['subscription_id', 'slot'], identity: false },
  { name: 'slack_installations', key: ['install_key'], identity: false },
  { name: 'slack_event_ledger', key: ['event_id'], identity: false },
  { name: 'chat_threads', key: ['message_key'], identity: false },
  { name: 'channel_settings', key: ['workspace', 'channel'], identity: false },
  { name: 'llm_cache', key: ['workspace', 'key'], identity: false },
  { name: 'llm_usage', key: ['id'], identity: true },
  { name: 'feeds', key: ['id'], identity: true },
  { name: 'feed_items', key: ['feed_id', 'item_key'], identity: false },
  { name: 'article_signatures', key: ['article_id'], identity: false },
  { name: 'article_lsh', key: ['workspace', 'key', 'article_id'], identity: false },
  { name: 'article_near_duplicates', key: ['article_id', 'duplicate_of'], identity: false },
];

/** One row as plain values (numbers, strings, null, bytes). */
export type CopyRow = Record<string, unknown>;

/** One side of a copy: reads rows in key order, writes rows skipping those it has. */
export interface CopyEndpoint {
  /** For messages (passwords hidden). */
  label: string;
  /** Columns of a table as this engine stores them (derived columns excluded). */
  columns(table: CopyTable): Promise<string[]>;
  /** Rows after `after` (a key tuple, or null from the start) in key order, at most `limit`. */
  read(table: CopyTable, columns: readonly string[], after: readonly unknown[] | null, limit: number): Promise<CopyRow[]>;
  /** The greatest key present, or null when the table is empty. */
  lastKey(table: CopyTable): Promise<unknown[] | null>;
  /** Inserts rows in one transaction; a row whose key is already present is left as it is. */
  write(table: CopyTable, columns: readonly string[], rows: readonly CopyRow[]): Promise<void>;
  /** Number of rows. */
  count(table: CopyTable): Promise<number>;
  /** After all tables: counters past the copied ids, derived data brought up to date. */
  finish(): Promise<void>;
  /** Closes it. */
  close(): Promise<void>;
}
