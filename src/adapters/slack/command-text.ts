import type { Command, OptionValues } from '../../../commands/command.ts';
import { coerceOptions, parseCommandText, UsageError } from '../../../commands/parse.ts';
import { UserError } from '../../core/errors.ts';

/**
 * Turns Slack's wire text into what the user typed: `&lt;`/`&gt;`/`&amp;` decoded, links, user, channel and special
 * mentions replaced by their readable labels. Slash-command text and message text both arrive in this form.
 */
export function slackToPlain(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_m, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : target;
      if (target.startsWith('#')) return label ? `#${label}` : target;
      if (target.startsWith('!')) {
        if (label) return label;
        const word = target.slice(1).split('^')[0] ?? '';
        return `@${word}`;
      }
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Removes mentions of the bot (`<@U…>`) from message text, so "@Sitrep brief syria" reads "brief syria". */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text.trim();
  const mention = new RegExp(`<@${botUserId.replace(/[^A-Z0-9]/gi, '')}(?:\\|[^>]*)?>`, 'g');
  return text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}

/** Parses a slash command's text into validated options. Throws UsageError (with the usage line) on bad input. */
export function parseSlashText(command: Command, text: string): OptionValues {
  return coerceOptions(command, parseCommandText(command, slackToPlain(text ?? '')));
}

/** What a DM or a mention asks for. */
export type MessageIntent =
  | { kind: 'help' }
  | { kind: 'command'; command: Command; options: OptionValues; question: boolean };

const MAX_MESSAGE = 2000;

/**
 * Reads a DM or a mention (already plain text): `/brief syria` or `brief syria` runs a command; a command word
 * followed by text that does not parse as that command ("stories about sudan?") is a question, like any other text;
 * an empty message or `help` asks for help. Throws UserError for an unknown `/command` or a bare command word with
 * bad options, so the user sees the usage line.
 */
export function interpretMessage(commands: readonly Command[], text: string): MessageIntent {
  const line = text.trim();
  if (!line || /^\/?help[.!?]?$/i.test(line)) return { kind: 'help' };
  if (line.length > MAX_MESSAGE) {
    throw new UserError('message.too_long', `That message is too long (${line.length} characters); keep it under ${MAX_MESSAGE}.`);
  }
  const [first = '', ...restWords] = line.split(/\s+/);
  const explicit = first.startsWith('/');
  const command = commands.find((c) => c.name === first.replace(/^\//, '').toLowerCase());
  if (explicit && !command) {
    throw new UserError('command.unknown', `Unknown command ${first.slice(0, 40)}.`, { hint: 'Send "help" for the list.' });
  }
  if (command) {
    try {
      return { kind: 'command', command, options: coerceOptions(command, parseCommandText(command, restWords.join(' '))), question: false };
    } catch (err) {
      if (explicit || restWords.length === 0 || !(err instanceof UsageError)) throw err;
    }
  }
  const ask = commands.find((c) => c.name === 'ask');
  if (!ask) throw new UserError('command.unknown', 'Questions are not available here.');
  return { kind: 'command', command: ask, options: coerceOptions(ask, { question: [line] }), question: true };
}
