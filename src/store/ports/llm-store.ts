import type { WorkspaceId } from '../../core/article.ts';

/** A cached LLM result. */
export interface CachedSummary {
  /** Cache key (see the LLM summarizer: prompt id@version, model, request shape, source ids and content hashes). */
  key: string;
  /** Workspace whose articles it was written from. */
  workspace: WorkspaceId;
  /** Prompt `id@version`. */
  prompt: string;
  /** Model name. */
  model: string;
  /** The stored result as JSON text (the summarizer owns its shape). */
  output: string;
  /** When it was written. */
  createdAt: Date;
}

/** One LLM request's token usage. */
export interface UsageRecord {
  /** Workspace charged. */
  workspace: WorkspaceId;
  /** When the request finished. */
  at: Date;
  /** Prompt `id@version`. */
  prompt: string;
  /** Model name. */
  model: string;
  /** Input tokens (as reported by the server, else counted locally). */
  promptTokens: number;
  /** Output tokens. */
  completionTokens: number;
  /** Estimated cost in US dollars, when the model's price is known. */
  costUsd: number | null;
  /** `ok` (used), `invalid` (output rejected), `truncated` (cut at the output limit). */
  outcome: 'ok' | 'invalid' | 'truncated';
}

/** Usage totals for one UTC day and model. */
export interface UsageTotal {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** Model name. */
  model: string;
  /** Requests made. */
  requests: number;
  /** Input tokens. */
  promptTokens: number;
  /** Output tokens. */
  completionTokens: number;
  /** Estimated cost in US dollars (unknown prices count as 0). */
  costUsd: number;
}

/** Storage for the LLM engine: the result cache and the usage ledger. */
export interface LlmStore {
  /** The cached result under a key, if any. */
  getCached(workspace: WorkspaceId, key: string): Promise<CachedSummary | null>;
  /** Stores (or replaces) a result and forgets entries older than `expireBefore`. */
  putCached(entry: CachedSummary, expireBefore?: Date): Promise<void>;
  /** Records one request's usage. */
  recordUsage(record: UsageRecord): Promise<void>;
  /** Tokens (input + output) a workspace used since a time. */
  tokensUsedSince(workspace: WorkspaceId, since: Date): Promise<number>;
  /** Per-day, per-model totals since a time, newest day first. */
  usageTotals(workspace: WorkspaceId, since: Date): Promise<UsageTotal[]>;
}
