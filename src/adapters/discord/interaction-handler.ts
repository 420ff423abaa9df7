import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { coerceOptions } from '../../../commands/parse.ts';
import { renderDiscord } from '../../chat/discord-renderer.ts';
import { replyForError } from '../../chat/error-reply.ts';
import type { Reply } from '../../chat/reply.ts';
import { UserError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { sendDiscordChart } from './discord-chart.ts';
import { checkPermission, rememberThread, runInvocation, type DiscordHandlerDeps, type Invocation } from './command-runner.ts';
import { rawOptionsFrom } from './interaction-options.ts';
import { workspaceFor } from './workspace.ts';

const NO_MENTIONS = { parse: [] as never[] };

/**
 * Handles a slash command. Bad input and missing permissions are answered at once (ephemeral); otherwise the
 * interaction is deferred before any slow work — ephemeral for private commands — so the 3-second deadline never
 * depends on the summarizer, then the reply replaces the "thinking…" message, with follow-ups for long replies.
 */
export async function handleChatInput(interaction: ChatInputCommandInteraction, deps: DiscordHandlerDeps): Promise<void> {
  const log = deps.logger.child({ interaction: interaction.id, command: interaction.commandName, guild: interaction.guildId });
  let inv: Invocation;
  try {
    const command = deps.commands.find((c) => c.name === interaction.commandName);
    if (!command) {
      throw new UserError('command.unknown', `/${interaction.commandName} is not a Sitrep command any more.`, {
        hint: 'The server may need the commands registered again (npm run discord:register).',
      });
    }
    inv = {
      command,
      options: coerceOptions(command, rawOptionsFrom(command, interaction.options.data)),
      workspace: workspaceFor({ guildId: interaction.guildId, userId: interaction.user.id }),
      user: { id: interaction.user.id, name: interaction.user.username },
      channelId: interaction.channelId,
      memberPermissions: interaction.inGuild() ? (interaction.memberPermissions?.bitfield ?? 0n) : null,
    };
    checkPermission(deps, inv);
  } catch (err) {
    // Fast refusals need no deferral: answer privately within the deadline.
    const [first] = renderDiscord(replyForError(err, log), { maxMessages: 1 });
    await interaction
      .reply({ embeds: first!.embeds, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral })
      .catch((e: unknown) => log.warn({ err: e }, 'could not answer the interaction'));
    return;
  }

  const ephemeral = inv.command.visibility === 'private';
  try {
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  } catch (err) {
    // Usually an expired interaction (10062). Retrying would only add invalid requests.
    log.warn({ err }, 'could not defer the interaction');
    return;
  }

  let reply: Reply;
  try {
    reply = await runInvocation(deps, inv);
  } catch (err) {
    reply = replyForError(err, log, { workspace: inv.workspace });
  }
  try {
    await deliver(interaction, reply, ephemeral, deps, log);
  } catch (err) {
    log.error({ err }, 'could not deliver the reply');
    return;
  }
  // The chart follows the text as an attachment, best-effort.
  if (reply.chart && reply.visibility === 'public') {
    await sendDiscordChart(
      (file) => interaction.followUp({ files: [file], allowedMentions: NO_MENTIONS, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) }),
      reply.chart,
      log,
    );
  }
}

async function deliver(
  interaction: ChatInputCommandInteraction,
  reply: Reply,
  ephemeral: boolean,
  { maxMessages, threads }: Pick<DiscordHandlerDeps, 'maxMessages' | 'threads'>,
  log: Logger,
): Promise<void> {
  const messages = renderDiscord(reply, { maxMessages });
  if (reply.visibility === 'private' && !ephemeral) {
    // An error (or private answer) after a public deferral: remove the public placeholder and answer privately.
    await interaction.deleteReply();
    for (const m of messages) {
      await interaction.followUp({ embeds: m.embeds, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
    }
    return;
  }
  const [first, ...rest] = messages;
  const posted = await interaction.editReply({ embeds: first!.embeds, allowedMentions: NO_MENTIONS });
  if (reply.thread) await rememberThread({ threads }, posted.id, reply.thread, log);
  for (const m of rest) {
    await interaction.followUp({
      embeds: m.embeds,
      allowedMentions: NO_MENTIONS,
      ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    });
  }
}
