import type { Migration } from '../migration.ts';

/** The LLM result cache and token usage ledger (ids 10–19). */
export const llmMigrations: Migration[] = [
  {
    id: 10,
    name: 'LLM result cache and token usage ledger',
    sql: `
      CREATE TABLE llm_cache (
        workspace TEXT NOT NULL,
        key TEXT NOT NULL,
        prompt TEXT NOT NULL,
        model TEXT NOT NULL,
        output TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (workspace, key)
      ) WITHOUT ROWID;
      CREATE INDEX llm_cache_created ON llm_cache(created_at);

      CREATE TABLE llm_usage (
        id INTEGER PRIMARY KEY,
        workspace TEXT NOT NULL,
        at INTEGER NOT NULL,
        prompt TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost_usd REAL,
        outcome TEXT NOT NULL
      );
      CREATE INDEX llm_usage_workspace_at ON llm_usage(workspace, at);
    `,
  },
];
