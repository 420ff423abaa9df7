import { BudgetExceededError } from './deadline.ts';
import { isUserError, newReferenceId } from './errors.ts';
import type { Logger } from './logger.ts';

/** What a failure may show the person who caused it. */
export interface PublicError {
  /** The UserError's own message, or a short apology that quotes {@link ref}. */
  message: string;
  /** The UserError's hint, when it has one. */
  hint: string | undefined;
  /** Stable code (`internal` for anything that is not a UserError). */
  code: string;
  /** Reference id of the log line, set when the failure was logged (not the user's fault, or over its time limit). */
  ref: string | undefined;
}

/**
 * The one place that decides what a user sees of an error, for every adapter (chat replies, the CLI, MCP tool calls)
 * and for failures recorded as text (feed polls, sources): a UserError speaks for itself; anything else is logged in
 * full with a reference id and shown only as an apology quoting it, so internals never reach a user. A request stopped
 * at its time limit is the user's clear message but is also logged, because an operator wants to know which requests
 * run that long. `apology` words the internal case for its place ("Sorry, something went wrong on our side").
 */
export function publicError(
  err: unknown,
  logger: Logger,
  context: Record<string, unknown> = {},
  options: { logMessage?: string; apology?: string } = {},
): PublicError {
  if (err instanceof BudgetExceededError) {
    const ref = newReferenceId();
    logger.warn({ ref, code: err.code, stage: err.stage, budgetMs: err.budgetMs, ...context }, 'request over its time limit');
    return { message: err.message, hint: `${err.hint ?? ''} (reference ${ref})`.trim(), code: err.code, ref };
  }
  if (isUserError(err)) return { message: err.message, hint: err.hint, code: err.code, ref: undefined };
  const ref = newReferenceId();
  logger.error({ err, ref, ...context }, options.logMessage ?? 'command failed');
  const apology = options.apology ?? 'Sorry, something went wrong on our side';
  return { message: `${apology} (reference ${ref}).`, hint: undefined, code: 'internal', ref };
}
