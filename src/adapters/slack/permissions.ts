import type { Command } from '../../../commands/command.ts';
import { UserError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';

/** Who may run commands that change workspace state (`command.mutates`). */
export interface ChangePolicy {
  /** Anyone (the default). */
  everyone: boolean;
  /** Workspace admins and owners. */
  admins: boolean;
  /** These Slack user ids. */
  userIds: readonly string[];
}

/** Who is asking, and how to find out whether they administer their workspace. */
export interface Requester {
  /** Sitrep workspace (`slack:T…`). */
  workspace: string;
  /** Slack user id. */
  userId: string;
  /** Asks Slack (users.info) whether the user is an admin or owner. */
  isAdmin(): Promise<boolean>;
}

/** Checks mutating commands against the configured policy. */
export interface PermissionChecker {
  /** Resolves when the requester may run the command; throws a UserError with a clear refusal otherwise. */
  assertAllowed(command: Command, requester: Requester): Promise<void>;
}

const CACHE_MS = 5 * 60_000;

function refusal(policy: ChangePolicy, command: Command): UserError {
  const who =
    policy.admins && policy.userIds.length
      ? 'workspace admins, owners and the people Sitrep was configured to allow'
      : policy.admins
        ? 'workspace admins and owners'
        : 'the people Sitrep was configured to allow';
  return new UserError('permission.denied', `Only ${who} can use /${command.name} in this workspace.`, {
    hint: 'Ask one of them to run it for you. Commands that only read, like /brief and /stories, are open to everyone.',
  });
}

/**
 * The permission check for mutating commands. Admin status comes from Slack (users.info) and is cached for a few
 * minutes per user, so a burst of commands does not become a burst of API calls.
 */
export function createPermissionChecker(deps: { policy: ChangePolicy; clock: () => Date; logger: Logger }): PermissionChecker {
  const { policy, clock, logger } = deps;
  const allowed = new Set(policy.userIds.map((id) => id.toUpperCase()));
  const adminCache = new Map<string, { admin: boolean; until: number }>();
  return {
    async assertAllowed(command, requester) {
      if (!command.mutates || policy.everyone) return;
      if (allowed.has(requester.userId.toUpperCase())) return;
      if (policy.admins) {
        const key = `${requester.workspace}:${requester.userId}`;
        const now = clock().getTime();
        let cached = adminCache.get(key);
        if (!cached || cached.until <= now) {
          let admin = false;
          try {
            admin = await requester.isAdmin();
          } catch (err) {
            // Without users:read (or with Slack down) nobody is confirmed as an admin: refusing is the safe side.
            logger.warn({ err, workspace: requester.workspace }, 'could not check admin status; refusing');
            throw new UserError('permission.unverified', `Could not confirm that you may use /${command.name}; try again in a minute.`);
          }
          cached = { admin, until: now + CACHE_MS };
          adminCache.set(key, cached);
        }
        if (cached.admin) return;
      }
      throw refusal(policy, command);
    },
  };
}
