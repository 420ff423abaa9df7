import { UsageError } from '../../../commands/parse.ts';
import type { LlmStore } from '../../store/ports/llm-store.ts';
import type { CliCommand } from './cli-command.ts';
import { EXIT } from './output.ts';

/** What `sitrep usage` reports besides the ledger. */
export interface UsageCliOptions {
  /** Usage ledger. */
  store: LlmStore;
  /** Current time. */
  clock: () => Date;
  /** Model in use, or undefined when the LLM engine is off. */
  model: string | undefined;
  /** Daily token budget per workspace, if any. */
  dailyTokens: number | undefined;
}

const DAY = 86_400_000;

/** `sitrep usage [--days N]`: LLM tokens and estimated cost of a workspace, per UTC day and model. */
export function usageCli(options: UsageCliOptions): CliCommand {
  return {
    name: 'usage',
    summary: 'LLM token usage and estimated cost of the workspace, per day and model',
    usage: 'sitrep usage [--days 7]',
    async run(args, deps, io) {
      let days = 7;
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        const value = a.startsWith('--days=') ? a.slice(7) : a === '--days' ? args[++i] : undefined;
        if (value === undefined) throw new UsageError(`Unknown argument "${a}". Usage: sitrep usage [--days 7]`);
        days = Number(value);
        if (!Number.isInteger(days) || days < 1 || days > 366) {
          throw new UsageError(`--days must be a whole number from 1 to 366, got "${value}".`);
        }
      }
      const now = options.clock();
      const today = new Date(Math.floor(now.getTime() / DAY) * DAY);
      const since = new Date(today.getTime() - (days - 1) * DAY);
      const totals = await options.store.usageTotals(deps.workspace, since);
      const usedToday = await options.store.tokensUsedSince(deps.workspace, today);
      const sum = totals.reduce(
        (acc, t) => ({
          requests: acc.requests + t.requests,
          promptTokens: acc.promptTokens + t.promptTokens,
          completionTokens: acc.completionTokens + t.completionTokens,
          costUsd: acc.costUsd + t.costUsd,
        }),
        { requests: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
      );
      const data = {
        workspace: deps.workspace,
        engine: options.model ? `llm:${options.model}` : 'extractive',
        since: since.toISOString(),
        days: totals,
        total: sum,
        today: { tokens: usedToday, dailyBudget: options.dailyTokens ?? null },
      };
      if (deps.format === 'json') {
        io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
        return EXIT.ok;
      }
      const lines = [`LLM usage of workspace "${deps.workspace}" since ${since.toISOString().slice(0, 10)} (UTC days)`];
      if (!options.model) lines.push('The LLM engine is off (set OPENAI_API_KEY or OPENAI_BASE_URL); briefs are extractive.');
      if (totals.length === 0) lines.push('No LLM requests recorded.');
      for (const t of totals) {
        lines.push(
          `${t.day}  ${t.model}  ${t.requests} request${t.requests === 1 ? '' : 's'}  ` +
            `${t.promptTokens.toLocaleString('en')} in / ${t.completionTokens.toLocaleString('en')} out  ~$${t.costUsd.toFixed(4)}`,
        );
      }
      if (totals.length > 1) {
        lines.push(
          `total  ${sum.requests} requests  ${sum.promptTokens.toLocaleString('en')} in / ` +
            `${sum.completionTokens.toLocaleString('en')} out  ~$${sum.costUsd.toFixed(4)}`,
        );
      }
      lines.push(
        options.dailyTokens
          ? `Today: ${usedToday.toLocaleString('en')} of ${options.dailyTokens.toLocaleString('en')} tokens (daily budget).`
          : `Today: ${usedToday.toLocaleString('en')} tokens (no daily budget).`,
      );
      io.stdout.write(`${lines.join('\n')}\n`);
      return EXIT.ok;
    },
  };
}
