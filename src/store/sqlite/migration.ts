/** One versioned SQLite schema change. */
export interface Migration {
  /** Unique number; the engine's list runs in increasing id order. */
  id: number;
  /** Short description for logs. */
  name: string;
  /** SQL to run. */
  sql: string;
}
