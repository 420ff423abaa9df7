import { UserError } from './errors.ts';

/**
 * Time budgets for the summarizing step of a request. A timer cannot interrupt a synchronous loop, so the CPU-heavy
 * loops (ranking, grouping, selection, context packing) call {@link Deadline.check} as they go, and async work
 * (the LLM call) is given what is left. Pure: the clock is injected.
 */

/** A request (or one stage of it) ran past its time budget. */
export class BudgetExceededError extends UserError {
  /** The budget that ran out, in ms. */
  readonly budgetMs: number;
  /** The loop that noticed ("ranking", "grouping", …), for the log. */
  readonly stage: string;

  constructor(budgetMs: number, stage: string) {
    super(
      'summary.over_budget',
      `Writing this summary took longer than its ${formatSeconds(budgetMs)} limit, so it was stopped.`,
      { hint: 'Try a shorter window (for example --since 24h) or a more specific story or query.' },
    );
    this.budgetMs = budgetMs;
    this.stage = stage;
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

/** A point in time work must finish by. */
export interface Deadline {
  /** The whole budget in ms (for messages). */
  readonly budgetMs: number;
  /** Milliseconds left; zero or less once past. */
  remaining(): number;
  /** Throws {@link BudgetExceededError} once past; `stage` names the caller's loop. */
  check(stage: string): void;
}

/** A deadline `budgetMs` from now on the given monotonic clock (milliseconds). */
export function createDeadline(budgetMs: number, now: () => number): Deadline {
  const at = now() + budgetMs;
  return {
    budgetMs,
    remaining: () => at - now(),
    check(stage) {
      if (now() >= at) throw new BudgetExceededError(budgetMs, stage);
    },
  };
}

/** No limit: for callers outside a request (evaluation, benchmarks) and as a default. */
export const UNLIMITED: Deadline = {
  budgetMs: Infinity,
  remaining: () => Infinity,
  check() {},
};
