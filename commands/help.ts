import type { Reply } from '../src/chat/reply.ts';
import type { Command } from './command.ts';

/** One row per command, as every help screen lists them: its usage line and what it does. */
export function commandRows(commands: readonly Command[]): { usage: string; description: string }[] {
  return commands.map((c) => ({ usage: c.usage, description: c.description }));
}

/**
 * The help reply of a chat (a Slack or Discord DM or mention, the console chat): every command, then how to type
 * them in that place, which is the one thing that differs between platforms.
 */
export function helpReply(commands: readonly Command[], howToType: string): Reply {
  return {
    visibility: 'private',
    title: 'Sitrep commands',
    blocks: [
      { type: 'list', items: commandRows(commands).map((c) => `/${c.usage} — ${c.description}`) },
      { type: 'text', text: `${howToType} Anything else is a question, answered from the stored articles with sources.` },
    ],
  };
}
