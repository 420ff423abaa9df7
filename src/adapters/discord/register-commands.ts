import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { UserError } from '../../core/errors.ts';
import type { DiscordCommandJson } from './command-definitions.ts';

/** Where commands were registered. */
export interface RegisterResult {
  /** `global` (every server, may take up to an hour to show) or `guild` (one server, at once). */
  scope: 'global' | 'guild';
  /** The REST route that was overwritten. */
  route: string;
  /** Command names Discord confirmed. */
  names: string[];
}

/**
 * Bulk-overwrites the application's commands with one `PUT`: globally, or in one server for instant development.
 * Commands missing from the list are deleted by Discord, so the registry is the single source of truth.
 */
export async function registerCommands(req: {
  rest: REST;
  applicationId: string;
  guildId?: string | undefined;
  definitions: readonly DiscordCommandJson[];
}): Promise<RegisterResult> {
  if (req.guildId !== undefined && !/^\d{5,25}$/.test(req.guildId)) {
    throw new UserError('discord.bad_guild', `--guild expects a numeric server id; got "${req.guildId.slice(0, 40)}".`);
  }
  const route = req.guildId
    ? Routes.applicationGuildCommands(req.applicationId, req.guildId)
    : Routes.applicationCommands(req.applicationId);
  const result = (await req.rest.put(route, { body: req.definitions })) as { name: string }[];
  return { scope: req.guildId ? 'guild' : 'global', route, names: result.map((c) => c.name) };
}
