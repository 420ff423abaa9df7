import type { Readable } from 'node:stream';
import type { Command } from '../commands/command.ts';
import { EXIT, printError, type CliIO } from './adapters/cli/output.ts';
import type { ChatAdapter } from './adapters/chat-adapter.ts';
import { createConsoleAdapter } from './adapters/console/console-adapter.ts';
import type { App } from './app.ts';
import type { Config } from './config.ts';
import { ConfigError, newReferenceId } from './core/errors.ts';
import type { Logger } from './core/logger.ts';
import { DEMO_LABEL, DEMO_STORIES, demoArticles } from './ingest/files/demo-corpus.ts';
import { healthRoutes, startHealthServer, type HealthRoute } from './observability/health-routes.ts';
import type { Metrics } from './observability/metrics.ts';
import { queueProbes } from './observability/queue-probes.ts';
import { createDigestScheduler } from './schedule/digest-scheduler.ts';
import { createLeaderElection, type ElectionTimers, type LeaderElection } from './schedule/leader-election.ts';
import type { LeaderLock } from './store/ports/leader-lock.ts';

/** How long what a posted brief was about is kept, for follow-ups in its thread. */
const THREAD_RETENTION_MS = 180 * 24 * 3_600_000;

/** The streams `serve` talks to (the console chat reads and writes them). */
export interface ServeIO extends CliIO {
  /** Standard input. */
  stdin: NodeJS.ReadableStream;
  /** Whether stdin is a terminal. */
  stdinIsTTY: boolean;
}

/**
 * A ConfigError ends the program with its message and the configuration exit code; returns null for any other error,
 * which the caller handles. The one place every "fix your configuration" exit goes through.
 */
export function configErrorExit(err: unknown, io: Pick<ServeIO, 'stderr'>): number | null {
  if (!(err instanceof ConfigError)) return null;
  io.stderr.write(`sitrep: ${err.message}\n`);
  return EXIT.config;
}

/** Slack runs with a bot token (one workspace) or an OAuth client id (many). */
export function slackConfigured(config: Config): boolean {
  return Boolean(config.slack.botToken || config.slack.clientId);
}

/** The Slack adapter (not started). Loaded on demand: Bolt takes a few hundred milliseconds to import. */
export async function slackAdapter(
  app: App,
  config: Config,
  logger: Logger,
  clock: () => Date,
  http?: { commands: readonly Command[]; routes: readonly HealthRoute[] },
) {
  const { createSlackAdapter } = await import('./adapters/slack/slack-adapter.ts');
  return createSlackAdapter({
    settings: config.slack,
    commands: http?.commands ?? app.commands,
    ...(http ? { httpRoutes: http.routes } : {}),
    services: app.services,
    store: app.stores.slack,
    logger,
    clock,
  });
}

/**
 * Loads the demo corpus into an empty workspace so a first `npm start` shows a real brief. Returns a greeting line,
 * or nothing when the workspace already had articles.
 */
async function seedDemo(app: App, workspace: string, clock: () => Date): Promise<string[]> {
  if ((await app.store.countArticles(workspace)) > 0) return [];
  const report = await app.importer.importArticles(workspace, demoArticles(clock()));
  for (const s of DEMO_STORIES) {
    await app.services.stories.track({ workspace, name: s.name, aliases: s.aliases, by: 'demo' });
  }
  return [
    `The database was empty, so ${report.added} demo articles (${DEMO_LABEL}) were loaded and the stories ` +
      `${DEMO_STORIES.map((s) => s.name).join(', ')} are tracked.`,
    'Try: /brief syria   /stories   /timeline sudan   or ask: what is happening at the Jordan border?',
  ];
}

/**
 * The chat adapters `serve` runs, not started: Slack and Discord when configured (each loaded only then, so a CLI
 * command never pays for importing their SDKs), else the local console chat.
 */
