import type { Logger } from '../core/logger.ts';
import { publicError } from '../core/public-error.ts';
import { errorReply, type Reply } from './reply.ts';

/**
 * Turns any error into a reply, with what {@link publicError} allows the user to see: a UserError's own message, or
 * a short apology with the reference id of the log line that holds the full error.
 */
export function replyForError(err: unknown, logger: Logger, context: Record<string, unknown> = {}): Reply {
  const shown = publicError(err, logger, context);
  return errorReply(shown.message, shown.hint);
}
