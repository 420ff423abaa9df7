import { Events, type Client, type Interaction, type Message } from 'discord.js';
import type { Command, CommandServices } from '../../../commands/command.ts';
import type { Publisher } from '../../chat/publisher.ts';
import { ConfigError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { createThreadMemory, type DurableThreads } from '../../core/thread-context.ts';
import { handleAutocomplete } from './autocomplete-handler.ts';
import { buildCommandDefinitions } from './command-definitions.ts';
import type { DiscordHandlerDeps } from './command-runner.ts';
import { createDiscordClient } from './discord-client.ts';
import { createDiscordPublisher } from './discord-publisher.ts';
import { handleChatInput } from './interaction-handler.ts';
import { handleMessage } from './message-handler.ts';
import { permissionLabel, resolveManagePermissions } from './permissions.ts';

/** What the Discord bot needs. */
export interface DiscordBotDeps {
  /** Bot token. */
  token: string;
  /** Application id. */
  applicationId: string;
  /** REST base (`DISCORD_API_URL`), for proxies and tests. */
  apiUrl?: string | undefined;
  /** The shared command registry. */
  commands: readonly Command[];
  /** Services for commands. */
  services: CommandServices;
  /** Logger. */
  logger: Logger;
  /** Permission names needed for state-changing commands (`DISCORD_MANAGE_PERMISSIONS`); empty = everyone. */
  managePermissions: readonly string[];
  /** Most messages one reply may take. Default 3. */
  maxMessages?: number;
  /** How long {@link DiscordBot.stop} waits for replies in progress. Default 10 s. */
  stopGraceMs?: number;
  /** Where what each posted brief is about is kept beyond this process (the database); memory only when absent. */
  threads?: DurableThreads | undefined;
}

/** A running Discord bot. */
export interface DiscordBot {
  /** The connected client. */
  client: Client;
  /** Posts to Discord channels (scheduled digests). */
  publisher: Publisher;
  /** Resolves when no reply is in progress (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops taking new work, lets replies in progress finish (up to the grace period), then disconnects. */
  stop(): Promise<void>;
}

/**
 * Connects to the gateway and answers slash commands, autocomplete, DMs and mentions. Command definitions are built
 * and checked against Discord's limits first, so a bad registry fails here, not at Discord. Resolves once the client is
 * ready; rejects (and disconnects) when login fails, e.g. on a rejected token.
 */
export async function startDiscordBot(deps: DiscordBotDeps): Promise<DiscordBot> {
  const logger = deps.logger.child({ adapter: 'discord' });
  const bits = resolveManagePermissions(deps.managePermissions);
  buildCommandDefinitions(deps.commands, { managePermissions: bits === null ? null : bits.toString() });
  const client = createDiscordClient({ apiUrl: deps.apiUrl });
  const handlerDeps: DiscordHandlerDeps = {
    commands: deps.commands,
    services: deps.services,
    logger,
    managePermissions: bits,
    manageLabel: permissionLabel(deps.managePermissions),
    maxMessages: deps.maxMessages ?? 3,
    threads: createThreadMemory({ durable: deps.threads, platform: 'discord' }),
  };
  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  const track = (work: Promise<void>): void => {
    const p = work.catch((err: unknown) => logger.error({ err }, 'discord handler failed'));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const onInteraction = (interaction: Interaction): void => {
    if (!accepting) return;
    if (interaction.isChatInputCommand()) track(handleChatInput(interaction, handlerDeps));
    else if (interaction.isAutocomplete()) track(handleAutocomplete(interaction, handlerDeps));
  };
  const onMessage = (message: Message): void => {
    if (!accepting || !client.user) return;
    track(handleMessage(message, { ...handlerDeps, botUserId: client.user.id }));
  };
  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.MessageCreate, onMessage);
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (msg) => logger.warn(msg));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(deps.token);
    await ready;
  } catch (err) {
    await client.destroy();
    // A rejected token is a configuration problem: say which variable, and never retry into more 401s.
    if ((err as { code?: unknown })?.code === 'TokenInvalid') {
      throw new ConfigError(['DISCORD_TOKEN: Discord rejected the token; copy it again from the Developer Portal (Bot page)']);
    }
    throw err;
  }
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'Discord bot ready');

  return {
    client,
    publisher: createDiscordPublisher({ rest: client.rest, maxMessages: handlerDeps.maxMessages, logger, threads: deps.threads }),
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async stop() {
      accepting = false;
      client.off(Events.InteractionCreate, onInteraction);
      client.off(Events.MessageCreate, onMessage);
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deps.stopGraceMs ?? 10_000);
        timer.unref();
      });
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
      clearTimeout(timer);
      await client.destroy();
    },
  };
}
