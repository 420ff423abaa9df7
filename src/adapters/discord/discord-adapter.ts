import type { Publisher } from '../../chat/publisher.ts';
import type { ChatAdapter } from '../chat-adapter.ts';
import { startDiscordBot, type DiscordBot, type DiscordBotDeps } from './discord-bot.ts';
import { createDiscordPublisher } from './discord-publisher.ts';
import { createDiscordRest } from './discord-rest.ts';

/** The Discord adapter: the gateway bot (commands, DMs, mentions) plus a REST publisher for digests and notices. */
export interface DiscordAdapter extends ChatAdapter {
  /** Always `discord`. */
  readonly platform: 'discord';
  /** Posts through Discord's REST API, so it works whether or not this process holds the gateway. */
  readonly publisher: Publisher;
  /** The connected bot while started (tests, diagnostics). */
  bot(): DiscordBot | undefined;
}

/**
 * Builds the adapter without connecting. `start()` logs in to the gateway; the publisher needs no gateway (it posts
 * over REST with the bot token), so digests go out as soon as the adapter exists.
 */
export function createDiscordAdapter(deps: DiscordBotDeps): DiscordAdapter {
  const logger = deps.logger.child({ adapter: 'discord' });
  const publisher = createDiscordPublisher({
    rest: createDiscordRest({ token: deps.token, apiUrl: deps.apiUrl }),
    maxMessages: deps.maxMessages ?? 3,
    logger,
    threads: deps.threads,
  });
  let bot: DiscordBot | undefined;
  return {
    platform: 'discord',
    commands: deps.commands,
    publisher,
    bot: () => bot,
    async start() {
      if (!bot) bot = await startDiscordBot(deps);
    },
    async stop() {
      const running = bot;
      bot = undefined;
      await running?.stop();
    },
  };
}
