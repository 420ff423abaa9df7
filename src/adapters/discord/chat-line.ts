import type { Command } from '../../../commands/command.ts';
import { helpReply } from '../../../commands/help.ts';
import { resolveChatLine as sharedResolveChatLine, type ChatLine } from '../../../commands/parse.ts';
import type { Reply } from '../../chat/reply.ts';

/** A line of chat resolved to a command and its options (shared with every chat adapter). */
export type ResolvedLine = ChatLine;

/** Resolves the text of a DM or a mention; see {@link sharedResolveChatLine}. */
export function resolveChatLine(commands: readonly Command[], text: string): ResolvedLine | null {
  return sharedResolveChatLine(commands, text);
}

/** The help reply for DMs and mentions. */
export function chatHelp(commands: readonly Command[]): Reply {
  return helpReply(commands, 'Use the slash commands, or write one here without the slash (e.g. "brief syria").');
}
