import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { runCli } from './adapters/cli/cli.ts';
import { dbCli, runDbCli } from './adapters/cli/db-cli.ts';
import { digestCli } from './adapters/cli/digest-cli.ts';
import { parseGlobalArgs } from './adapters/cli/global-args.ts';
import { EXIT, printError, type CliIO } from './adapters/cli/output.ts';
import { usageCli } from './adapters/cli/usage-cli.ts';
import { createMcpCli } from './adapters/mcp/mcp-cli.ts';
import { runConsoleChat } from './adapters/console/console-chat.ts';
import { createConsolePublisher } from './adapters/console/console-publisher.ts';
import { buildApp, type App, type AppOptions } from './app.ts';
import { addArticleCli, createFeedCli } from './adapters/cli/feed-cli.ts';
import { loadConfig, type Config } from './config.ts';
import { ConfigError, newReferenceId } from './core/errors.ts';
import type { Logger } from './core/logger.ts';
import { DEMO_LABEL, DEMO_STORIES, demoArticles } from './ingest/files/demo-corpus.ts';
import { healthRoutes, startHealthServer, type HealthRoute } from './observability/health-routes.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { createDigestScheduler } from './schedule/digest-scheduler.ts';
import { openStores } from './store/open-stores.ts';
import { listPrice } from './summarize/llm-pricing.ts';
import { loadPrompts } from './summarize/prompts.ts';
import type { Summarizer } from './summarize/summarizer.ts';

/** The prompt files shipped with Sitrep. */
const BUNDLED_PROMPTS = fileURLToPath(new URL('../prompts/', import.meta.url));

/**
 * The LLM engine's settings when a key or base URL is configured. Loads and validates the prompt files now, so a
 * missing or malformed prompt stops the start (ConfigError) instead of failing the first brief.
 */
async function llmOptions(config: Config, logger: Logger): Promise<AppOptions['llm']> {
  if (!config.llm.enabled) return undefined;
  const prompts = loadPrompts(config.llm.promptsDir ?? BUNDLED_PROMPTS);
  // The SDK is loaded only when the engine is on, so commands without an LLM start faster.
  const { createOpenAiClient, tokenLimitParamFor } = await import('./summarize/openai-factory.ts');
  const { createOpenAiChatClient } = await import('./summarize/llm-client.ts');
  const { apiKey, baseUrl, model, timeoutMs, maxRetries } = config.openai;
  const client = createOpenAiClient({ apiKey, baseUrl, timeoutMs, maxRetries }, logger);
  return {
    chat: createOpenAiChatClient({ client, model, logger, tokenLimitParam: tokenLimitParamFor(baseUrl) }),
    prompts,
    timeoutMs,
    inputTokenBudget: config.llm.inputTokens,
    dailyTokenBudget: config.llm.dailyTokens,
    unverifiedPolicy: config.llm.unverified,
    price: config.llm.price ?? listPrice(model),
  };
}

/** The process's standard streams (injected so tests can run main in-process). */
export interface MainIO extends CliIO {
  /** Standard input. */
  stdin: NodeJS.ReadableStream;
  /** Whether stdin is a terminal. */
  stdinIsTTY: boolean;
}

