import type { Reply } from '../../chat/reply.ts';
import { renderMarkdown } from '../../chat/markdown-renderer.ts';
import { isUserError } from '../../core/errors.ts';
import { publicError } from '../../core/public-error.ts';
import type { Logger } from '../../core/logger.ts';
import { UsageError } from '../../../commands/parse.ts';

/** Where CLI output goes. */
export interface CliIO {
  /** Results. */
  stdout: { write(chunk: string): unknown };
  /** Errors, progress. */
  stderr: { write(chunk: string): unknown };
  /** Whether stderr is a terminal (progress bars only then). */
  stderrIsTTY: boolean;
}

/** Output format of reporting commands. */
export type Format = 'md' | 'json';

/** Exit codes. */
export const EXIT = { ok: 0, userError: 1, usage: 2, internal: 70, config: 78 } as const;

/** Prints a reply in the chosen format. */
export function printReply(reply: Reply, format: Format, io: CliIO): void {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(reply.data ?? { title: reply.title, blocks: reply.blocks }, null, 2)}\n`);
  } else {
    io.stdout.write(renderMarkdown(reply, { plain: true }));
  }
}

/** Prints an error to stderr and returns the exit code for it. */
export function printError(err: unknown, format: Format, io: CliIO, logger: Logger): number {
  if (isUserError(err)) {
    if (format === 'json') {
      io.stderr.write(`${JSON.stringify({ error: err.message, code: err.code, ...(err.hint ? { hint: err.hint } : {}) })}\n`);
    } else {
      io.stderr.write(`sitrep: ${err.message}\n${err.hint ? `${err.hint}\n` : ''}`);
    }
    return err instanceof UsageError ? EXIT.usage : EXIT.userError;
  }
  // The terminal's user runs Sitrep, so the internal case also names the error itself (the log has the stack).
  const { ref } = publicError(err, logger);
  const message = `Unexpected error (reference ${ref}): ${(err as Error)?.message ?? String(err)}`;
  io.stderr.write(format === 'json' ? `${JSON.stringify({ error: message, code: 'internal', ref })}\n` : `sitrep: ${message}\n`);
  return EXIT.internal;
}
