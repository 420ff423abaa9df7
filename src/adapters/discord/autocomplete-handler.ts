import type { AutocompleteInteraction } from 'discord.js';
import { truncate } from '../../chat/discord-markdown.ts';
import type { DiscordHandlerDeps } from './command-runner.ts';
import { workspaceFor } from './workspace.ts';

/** Discord shows at most 25 suggestions, each name and value at most 100 characters. */
const MAX_CHOICES = 25;

/**
 * Answers an autocomplete request (callback type 8) with the tracked stories of the interaction's workspace that start
 * with (then contain) what was typed. Options without a story source get an empty list; a failure is logged and also
 * answered with an empty list, because an unanswered autocomplete shows the user an error.
 */
export async function handleAutocomplete(interaction: AutocompleteInteraction, deps: DiscordHandlerDeps): Promise<void> {
  const log = deps.logger.child({ interaction: interaction.id, command: interaction.commandName, guild: interaction.guildId });
  let choices: { name: string; value: string }[] = [];
  try {
    const focused = interaction.options.getFocused(true);
    const spec = deps.commands.find((c) => c.name === interaction.commandName)?.options.find((o) => o.name === focused.name);
    if (spec?.autocomplete === 'story') {
      const workspace = workspaceFor({ guildId: interaction.guildId, userId: interaction.user.id });
      const names = await deps.services.stories.suggest(workspace, String(focused.value).slice(0, 100), MAX_CHOICES);
      choices = names.slice(0, MAX_CHOICES).map((n) => ({ name: truncate(n, 100), value: n.slice(0, 100) }));
    }
  } catch (err) {
    log.error({ err }, 'autocomplete failed');
  }
  await interaction.respond(choices).catch((err: unknown) => log.warn({ err }, 'could not answer autocomplete'));
}