function createLogger(config: Config, fallback: 'info' | 'warn'): Logger {
  // Logs go to stderr so that stdout carries only results (`--format json` stays parseable).
  return pino({ level: config.logLevel ?? fallback, base: { app: 'sitrep' } }, pino.destination(2));
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

/** Slack runs with a bot token (one workspace) or an OAuth client id (many). */
function slackConfigured(config: Config): boolean {
  return Boolean(config.slack.botToken || config.slack.clientId);
}

/** The Slack adapter (not started). Loaded on demand: Bolt takes a few hundred milliseconds to import. */
async function slackAdapter(app: App, config: Config, logger: Logger, clock: () => Date, http?: { commands: App['commands']; routes: readonly HealthRoute[] }) {
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

/** `sitrep serve`: chat adapters when configured, else the local console chat; plus background services. */
/** Articles waiting for the search index above which starting says so: a rebuild, not a few new articles. */
const REBUILD_NOTICE = 5_000;

/**
 * After an upgrade, or when the index file was lost, the whole search index is rebuilt from the articles (its speed:
 * BENCHMARKS.md, "Rebuilding the index"). A server starts that at once in the background and logs it; a command says so on stderr and finishes it
 * first, so the wait happens once and is explained. Returns an exit code when the rebuild failed, else null.
 */
async function buildSearchIndex(
  app: App,
  pending: number,
  serving: boolean,
  format: 'md' | 'json',
  io: MainIO,
  logger: Logger,
): Promise<number | null> {
  if (pending <= REBUILD_NOTICE) return null;
  if (serving) {
    logger.info({ articles: pending }, 'building the search index');
    app.store.searchable().then(
      () => logger.info({ articles: pending }, 'search index ready'),
      (err: unknown) => logger.error({ err }, 'building the search index failed'),
    );
    return null;
  }
  io.stderr.write(`sitrep: building the search index for ${pending.toLocaleString('en')} articles (once, after an upgrade or a lost index file)…\n`);
  try {
    await app.store.searchable();
    return null;
  } catch (err) {
    await app.close();
    return printError(err, format, io, logger);
  }
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

async function serve(app: App, config: Config, workspace: string, io: MainIO, logger: Logger, clock: () => Date, metrics: Metrics): Promise<number> {
  const running: Running[] = [];
  let chats = 0;
  const unguard = keepServingOnRejection(logger);
  running.push({ name: 'rejection guard', stop: async () => unguard() });
  // Metrics of this process, and /healthz, /readyz, /metrics: on Slack's HTTP endpoint when it runs, else on
  // SITREP_HTTP_PORT when that is set (docs/operations.md).
  const commands = metrics.instrumentCommands(app.commands);
  const routes = healthRoutes({ metrics, logger, ready: async () => void (await app.store.countArticles(workspace)) });
  const slackHttp = slackConfigured(config) && !config.slack.appToken;
  try {
    if (config.httpPort !== undefined && !(slackHttp && config.httpPort === config.slack.port)) {
      const health = await startHealthServer(routes, config.httpPort);
      logger.info({ port: health.port }, 'health and metrics endpoint listening');
      running.push({ name: 'health', stop: () => health.stop() });
    }
    // Chat adapters and background services are started here, each pushing its stop function onto `running`.
    if (slackConfigured(config)) {
      const slack = await slackAdapter(app, config, logger, clock, { commands, routes });
      try {
        await slack.start();
      } catch (err) {
        if (!(err instanceof ConfigError)) return printError(err, 'md', io, logger);
        io.stderr.write(`sitrep: ${err.message}\n`);
        return EXIT.config;
      }
      running.push({ name: 'slack', stop: () => slack.stop() });
      app.publishers.register(slack.publisher);
      chats++;
    }
    // Discord: slash commands, autocomplete, DMs and mentions over the gateway (README "Discord").
    if (config.discord.token && config.discord.applicationId) {
      try {
        // Loaded only here, so CLI commands never pay for loading discord.js.
        const { startDiscordBot } = await import('./adapters/discord/discord-bot.ts');
        const discord = await startDiscordBot({
          token: config.discord.token,
          applicationId: config.discord.applicationId,
          apiUrl: config.discord.apiUrl,
          commands,
          services: app.services,
          logger,
          managePermissions: config.discord.managePermissions,
        });
        running.push({ name: 'discord', stop: () => discord.stop() });
        app.publishers.register(discord.publisher);
        chats++;
      } catch (err) {
        if (err instanceof ConfigError) {
          io.stderr.write(`sitrep: ${err.message}\n`);
          return EXIT.config;
        }
        logger.error({ err }, 'Discord failed to start');
        io.stderr.write(`sitrep: Discord failed to start: ${(err as Error)?.message ?? String(err)}\n`);
        return EXIT.internal;
      }
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
    if (chats > 0) {
      await untilSignal(logger);
      return EXIT.ok;
    }
    const greeting = await seedDemo(app, workspace, clock);
    await runConsoleChat({
      commands,
      services: app.services,
      workspace,
      logger,
      input: io.stdin,
      output: io.stdout,
      interactive: io.stdinIsTTY,
      greeting,
    });
    return EXIT.ok;
  } finally {
    for (const r of running.reverse()) {
      await r.stop().catch((err: unknown) => logger.warn({ err, service: r.name }, 'stop failed'));
    }
  }
}

/** The program: parses global options and configuration, builds the app, runs one command. Returns the exit code. */
export async function main(argv: readonly string[], env: Record<string, string | undefined>, io: MainIO): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`sitrep: ${err.message}\n`);
      return EXIT.config;
    }
    throw err;
  }
  const clock = (): Date => new Date();
  let globals;
  try {
    globals = parseGlobalArgs(argv);
  } catch (err) {
    return printError(err, 'md', io, createLogger(config, 'warn'));
  }
  const serving = globals.rest[0] === 'serve';
  // `db copy` names both databases itself and opens no app.
  if (globals.rest[0] === 'db') return runDbCli(globals.rest.slice(1), globals.format, io, createLogger(config, 'warn'));
  const logger = createLogger(config, serving && (slackConfigured(config) || config.discord.token) ? 'info' : 'warn');
  let llm: AppOptions['llm'];
  try {
    llm = await llmOptions(config, logger);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`sitrep: ${err.message}\n`);
      return EXIT.config;
    }
    throw err;
  }
  // Only a server exports metrics; a CLI command is over before anything could scrape them.
  const metrics = serving ? createMetrics({ clock }) : undefined;
  let app: App;
  // Articles stored but not yet searchable when the store opened (see buildSearchIndex).
  let searchBacklog = 0;
  try {
    const stores = await openStores(globals.db ?? config.dbPath, {
      logger: logger.child({ component: 'store' }),
      clock,
      searchBacklog: (articles) => (searchBacklog = articles),
    });
    app = buildApp({
      ...(metrics ? { decorateSummarizer: (s: Summarizer) => metrics.instrumentSummarizer(s) } : {}),
      stores,
      clock,
      logger,
      timeZone: config.timeZone,
      fetchAllow: config.fetchAllow,
      feedLimits: config.feeds,
      summaryLimits: { timeoutMs: config.summaryTimeoutMs },
      ...(llm ? { llm } : {}),
    });
    // Digests addressed to console channels print here; with --format json on stderr, so stdout stays parseable.
    app.publishers.register(createConsolePublisher({ output: !serving && globals.format === 'json' ? io.stderr : io.stdout, clock }));
  } catch (err) {
    return printError(err, globals.format, io, logger);
  }
  const building = await buildSearchIndex(app, searchBacklog, serving, globals.format, io, logger);
  if (building !== null) return building;
  // `sitrep digest run` and `sitrep feed poll` from a terminal post through the platforms' REST APIs (digests,
  // feed-health notices); no gateway or socket is needed.
  if (!serving && (globals.rest[0] === 'digest' || globals.rest[0] === 'feed')) {
    if (config.discord.token) {
      const { createDiscordRest } = await import('./adapters/discord/discord-rest.ts');
      const { createDiscordPublisher } = await import('./adapters/discord/discord-publisher.ts');
      app.publishers.register(
        createDiscordPublisher({ rest: createDiscordRest({ token: config.discord.token, apiUrl: config.discord.apiUrl }), logger }),
      );
    }
    if (slackConfigured(config)) {
      app.publishers.register((await slackAdapter(app, config, logger, clock)).publisher);
    }
  }
  try {
    if (metrics) return await serve(app, config, globals.workspace, io, logger, clock, metrics);
    return await runCli(
      globals.rest,
      {
        workspace: globals.workspace,
        format: globals.format,
        commands: app.commands,
        services: app.services,
        importer: app.importer,
        logger,
        extra: [
          digestCli,
          dbCli,
          usageCli({
            store: app.llmStore,
            clock,
            model: config.llm.enabled ? config.openai.model : undefined,
            dailyTokens: config.llm.dailyTokens,
          }),
          createFeedCli({
            startPoller(workspace) {
              const poller = app.sources.createPoller({ publisherFor: (platform) => app.publishers.get(platform), workspace });
              poller.start();
              return poller;
            },
            untilStopped: () =>
              new Promise<void>((resolve) => {
                process.once('SIGINT', () => resolve());
                process.once('SIGTERM', () => resolve());
              }),
          }),
          addArticleCli,
          createMcpCli({ input: io.stdin as Readable, output: io.stdout as Writable }),
        ],
      },
      io,
    );
  } finally {
    await app.close();
  }
}
