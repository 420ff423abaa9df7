import { pino } from 'pino';
import { runCli } from './adapters/cli/cli.ts';
import { parseGlobalArgs } from './adapters/cli/global-args.ts';
import { EXIT, printError, type CliIO } from './adapters/cli/output.ts';
import { runConsoleChat } from './adapters/console/console-chat.ts';
import { createConsolePublisher } from './adapters/console/console-publisher.ts';
import { addArticleCli, createFeedCli } from './adapters/cli/feed-cli.ts';
import type { Publisher } from './chat/publisher.ts';
import { buildApp, type App } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { ConfigError } from './core/errors.ts';
import type { Logger } from './core/logger.ts';
import { DEMO_LABEL, DEMO_STORIES, demoArticles } from './ingest/demo-corpus.ts';

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

/** `sitrep serve`: chat adapters when configured, else the local console chat; plus background services. */
async function serve(app: App, config: Config, workspace: string, io: MainIO, logger: Logger, clock: () => Date): Promise<number> {
  const running: Running[] = [];
  const chatConfigured = Boolean(config.slack.botToken || config.slack.appToken || config.discord.token);
  // Publishers by platform for posts nobody asked for (feed-health notices); a chat adapter adds its own when it starts.
  const publishers = new Map<string, Publisher>([['console', createConsolePublisher(io.stdout)]]);
  try {
    // Chat adapters and background services are started here, each pushing its stop function onto `running`.
    {
      // Feed poller: every workspace's feeds on their schedules. A feed that turns unhealthy is reported once, in the
      // channel it was added from, through that platform's publisher (looked up when the notice is sent).
      const poller = app.sources.createPoller({ publisherFor: (platform) => publishers.get(platform) });
      poller.start();
      running.push({ name: 'feed poller', stop: () => poller.stop() });
    }
    if (chatConfigured) {
      logger.error('Slack and Discord adapters are not available in this build yet; unset their variables to use the console chat.');
      return EXIT.config;
    }
    const greeting = await seedDemo(app, workspace, clock);
    await runConsoleChat({
      commands: app.commands,
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
  const logger = createLogger(config, serving && (config.slack.botToken || config.discord.token) ? 'info' : 'warn');
  let app: App;
  try {
    app = buildApp({ dbPath: globals.db ?? config.dbPath, clock, logger, fetchAllow: config.fetchAllow, feedLimits: config.feeds });
  } catch (err) {
    return printError(err, globals.format, io, logger);
  }
  try {
    if (serving) return await serve(app, config, globals.workspace, io, logger, clock);
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
          createFeedCli({
            startPoller(workspace) {
              const poller = app.sources.createPoller({ publisherFor: () => undefined, workspace });
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
        ],
      },
      io,
    );
  } finally {
    await app.close();
  }
}
