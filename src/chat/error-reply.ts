import { BudgetExceededError } from '../core/deadline.ts';
import { isUserError, newReferenceId } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { errorReply, type Reply } from './reply.ts';

/**
 * Turns any error into a reply: a UserError's own message, or for anything else a short apology with a reference id
 * that is also logged with the full error, so support can find it without users ever seeing internals. A request
 * stopped at its time limit is the user's clear message, and also logged (with a reference id) because an operator
 * wants to know which requests run that long.
 */
export function replyForError(err: unknown, logger: Logger, context: Record<string, unknown> = {}): Reply {
  if (err instanceof BudgetExceededError) {
    const ref = newReferenceId();
    logger.warn({ ref, code: err.code, stage: err.stage, budgetMs: err.budgetMs, ...context }, 'request over its time limit');
    return errorReply(err.message, `${err.hint ?? ''} (reference ${ref})`.trim());
  }
  if (isUserError(err)) return errorReply(err.message, err.hint);
  const ref = newReferenceId();
  logger.error({ err, ref, ...context }, 'command failed');
  return errorReply(`Sorry, something went wrong on our side (reference ${ref}).`, undefined);
}
