import type { WorkspaceId } from '../../core/article.ts';

/** The workspace of a Discord server: `discord:<guild_id>`. */
export function guildWorkspace(guildId: string): WorkspaceId {
  return `discord:${guildId}`;
}

/**
 * The workspace of a direct conversation with the bot: the user's own `discord:dm:<user_id>`. A DM carries no server,
 * and a user's membership in the servers the bot shares cannot be checked without the privileged members intent or
 * one REST call per server per message, so DMs never read a server's data (docs/discord.md, "Workspaces").
 */
export function dmWorkspace(userId: string): WorkspaceId {
  return `discord:dm:${userId}`;
}

/** Where an interaction or message happened: a server's workspace, or the user's own in a DM. */
export function workspaceFor(place: { guildId: string | null; userId: string }): WorkspaceId {
  return place.guildId ? guildWorkspace(place.guildId) : dmWorkspace(place.userId);
}