async function chatAdapters(
  app: App,
  config: Config,
  workspace: string,
  io: ServeIO,
  logger: Logger,
  clock: () => Date,
  http: { commands: readonly Command[]; routes: readonly HealthRoute[] },
): Promise<ChatAdapter[]> {
  const adapters: ChatAdapter[] = [];
  if (slackConfigured(config)) adapters.push(await slackAdapter(app, config, logger, clock, http));
  // Discord: slash commands, autocomplete, DMs and mentions over the gateway (docs/discord.md).
  if (config.discord.token && config.discord.applicationId) {
    const { createDiscordAdapter } = await import('./adapters/discord/discord-adapter.ts');
    const discord = createDiscordAdapter({
      token: config.discord.token,
      applicationId: config.discord.applicationId,
      apiUrl: config.discord.apiUrl,
      commands: http.commands,
      services: app.services,
      logger,
      managePermissions: config.discord.managePermissions,
      // Briefs posted before a restart, or while another instance held the gateway, stay recognised.
      threads: app.stores.threads,
    });
    adapters.push(gatewayLeader(discord, app.stores.leader, logger));
    // What old briefs were about is kept for follow-ups for 180 days.
    void app.stores.threads
      .forgetThreadsBefore(new Date(clock().getTime() - THREAD_RETENTION_MS))
      .catch((err: unknown) => logger.warn({ err }, 'could not prune old chat thread records'));
  }
  if (adapters.length > 0) return adapters;
  const greeting = await seedDemo(app, workspace, clock);
  return [
    createConsoleAdapter({
      commands: http.commands,
      services: app.services,
      workspace,
      logger,
      input: io.stdin as Readable,
      output: io.stdout,
      interactive: io.stdinIsTTY,
      greeting,
    }),
  ];
}

/** The lock naming the one instance that holds Discord's gateway. */
const DISCORD_GATEWAY = 'discord-gateway';

/**
 * Discord delivers each event to every gateway connection of a bot, so with several instances on one database only
 * the holder of the `discord-gateway` lock connects (a PostgreSQL advisory lock; with SQLite the one process always
 * holds it). Every instance publishes digests and notices through REST. The others check every `intervalMs` and the
 * first to find the lock free (its holder's database session ended with its process) connects. The first try is made
 * in `start()`, so a token Discord refuses still stops the program at once with the variable's name.
 */
export function gatewayLeader(
  adapter: ChatAdapter,
  lock: LeaderLock,
  logger: Logger,
  options: { intervalMs?: number; timers?: ElectionTimers } = {},
): ChatAdapter {
  const log = logger.child({ adapter: adapter.platform });
  let election: LeaderElection | undefined;
  const takeOver = async (): Promise<void> => {
    try {
      await adapter.start();
    } catch (err) {
      // Give the lock back, so this or another instance tries again on the next check.
      log.error({ err }, 'taking over the Discord gateway failed');
      await lock.release(DISCORD_GATEWAY).catch(() => undefined);
    }
  };
  return {
    platform: adapter.platform,
    commands: adapter.commands,
    ...(adapter.publisher ? { publisher: adapter.publisher } : {}),
    async start() {
      if (await lock.tryAcquire(DISCORD_GATEWAY)) {
        try {
          await adapter.start();
        } catch (err) {
          await lock.release(DISCORD_GATEWAY).catch(() => undefined);
          throw err;
        }
      } else {
        log.info('another instance holds the Discord gateway; this one publishes through REST and takes over if it stops');
      }
      election = createLeaderElection({
        lock,
        name: DISCORD_GATEWAY,
        intervalMs: options.intervalMs ?? 5_000,
        timers: options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout) },
        logger: log,
        onElected: takeOver,
        onDeposed: () => adapter.stop(),
      });
      election.start();
    },
    async stop() {
      await election?.stop();
      await adapter.stop();
    },
  };
}

/** Something `serve` started that must be stopped on shutdown. */
interface Running {
  /** For logs. */
  name: string;
  /** Stops it (closes sockets, timers). */
  stop(): Promise<void>;
}

