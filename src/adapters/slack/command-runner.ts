import type { webApi } from '@slack/bolt';
import { helpReply } from '../../../commands/help.ts';
import type { Command, CommandServices, OptionValues } from '../../../commands/command.ts';
import type { Reply } from '../../chat/reply.ts';
import type { Logger } from '../../core/logger.ts';
import type { EventLedger } from './event-ledger.ts';
import type { PermissionChecker } from './permissions.ts';

/** What the slash-command and message handlers share. */
export interface SlackHandlerDeps {
  /** The command registry. */
  commands: readonly Command[];
  /** Services for commands. */
  services: CommandServices;
  /** Who may run mutating commands. */
  permissions: PermissionChecker;
  /** Event-id ledger (retried events are answered once). */
  ledger: EventLedger;
  /** Logger. */
  logger: Logger;
  /** Sitrep workspace (`slack:T…`) of a request's Slack team; null when the request names none. */
  workspaceOf(teamId: string | undefined, enterpriseId: string | undefined): string | null;
  /** Keeps slow work visible until it ends, so stop() can let it finish. */
  track<T>(work: Promise<T>): Promise<T>;
}

/** One command invocation from Slack. */
export interface SlackInvocation {
  /** Sitrep workspace. */
  workspace: string;
  /** Slack user id. */
  userId: string;
  /** Slack user name, when known. */
  userName?: string | undefined;
  /** Channel id. */
  channelId: string;
  /** Web API client with the token of the request's workspace. */
  client: webApi.WebClient;
}

/**
 * The short "working on it" line shown while a command runs: the slash-command ack, and the placeholder a DM or
 * mention gets before its answer replaces it. `what` is `/brief` for a command, or words like "your question".
 */
export function workingText(what: string): string {
  return `:hourglass_flowing_sand: Working on ${what}…`;
}

/** Asks Slack whether a user administers their workspace (needs the users:read scope). */
export async function isWorkspaceAdmin(client: webApi.WebClient, userId: string): Promise<boolean> {
  const res = await client.users.info({ user: userId });
  const u = res.user;
  return Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner);
}

/** Checks permissions, then runs the command in the invocation's workspace. Throws what the command throws. */
export async function runSlackCommand(
  deps: Pick<SlackHandlerDeps, 'permissions' | 'services'>,
  command: Command,
  options: OptionValues,
  inv: SlackInvocation,
): Promise<Reply> {
  await deps.permissions.assertAllowed(command, {
    workspace: inv.workspace,
    userId: inv.userId,
    isAdmin: () => isWorkspaceAdmin(inv.client, inv.userId),
  });
  return command.run(options, {
    workspace: inv.workspace,
    user: inv.userName ? { id: inv.userId, name: inv.userName } : { id: inv.userId },
    channel: { platform: 'slack', id: inv.channelId },
    services: deps.services,
  });
}

/** The command list, for "help" in a DM or an empty mention. */
export function slackHelp(commands: readonly Command[]): Reply {
  return helpReply(commands, 'In this DM (or after mentioning me in a channel) you can also type a command without the slash, e.g. "brief syria".');
}
