import type { SqliteDatabase } from './sqlite-database.ts';
import type { CachedSummary, LlmStore, UsageTotal } from '../ports/llm-store.ts';

/** The LLM cache and usage ledger over the shared SQLite handle (tables from migration 10). */
export function createSqliteLlmStore(db: SqliteDatabase): LlmStore {
  const getCached = db.prepare(
    'SELECT key, workspace, prompt, model, output, created_at FROM llm_cache WHERE workspace = ? AND key = ?',
  );
  const putCached = db.prepare(
    `INSERT INTO llm_cache (key, workspace, prompt, model, output, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (workspace, key) DO UPDATE SET prompt = excluded.prompt, model = excluded.model,
       output = excluded.output, created_at = excluded.created_at`,
  );
  const expire = db.prepare('DELETE FROM llm_cache WHERE created_at < ?');
  const insertUsage = db.prepare(
    `INSERT INTO llm_usage (workspace, at, prompt, model, prompt_tokens, completion_tokens, cost_usd, outcome)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const usedSince = db.prepare(
    'SELECT coalesce(sum(prompt_tokens + completion_tokens), 0) AS n FROM llm_usage WHERE workspace = ? AND at >= ?',
  );
  const totals = db.prepare(
    `SELECT strftime('%Y-%m-%d', at / 1000, 'unixepoch') AS day, model, count(*) AS requests,
            sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens,
            coalesce(sum(cost_usd), 0) AS cost_usd
     FROM llm_usage WHERE workspace = ? AND at >= ? GROUP BY day, model ORDER BY day DESC, model`,
  );

  return {
    async getCached(workspace, key) {
      const r = getCached.get(workspace, key) as
        | { key: string; workspace: string; prompt: string; model: string; output: string; created_at: number }
        | undefined;
      if (!r) return null;
      const entry: CachedSummary = {
        key: r.key,
        workspace: r.workspace,
        prompt: r.prompt,
        model: r.model,
        output: r.output,
        createdAt: new Date(r.created_at),
      };
      return entry;
    },

    async putCached(entry, expireBefore) {
      db.transaction(() => {
        if (expireBefore) expire.run(expireBefore.getTime());
        putCached.run(entry.key, entry.workspace, entry.prompt, entry.model, entry.output, entry.createdAt.getTime());
      })();
    },

    async recordUsage(u) {
      insertUsage.run(u.workspace, u.at.getTime(), u.prompt, u.model, u.promptTokens, u.completionTokens, u.costUsd, u.outcome);
    },

    async tokensUsedSince(workspace, since) {
      return (usedSince.get(workspace, since.getTime()) as { n: number }).n;
    },

    async usageTotals(workspace, since) {
      const rows = totals.all(workspace, since.getTime()) as {
        day: string;
        model: string;
        requests: number;
        prompt_tokens: number;
        completion_tokens: number;
        cost_usd: number;
      }[];
      return rows.map(
        (r): UsageTotal => ({
          day: r.day,
          model: r.model,
          requests: r.requests,
          promptTokens: r.prompt_tokens,
          completionTokens: r.completion_tokens,
          costUsd: r.cost_usd,
        }),
      );
    },
  };
}
