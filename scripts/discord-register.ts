// `npm run discord:register [-- --guild <id>] [-- --dry-run]`: bulk-overwrites the bot's slash commands with the
// ones built from the command registry. With --guild they appear in that server at once (for development); without
// it they are registered globally (every server; Discord may take a while to show changes).
import { DiscordAPIError } from '@discordjs/rest';
import { commands } from '../commands/registry.ts';
import { buildCommandDefinitions } from '../src/adapters/discord/command-definitions.ts';
import { createDiscordRest } from '../src/adapters/discord/discord-rest.ts';
import { resolveManagePermissions } from '../src/adapters/discord/permissions.ts';
import { registerCommands } from '../src/adapters/discord/register-commands.ts';
import { loadConfig } from '../src/config.ts';
import { ConfigError, isUserError } from '../src/core/errors.ts';

const USAGE = 'usage: npm run discord:register [-- --guild <server-id>] [--dry-run]';

function parseArgs(argv: readonly string[]): { guild?: string; dryRun: boolean } {
  const out: { guild?: string; dryRun: boolean } = { dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--dry-run') out.dryRun = true;
    else if (a === '--guild') {
      const v = argv[++i];
      if (!v) throw new Error(`--guild needs a server id\n${USAGE}`);
      out.guild = v;
    } else if (a.startsWith('--guild=')) out.guild = a.slice('--guild='.length);
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument "${a}"\n${USAGE}`);
  }
  return out;
}

function explain(err: DiscordAPIError, guild: string | undefined): string {
  if (err.status === 401) return 'Discord rejected DISCORD_TOKEN (401). Copy the bot token again from the Developer Portal.';
  if (err.code === 50001 && guild) {
    return `Missing Access to server ${guild}: invite the bot with the applications.commands scope first (docs/discord.md).`;
  }
  return `Discord refused the commands: ${err.message}`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig(process.env);
  const bits = resolveManagePermissions(config.discord.managePermissions);
  const definitions = buildCommandDefinitions(commands, { managePermissions: bits === null ? null : bits.toString() });
  if (args.dryRun) {
    console.log(JSON.stringify(definitions, null, 2));
    return 0;
  }
  const { token, applicationId } = config.discord;
  if (!token || !applicationId) {
    console.error('sitrep: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see docs/discord.md).');
    return 78;
  }
  const rest = createDiscordRest({ token, apiUrl: config.discord.apiUrl });
  try {
    const result = await registerCommands({ rest, applicationId, guildId: args.guild, definitions });
    const where = result.scope === 'guild' ? `in server ${args.guild}` : 'globally';
    console.log(`Registered ${result.names.length} commands ${where}: ${result.names.map((n) => `/${n}`).join(' ')}`);
    return 0;
  } catch (err) {
    if (err instanceof DiscordAPIError) console.error(`sitrep: ${explain(err, args.guild)}`);
    else if (isUserError(err)) console.error(`sitrep: ${err.message}`);
    else throw err;
    return 1;
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(`sitrep: ${err.message}`);
      process.exitCode = 78;
    } else {
      console.error(`sitrep: ${(err as Error)?.message ?? String(err)}`);
      process.exitCode = 1;
    }
  },
);