/** Resolves on SIGINT or SIGTERM, so a chat server stops gracefully. */
function untilSignal(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/**
 * The last line of defence of a server: a promise rejection nothing handled (a bug in a request's path) is logged
 * with a reference id instead of ending the process and every other conversation with it. Each adapter catches its
 * own failures; this only makes sure a missed one stays one request's failure.
 */
function keepServingOnRejection(logger: Logger): () => void {
  const onRejection = (reason: unknown): void => {
    logger.error({ err: reason, ref: newReferenceId() }, 'unhandled rejection; serving goes on');
  };
  process.on('unhandledRejection', onRejection);
  return () => void process.off('unhandledRejection', onRejection);
}

/** What `serve` runs with. */
export interface ServeDeps {
  app: App;
  config: Config;
  workspace: string;
  io: ServeIO;
  logger: Logger;
  clock: () => Date;
  metrics: Metrics;
}

/**
 * `sitrep serve`: every configured chat adapter (or the console chat), the health endpoint, the feed poller and the
 * digest scheduler; runs until a signal (servers) or until the console chat ends. Returns the exit code.
 */
export async function serve(deps: ServeDeps): Promise<number> {
  const { app, config, workspace, io, logger, clock, metrics } = deps;
  const running: Running[] = [];
  const unguard = keepServingOnRejection(logger);
  running.push({ name: 'rejection guard', stop: async () => unguard() });
  // Metrics of this process, and /healthz, /readyz, /metrics: on Slack's HTTP endpoint when it runs, else on
  // SITREP_HTTP_PORT when that is set (docs/operations.md).
  const commands = metrics.instrumentCommands(app.commands);
  for (const probe of queueProbes(app.stores, clock)) metrics.addDepthProbe(probe);
  const routes = healthRoutes({ metrics, logger, ready: async () => void (await app.store.countArticles(workspace)) });
  const slackHttp = slackConfigured(config) && !config.slack.appToken;
  try {
    if (config.httpPort !== undefined && !(slackHttp && config.httpPort === config.slack.port)) {
      const health = await startHealthServer(routes, config.httpPort);
      logger.info({ port: health.port }, 'health and metrics endpoint listening');
      running.push({ name: 'health', stop: () => health.stop() });
    }
    const adapters = await chatAdapters(app, config, workspace, io, logger, clock, { commands, routes });
    for (const adapter of adapters) {
      if (adapter.publisher) app.publishers.register(adapter.publisher);
      // The feed poller and the scheduler start after the chats, so the console chat is reading before they log.
      if (adapter.finished) continue;
      try {
        await adapter.start();
      } catch (err) {
        return configErrorExit(err, io) ?? printError(err, 'md', io, logger);
      }
      running.push({ name: adapter.platform, stop: () => adapter.stop() });
    }
    {
      // Feed poller: every workspace's feeds on their schedules. A feed that turns unhealthy is reported once, in the
      // channel it was added from, through that platform's publisher (looked up when the notice is sent).
      const poller = app.sources.createPoller({
        publisherFor: (platform) => app.publishers.get(platform),
        onPolled: (o) => metrics.recordFeedPoll({ feedId: o.feedId, result: o.result, added: o.added, status: o.status }),
      });
      poller.start();
      running.push({ name: 'feed poller', stop: () => poller.stop() });
    }
    // Scheduled digests: every subscription this process has a publisher for, in its own time zone.
    {
      const scheduler = createDigestScheduler({
        digests: app.digestStore,
        runner: metrics.instrumentDigestRunner(app.digestRunner),
        publishers: app.publishers,
        clock,
        logger,
        graceMs: config.digestGraceMs,
      });
      await scheduler.start();
      const unwatch = app.services.digests?.onChange(() => void scheduler.refresh());
      running.push({
        name: 'digest-scheduler',
        stop: async () => {
          unwatch?.();
          await scheduler.stop();
        },
      });
    }
    const ending = adapters.flatMap((a) => (a.finished ? [a] : []));
    if (ending.length === 0) {
      await untilSignal(logger);
      return EXIT.ok;
    }
    // A chat that ends by itself (the console) ends serve: it runs in the foreground, the rest around it.
    for (const adapter of ending) {
      running.push({ name: adapter.platform, stop: () => adapter.stop() });
      await adapter.start();
    }
    await Promise.race(ending.map((a) => a.finished));
    return EXIT.ok;
  } finally {
    for (const r of running.reverse()) {
      await r.stop().catch((err: unknown) => logger.warn({ err, service: r.name }, 'stop failed'));
    }
  }
}
