import { createInterface } from 'node:readline';
import type { Command, CommandServices } from '../../../commands/command.ts';
import { helpReply } from '../../../commands/help.ts';
import { resolveChatLine } from '../../../commands/parse.ts';
import { replyForError } from '../../chat/error-reply.ts';
import { renderMarkdown } from '../../chat/markdown-renderer.ts';
import type { Reply } from '../../chat/reply.ts';
import type { Logger } from '../../core/logger.ts';

/** What the console chat needs. */
export interface ConsoleChatDeps {
  /** Commands (the shared registry). */
  commands: readonly Command[];
  /** Services for commands. */
  services: CommandServices;
  /** Workspace. */
  workspace: string;
  /** Logger (errors are logged with a reference id). */
  logger: Logger;
  /** Input lines. */
  input: NodeJS.ReadableStream;
  /** Output. */
  output: { write(chunk: string): unknown };
  /** Interactive terminal: show a prompt and a greeting. */
  interactive: boolean;
  /** Extra greeting lines (e.g. "loaded the demo corpus"). */
  greeting?: string[];
  /** Ends the chat early (as if the input had ended), e.g. when the process is asked to stop. */
  signal?: AbortSignal;
}

function help(commands: readonly Command[]): Reply {
  return helpReply(commands, 'Type a command with or without the slash; /help shows this list and /quit leaves.');
}

/**
 * The local chat: reads lines, runs `/command args` (or `command args`) through the shared registry, treats any other
 * text as a question, and prints replies as Markdown. Without a terminal it reads commands line by line, so it can be
 * scripted through a pipe. Resolves when input ends or the user types /quit.
 */
export async function runConsoleChat(deps: ConsoleChatDeps): Promise<void> {
  const { commands, output } = deps;
  const rl = createInterface({ input: deps.input, terminal: false });
  const close = (): void => rl.close();
  deps.signal?.addEventListener('abort', close, { once: true });
  const prompt = (): void => {
    if (deps.interactive) output.write('sitrep> ');
  };
  if (deps.interactive) {
    output.write(`${[...(deps.greeting ?? []), 'Type /help for commands, /quit to leave.'].join('\n')}\n`);
  }
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (!line) {
      prompt();
      continue;
    }
    if (/^\/?(quit|exit)$/i.test(line)) break;
    if (/^\/?help$/i.test(line)) {
      output.write(`${renderMarkdown(help(commands), { plain: true })}\n`);
      prompt();
      continue;
    }
    let text: string;
    try {
      text = renderMarkdown(await runLine(deps, line), { plain: true });
    } catch (err) {
      // Rendering is inside the guard too: one bad reply must not end the chat.
      text = renderMarkdown(replyForError(err, deps.logger, { line: line.slice(0, 200) }), { plain: true });
    }
    output.write(`${text}\n`);
    prompt();
  }
  deps.signal?.removeEventListener('abort', close);
  rl.close();
}

/**
 * One line: `/name args` runs a command; `name args` without the slash runs it too unless it does not parse as that
 * command, in which case (like any other text) it is a question.
 */
async function runLine(deps: ConsoleChatDeps, line: string): Promise<Reply> {
  const resolved = resolveChatLine(deps.commands, line);
  if (!resolved) return help(deps.commands);
  return resolved.command.run(resolved.options, {
    workspace: deps.workspace,
    user: { id: 'console' },
    channel: { platform: 'console', id: 'console' },
    services: deps.services,
  });
}
