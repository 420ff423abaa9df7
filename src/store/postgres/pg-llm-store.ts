import type { LlmStore, UsageTotal } from '../ports/llm-store.ts';
import { inTransaction, type PgPool } from './pg-database.ts';

interface CacheRow {
  key: string;
  workspace: string;
  prompt: string;
  model: string;
  output: string;
  created_at: number;
}

/** The LLM result cache and usage ledger on PostgreSQL (shared by every instance, so one budget holds for all). */
export function createPgLlmStore(pool: PgPool): LlmStore {
  return {
    async getCached(workspace, key) {
      const r = (
        await pool.query<CacheRow>('SELECT key, workspace, prompt, model, output, created_at FROM llm_cache WHERE workspace = $1 AND key = $2', [
          workspace,
          key,
        ])
      ).rows[0];
      if (!r) return null;
      return { key: r.key, workspace: r.workspace, prompt: r.prompt, model: r.model, output: r.output, createdAt: new Date(r.created_at) };
    },

    async putCached(entry, expireBefore) {
      await inTransaction(pool, async (client) => {
        if (expireBefore) await client.query('DELETE FROM llm_cache WHERE created_at < $1', [expireBefore.getTime()]);
        await client.query(
          `INSERT INTO llm_cache (key, workspace, prompt, model, output, created_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (workspace, key) DO UPDATE SET prompt = excluded.prompt, model = excluded.model,
             output = excluded.output, created_at = excluded.created_at`,
          [entry.key, entry.workspace, entry.prompt, entry.model, entry.output, entry.createdAt.getTime()],
        );
      });
    },

    async recordUsage(u) {
      await pool.query(
        `INSERT INTO llm_usage (workspace, at, prompt, model, prompt_tokens, completion_tokens, cost_usd, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [u.workspace, u.at.getTime(), u.prompt, u.model, u.promptTokens, u.completionTokens, u.costUsd, u.outcome],
      );
    },

    async tokensUsedSince(workspace, since) {
      const r = await pool.query<{ n: number }>(
        'SELECT coalesce(sum(prompt_tokens + completion_tokens), 0) AS n FROM llm_usage WHERE workspace = $1 AND at >= $2',
        [workspace, since.getTime()],
      );
      return r.rows[0]!.n;
    },

    async usageTotals(workspace, since) {
      const r = await pool.query<{ day: string; model: string; requests: number; prompt_tokens: number; completion_tokens: number; cost_usd: number }>(
        `SELECT to_char(to_timestamp(at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, model, count(*) AS requests,
                sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens, coalesce(sum(cost_usd), 0) AS cost_usd
         FROM llm_usage WHERE workspace = $1 AND at >= $2 GROUP BY day, model ORDER BY day DESC, model`,
        [workspace, since.getTime()],
      );
      return r.rows.map(
        (row): UsageTotal => ({
          day: row.day,
          model: row.model,
          requests: row.requests,
          promptTokens: row.prompt_tokens,
          completionTokens: row.completion_tokens,
          costUsd: row.cost_usd,
        }),
      );
    },
  };
}
