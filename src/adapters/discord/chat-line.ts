import type { Command, OptionValues } from '../../../commands/command.ts';
import { coerceOptions, parseCommandText, UsageError } from '../../../commands/parse.ts';
import type { Reply } from '../../chat/reply.ts';
import { UserError } from '../../core/errors.ts';

/** A line of chat resolved to a command and its options. */
export interface ResolvedLine {
  /** The command to run (`ask` for a question). */
  command: Command;
  /** Validated options. */
  options: OptionValues;
}

/**
 * Resolves the text of a DM or a mention: `/name args` or `name args` runs that command, anything else is a question
 * for `ask`. Without the slash, words that do not parse as the command ("stories about syria?") are a question too; a
 * bare command word stays a command. Returns null for an empty line or `help`.
 */
export function resolveChatLine(commands: readonly Command[], text: string): ResolvedLine | null {
  const line = text.trim();
  if (!line || /^\/?help$/i.test(line)) return null;
  const [first = '', ...restWords] = line.split(/\s+/);
  const explicit = first.startsWith('/');
  const command = commands.find((c) => c.name === first.replace(/^\//, '').toLowerCase());
  if (explicit && !command) {
    throw new UserError('command.unknown', `Unknown command ${first.slice(0, 40)}.`, { hint: 'Send "help" for the list.' });
  }
  if (command) {
    try {
      return { command, options: coerceOptions(command, parseCommandText(command, restWords.join(' '))) };
    } catch (err) {
      if (explicit || restWords.length === 0 || !(err instanceof UsageError)) throw err;
    }
  }
  const ask = commands.find((c) => c.name === 'ask');
  if (!ask) throw new UserError('command.unknown', 'Questions are not available.');
  return { command: ask, options: coerceOptions(ask, { question: line }) };
}

/** The help reply for DMs and mentions. */
export function chatHelp(commands: readonly Command[]): Reply {
  return {
    visibility: 'private',
    title: 'Sitrep commands',
    blocks: [
      { type: 'text', text: 'Use the slash commands, or write one here without the slash (e.g. "brief syria"). Anything else is a question.' },
      { type: 'list', items: commands.map((c) => `/${c.usage} — ${c.description}`) },
    ],
  };
}
