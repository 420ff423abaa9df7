import type { Command, CommandServices, OptionValues } from '../../../commands/command.ts';
import type { Reply } from '../../chat/reply.ts';
import type { WorkspaceId } from '../../core/article.ts';
import { UserError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { ThreadContext, ThreadMemory } from '../../core/thread-context.ts';
import { mayManage } from './permissions.ts';

/** What every Discord handler needs. */
export interface DiscordHandlerDeps {
  /** The shared command registry. */
  commands: readonly Command[];
  /** Services for commands. */
  services: CommandServices;
  /** Logger; failures are logged with a reference id. */
  logger: Logger;
  /** Permission bits needed for state-changing commands in a server, or null for everyone. */
  managePermissions: bigint | null;
  /** How the required permissions read to a person ("Manage Server"). */
  manageLabel: string;
  /** Most messages one reply may take (the rest is cut with "…and N more"). */
  maxMessages: number;
  /** Posted briefs by message id, so a reply to one (or a message in a thread started from one) is a follow-up. */
  threads: ThreadMemory;
}

/** Remembers what a posted brief was about; a failure (the database away) is logged, never fails the reply. */
export async function rememberThread(deps: Pick<DiscordHandlerDeps, 'threads'>, messageId: string, context: ThreadContext, log: Logger): Promise<void> {
  try {
    await deps.threads.remember(messageId, context);
  } catch (err) {
    log.warn({ err, message: messageId }, 'could not record what this brief is about; replies to it will be answered as plain messages');
  }
}

/** One command run, from a slash command, a DM or a mention. */
export interface Invocation {
  /** The command. */
  command: Command;
  /** Validated options. */
  options: OptionValues;
  /** Whose data it reads and writes. */
  workspace: WorkspaceId;
  /** Who runs it. */
  user: { id: string; name: string };
  /** Channel it was run in. */
  channelId: string | null;
  /** The member's permissions in a server; null in a DM (the user's own workspace). */
  memberPermissions: bigint | null;
}

/**
 * Refuses a state-changing command in a server to a member without the required permissions. Discord hides such
 * commands from them via `default_member_permissions`, but that can be overridden per server and does not apply to
 * text commands in mentions, so the check is repeated here on the permissions Discord reports for the member.
 */
export function checkPermission(deps: DiscordHandlerDeps, inv: Pick<Invocation, 'command' | 'memberPermissions'>): void {
  if (!inv.command.mutates || inv.memberPermissions === null) return;
  if (!mayManage(inv.memberPermissions, deps.managePermissions)) {
    throw new UserError(
      'discord.missing_permission',
      `/${inv.command.name} changes this server's Sitrep settings, so it needs the ${deps.manageLabel} permission.`,
      { hint: 'Ask someone with that permission to run it.' },
    );
  }
}

/** Runs a command after the permission check. Throws what the command throws. */
export async function runInvocation(deps: DiscordHandlerDeps, inv: Invocation): Promise<Reply> {
  checkPermission(deps, inv);
  return inv.command.run(inv.options, {
    workspace: inv.workspace,
    user: { id: inv.user.id, name: inv.user.name },
    ...(inv.channelId ? { channel: { platform: 'discord', id: inv.channelId } } : {}),
    services: deps.services,
  });
}
