import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';

/**
 * The gateway intents Sitrep asks for, none of them privileged:
 * - Guilds: servers, channels and roles (to know a member's permissions for mention commands);
 * - DirectMessages: DMs to the bot;
 * - GuildMessages: messages in server channels, needed to see mentions of the bot. Without the privileged Message
 *   Content intent Discord blanks the text of every server message except those that mention the bot, which are
 *   exactly the ones Sitrep reads; the cost is that the bot receives (empty) events for all channel traffic.
 */
export const DISCORD_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages, GatewayIntentBits.GuildMessages];

/** Options for {@link createDiscordClient}. */
export interface DiscordClientOptions {
  /** REST base (`DISCORD_API_URL`); the gateway URL is then read from its `/gateway/bot`. */
  apiUrl?: string | undefined;
}

/**
 * A discord.js client with minimal intents. DM channels are not cached before their first message, so the Channel
 * partial is needed to receive DMs at all. Messages are not cached (Sitrep never looks at old messages), and every
 * message defaults to pinging nobody.
 */
export function createDiscordClient(options: DiscordClientOptions = {}): Client {
  return new Client({
    intents: DISCORD_INTENTS,
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
  });
}
