import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { runCli } from './adapters/cli/cli.ts';
import { dbCli, runDbCli } from './adapters/cli/db-cli.ts';
import { digestCli } from './adapters/cli/digest-cli.ts';
import { parseGlobalArgs } from './adapters/cli/global-args.ts';
import { printError, type CliIO } from './adapters/cli/output.ts';
import { usageCli } from './adapters/cli/usage-cli.ts';
import { createMcpCli } from './adapters/mcp/mcp-cli.ts';
import { createConsolePublisher } from './adapters/console/console-publisher.ts';
import { buildApp, type App, type AppOptions } from './app.ts';
import { addArticleCli, createFeedCli } from './adapters/cli/feed-cli.ts';
import { loadConfig, type Config } from './config.ts';
import type { Logger } from './core/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { openStores } from './store/open-stores.ts';
import { configErrorExit, serve, slackAdapter, slackConfigured } from './serve.ts';
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

/** The program: parses global options and configuration, builds the app, runs one command. Returns the exit code. */
export async function main(argv: readonly string[], env: Record<string, string | undefined>, io: MainIO): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    return configErrorExit(err, io) ?? Promise.reject(err);
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
    return configErrorExit(err, io) ?? Promise.reject(err);
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
      digestLeaseMs: config.digestLeaseMs,
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
        createDiscordPublisher({
          rest: createDiscordRest({ token: config.discord.token, apiUrl: config.discord.apiUrl }),
          logger,
          threads: app.stores.threads,
        }),
      );
    }
    if (slackConfigured(config)) {
      app.publishers.register((await slackAdapter(app, config, logger, clock)).publisher);
    }
  }
  try {
    if (metrics) return await serve({ app, config, workspace: globals.workspace, io, logger, clock, metrics });
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
