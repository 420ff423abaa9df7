import { REST } from '@discordjs/rest';

/** Options for {@link createDiscordRest}. */
export interface DiscordRestOptions {
  /** Bot token. */
  token: string;
  /** REST base (`DISCORD_API_URL`), e.g. `https://discord.com/api`; routes become `${api}/v10/...`. */
  apiUrl?: string | undefined;
}

/** A REST client with the bot token. Rate limits, retries and the global request budget are @discordjs/rest's job. */
export function createDiscordRest(options: DiscordRestOptions): REST {
  return new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
}
