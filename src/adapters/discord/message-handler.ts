import type { Message } from 'discord.js';
import { renderDiscord } from '../../chat/discord-renderer.ts';
import { sendDiscordChart } from './discord-chart.ts';
import { replyForError } from '../../chat/error-reply.ts';
import type { Reply } from '../../chat/reply.ts';
import type { ThreadContext } from '../../core/thread-context.ts';
import { chatHelp, resolveChatLine } from './chat-line.ts';
import { rememberThread, runInvocation, type DiscordHandlerDeps } from './command-runner.ts';
import { workspaceFor } from './workspace.ts';
import { followUpOptions } from '../../../commands/follow-up.ts';

/** Replies quote nobody into a ping, not even the person asked (`replied_user: false`). */
const NO_MENTIONS = { parse: [] as never[], repliedUser: false };

/** The text of a message addressed to the bot, or null when it is not: a DM, or a server message mentioning the bot. */
export function addressedText(message: Pick<Message, 'content' | 'guildId'>, botUserId: string): string | null {
  const mention = new RegExp(`<@!?${botUserId}>`, 'g');
  if (message.guildId !== null && !mention.test(message.content)) return null;
  return message.content.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}

const DM_HINT =
  'Direct messages read your own Sitrep workspace, not a server\'s. To ask about a server\'s articles, use /ask in ' +
  'that server: the answer is shown only to you.';

/**
 * Handles a DM to the bot or a server message that mentions it: a command without the slash, or else a question.
 * Messages from bots (this one included), webhooks and system messages are ignored, so two bots can never talk in a
 * loop. Without the privileged Message Content intent Discord still delivers the text of DMs and of messages that
 * mention the bot, which is all this needs.
 */
export async function handleMessage(message: Message, deps: DiscordHandlerDeps & { botUserId: string }): Promise<void> {
  if (message.author.bot || message.system || message.webhookId || message.author.id === deps.botUserId) return;
  // A reply to one of the bot's briefs, or a message in a thread started from one, is a follow-up about that brief.
  const context = await threadOf(message, deps);
  const text = context ? message.content.replace(new RegExp(`<@!?${deps.botUserId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim() : addressedText(message, deps.botUserId);
  if (text === null || (context && !text)) return;
  const log = deps.logger.child({ message: message.id, guild: message.guildId });
  const inDm = message.guildId === null;
  let reply: Reply;
  let reading = false;
  try {
    const resolved = resolveChatLine(deps.commands, text);
    if (!resolved) {
      reply = chatHelp(deps.commands);
    } else {
      reading = !resolved.command.mutates;
      const followUp = context && resolved.question ? followUpOptions(context) : {};
      if (message.channel.isSendable()) void message.channel.sendTyping().catch(() => undefined);
      reply = await runInvocation(deps, {
        ...resolved,
        options: { ...resolved.options, ...followUp },
        workspace: workspaceFor({ guildId: message.guildId, userId: message.author.id }),
        user: { id: message.author.id, name: message.author.username },
        channelId: message.channelId,
        // A member the cache cannot resolve has no known permissions: state-changing commands are refused.
        memberPermissions: inDm ? null : (message.member?.permissions.bitfield ?? 0n),
      });
    }
  } catch (err) {
    reply = replyForError(err, log, { guild: message.guildId });
  }
  if (inDm && reading && !(reply.sources && reply.sources.length > 0)) {
    // An empty answer in a DM most likely means the user expected their server's articles: say where to ask.
    reply = { ...reply, blocks: [...reply.blocks, { type: 'notice', tone: 'info', text: DM_HINT }] };
  }
  try {
    const [first, ...rest] = renderDiscord(reply, { maxMessages: deps.maxMessages });
    const posted = await message.reply({ embeds: first!.embeds, allowedMentions: NO_MENTIONS, failIfNotExists: false });
    if (reply.thread) await rememberThread(deps, posted.id, reply.thread, log);
    for (const m of rest) {
      if (message.channel.isSendable()) await message.channel.send({ embeds: m.embeds, allowedMentions: NO_MENTIONS });
    }
  } catch (err) {
    // Missing permissions to post here (50013) and the like: log once, never retry into a burst of 403s.
    log.warn({ err }, 'could not reply to a message');
    return;
  }
  const channel = message.channel;
  if (reply.chart && channel.isSendable()) {
    await sendDiscordChart((file) => channel.send({ files: [file], allowedMentions: NO_MENTIONS }), reply.chart, log);
  }
}

/** The brief a message replies to, or whose thread it is in; null when none, or when the lookup fails (logged). */
async function threadOf(message: Message, deps: DiscordHandlerDeps): Promise<ThreadContext | null> {
  try {
    return (await deps.threads.recall(message.reference?.messageId)) ?? (await deps.threads.recall(message.channelId));
  } catch (err) {
    deps.logger.warn({ err, message: message.id }, 'could not look up the brief this message follows; answering it as a plain message');
    return null;
  }
}
