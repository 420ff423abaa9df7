import type { Command, OptionValues } from '../../../commands/command.ts';
import { coerceOptions, parseCommandText, resolveChatLine } from '../../../commands/parse.ts';
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
  const resolved = resolveChatLine(commands, line);
  return resolved ? { kind: 'command', ...resolved } : { kind: 'help' };
}
