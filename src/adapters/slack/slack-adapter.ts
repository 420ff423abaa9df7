import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, webApi, type Receiver } from '@slack/bolt';
import type { Command, CommandServices } from '../../../commands/command.ts';
import type { Publisher } from '../../chat/publisher.ts';
import type { ChatAdapter } from '../chat-adapter.ts';
import { ConfigError, UserError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { HealthRoute } from '../../observability/health-routes.ts';
import type { SlackStore } from '../../store/ports/slack-store.ts';
import { createBoltLogger } from './bolt-logger.ts';
import type { SlackHandlerDeps } from './command-runner.ts';
import { createEventLedger } from './event-ledger.ts';
import { createInstallationStore } from './installation-store.ts';
import { BOT_SCOPES } from './manifest.ts';
import { registerMessageHandlers } from './message-handler.ts';
import { createPermissionChecker, type ChangePolicy } from './permissions.ts';
import { createSlackPublisher } from './slack-publisher.ts';
import { registerSlashCommands } from './slash-command-handler.ts';

/** Slack settings (the `slack` part of the configuration). */
export interface SlackSettings {
  /** Bot token: one workspace. */
  botToken?: string | undefined;
  /** Signing secret: HTTP mode. */
  signingSecret?: string | undefined;
  /** App-level token: Socket Mode. */
  appToken?: string | undefined;
  /** HTTP port (HTTP mode; the OAuth pages in Socket Mode). 0 picks a free port. */
  port: number;
  /** Web API base URL. */
  apiUrl?: string | undefined;
  /** OAuth client id: many workspaces. */
  clientId?: string | undefined;
  /** OAuth client secret. */
  clientSecret?: string | undefined;
  /** Secret signing the OAuth state. */
  stateSecret?: string | undefined;
  /** Public base URL (OAuth redirect). */
  publicUrl?: string | undefined;
  /** Who may run mutating commands. */
  allowChanges: ChangePolicy;
}

/** What the adapter needs. */
export interface SlackAdapterDeps {
  /** Settings. */
  settings: SlackSettings;
  /** The command registry. */
  commands: readonly Command[];
  /** Services for commands. */
  services: CommandServices;
  /** Installations and the event ledger. */
  store: SlackStore;
  /** Logger. */
  logger: Logger;
  /** Current time. */
  clock: () => Date;
  /** Web API retry policy (the default retries a few times over about a minute; 429s wait for Retry-After). */
  retryConfig?: webApi.RetryOptions;
  /** How long stop() waits for answers still being written. Default 10 s. */
  drainMs?: number;
  /** Extra routes served on the HTTP endpoint in HTTP mode (health, readiness, metrics). */
  httpRoutes?: readonly HealthRoute[];
}

/** Where the adapter listens once started. */
export interface SlackStartInfo {
  /** Transport. */
  mode: 'http' | 'socket';
  /** One workspace (bot token) or many (OAuth). */
  workspaces: 'single' | 'multi';
  /** The HTTP port (HTTP mode), as bound (useful with port 0). */
  port?: number;
  /** The team of the bot token (single workspace). */
  teamId?: string;
}

/** The running Slack app. */
export interface SlackAdapter extends ChatAdapter {
  /** Always `slack`. */
  readonly platform: 'slack';
  /** Connects (Socket Mode) or listens (HTTP). Throws ConfigError when Slack rejects the token. */
  start(): Promise<SlackStartInfo>;
  /** Stops receiving, then waits (bounded) for answers in progress. */
  stop(): Promise<void>;
  /** Resolves when no answer is in progress (tests, shutdown). */
  idle(): Promise<void>;
  /** Posts to Slack channels (scheduled digests). */
  publisher: Publisher;
}

/** A few quick retries, then give up: an interactive answer is worthless half an hour late. */
const DEFAULT_RETRY: webApi.RetryOptions = { retries: 4, factor: 2, minTimeout: 1000, maxTimeout: 15_000, randomize: true };

/**
 * Turns a failure to start into something an operator can act on: a token Slack refuses or a busy port is a
 * configuration problem naming the variable; anything else (Slack unreachable) says so.
 */
function startError(err: unknown, refused: string, port: number): Error {
  const e = err as { code?: string; data?: { error?: string }; message?: string };
  if (e.code === 'EADDRINUSE') return new ConfigError([`SLACK_PORT: port ${port} is already in use`]);
  if (e.code === webApi.ErrorCode.PlatformError) return new ConfigError([`${refused} (${e.data?.error ?? 'unknown error'})`]);
  return new UserError('slack.unreachable', `Cannot connect to Slack: ${e.message ?? String(err)}`, { cause: err });
}

interface Identity {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  /** An org-wide install on Enterprise Grid: the token serves every workspace of the organisation. */
  orgWide: boolean;
  botId: string;
  botUserId: string;
}

/** Thrown for a request from a team the bot token does not belong to. */
export class WrongTeamError extends UserError {
  constructor() {
    super('slack.wrong_team', 'This Sitrep is installed for another Slack workspace, so it cannot answer here.', {
      hint: 'Ask the person who runs this Sitrep to install it for your workspace.',
    });
  }
}

/**
 * The Sitrep workspace of a request under one bot token. The token's own team is its only workspace; an org-wide
 * install on Enterprise Grid serves every team of its organisation, each with its own data (`slack:<team_id>`, as
 * OAuth installs do). Anything else is refused: answering another team from this team's data would leak it.
 */
export function singleTokenWorkspace(me: Pick<Identity, 'teamId' | 'enterpriseId' | 'orgWide'>, teamId: string | undefined, enterpriseId: string | undefined): string | null {
  if (!teamId && !enterpriseId) return null;
  if (me.orgWide) {
    if (!me.enterpriseId || enterpriseId !== me.enterpriseId) throw new WrongTeamError();
    return `slack:${teamId ?? enterpriseId}`;
  }
  if (!me.teamId || teamId !== me.teamId) throw new WrongTeamError();
  return `slack:${me.teamId}`;
}

/**
 * The Slack adapter: a Bolt App in HTTP mode (signatures verified by Bolt) or Socket Mode, for one workspace (bot
 * token) or many (OAuth install with installations in our database). Slash commands come from the registry; DMs and
 * mentions are questions or commands; every request runs in the Sitrep workspace `slack:<team_id>` of its team.
 */
export function createSlackAdapter(deps: SlackAdapterDeps): SlackAdapter {
  const { settings, logger, clock } = deps;
  const log = logger.child({ component: 'slack' });
  const boltLogger = createBoltLogger(log);
  const multi = Boolean(settings.clientId);
  const socketMode = Boolean(settings.appToken);
  const clientOptions: webApi.WebClientOptions = {
    retryConfig: deps.retryConfig ?? DEFAULT_RETRY,
    rejectRateLimitedCalls: false,
    logger: boltLogger,
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl.endsWith('/') ? settings.apiUrl : `${settings.apiUrl}/` } : {}),
  };
  const installations = createInstallationStore({ store: deps.store, clock, logger: log });

  // One auth.test for the bot token: validates it at start, tells us its team, and spares Bolt its own call.
  let identity: Promise<Identity> | undefined;
  const whoAmI = (): Promise<Identity> => {
    identity ??= new webApi.WebClient(settings.botToken, clientOptions).auth.test().then((r) => ({
      teamId: r.team_id,
      enterpriseId: r.enterprise_id,
      orgWide: r.is_enterprise_install === true,
      botId: r.bot_id ?? '',
      botUserId: r.user_id ?? '',
    }));
    identity.catch(() => (identity = undefined));
    return identity;
  };

  const inflight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inflight.add(work);
    const forget = (): void => void inflight.delete(work);
    work.then(forget, forget);
    return work;
  };
  const idle = async (): Promise<void> => {
    while (inflight.size) await Promise.allSettled([...inflight]);
  };

  const publisher = createSlackPublisher({
    clientOptions,
    logger: log,
    async tokenFor(teamId) {
      if (multi) return installations.botTokenFor(teamId);
      const me = await whoAmI();
      // A bot token belongs to one team: posting "for" any other workspace would leak across teams. An org-wide token
      // posts for the organisation's teams; Slack itself refuses channels outside the organisation.
      return me.orgWide || me.teamId === teamId || me.enterpriseId === teamId ? (settings.botToken ?? null) : null;
    },
  });

  let app: App | undefined;

  async function buildApp(): Promise<{ app: App; teamId?: string; me?: Identity }> {
    const common = { logger: boltLogger, clientOptions, convoStore: false as const };
    let receiver: Receiver;
    let me: Identity | undefined;
    if (!multi) {
      try {
        me = await whoAmI();
      } catch (err) {
        throw startError(err, 'SLACK_BOT_TOKEN: Slack rejected the token', settings.port);
      }
    }
    const oauth = multi
      ? {
          clientId: settings.clientId!,
          clientSecret: settings.clientSecret!,
          stateSecret: settings.stateSecret!,
          installationStore: installations,
          scopes: [...BOT_SCOPES],
          ...(settings.publicUrl ? { redirectUri: `${settings.publicUrl.replace(/\/+$/, '')}/slack/oauth_redirect` } : {}),
        }
      : {};
    const installerOptions = {
      clientOptions,
      directInstall: true,
      ...(settings.publicUrl ? { redirectUriPath: '/slack/oauth_redirect' } : {}),
    };
    if (socketMode) {
      receiver = new SocketModeReceiver({
        appToken: settings.appToken!,
        logger: boltLogger,
        ...oauth,
        installerOptions: { ...installerOptions, port: settings.port },
      });
    } else {
      receiver = new HTTPReceiver({
        signingSecret: settings.signingSecret!,
        logger: boltLogger,
        port: settings.port,
        ...oauth,
        installerOptions,
        customRoutes: [
          {
            path: '/health',
            method: ['GET'],
            handler: (_req, res) => {
              res.writeHead(200, { 'Content-Type': 'text/plain' });
              res.end('ok');
            },
          },
          ...(deps.httpRoutes ?? []),
        ],
      });
    }
    const built = multi
      ? new App({ ...common, receiver })
      : new App({ ...common, receiver, token: settings.botToken!, botId: me!.botId, botUserId: me!.botUserId });
    if (!me) return { app: built };
    return me.teamId ? { app: built, teamId: me.teamId, me } : { app: built, me };
  }

  function register(target: App, me: Identity | undefined): void {
    const handlerDeps: SlackHandlerDeps = {
      commands: deps.commands,
      services: deps.services,
      permissions: createPermissionChecker({ policy: settings.allowChanges, clock, logger: log }),
      ledger: createEventLedger({ store: deps.store, clock, logger: log }),
      logger: log,
      track,
      // One bot token serves its own team (or its organisation); with OAuth each request names its own (authorized) team.
      workspaceOf: (teamId, enterpriseId) => {
        if (me) {
          try {
            return singleTokenWorkspace(me, teamId, enterpriseId);
          } catch (err) {
            log.warn({ team: teamId, enterprise: enterpriseId, tokenTeam: me.teamId, tokenEnterprise: me.enterpriseId }, 'slack request from another team refused');
            throw err;
          }
        }
        const id = teamId ?? enterpriseId;
        return id ? `slack:${id}` : null;
      },
    };
    registerSlashCommands(target, handlerDeps);
    registerMessageHandlers(target, handlerDeps);
    if (multi) {
      // A token Slack will never accept again is deleted, so nothing keeps trying to use it.
      const forget = async (body: unknown, why: string): Promise<void> => {
        const b = body as { team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean };
        await installations.deleteInstallation({
          teamId: b.team_id,
          enterpriseId: b.enterprise_id,
          isEnterpriseInstall: Boolean(b.is_enterprise_install),
        });
        log.info({ team: b.team_id, why }, 'slack installation removed (stored articles stay)');
      };
      target.event('app_uninstalled', ({ body }) => forget(body, 'app_uninstalled'));
      target.event('tokens_revoked', async ({ event, body }) => {
        if ((event.tokens.bot ?? []).length > 0) await forget(body, 'tokens_revoked');
      });
    }
    target.error(async (error) => {
      log.error({ err: error }, 'slack listener failed');
    });
  }

  return {
    platform: 'slack',
    commands: deps.commands,
    publisher,
    idle,
    async start() {
      const built = await buildApp();
      app = built.app;
      register(app, built.me);
      const info: SlackStartInfo = { mode: socketMode ? 'socket' : 'http', workspaces: multi ? 'multi' : 'single' };
      if (built.teamId) info.teamId = built.teamId;
      try {
        if (socketMode) {
          await app.start();
        } else {
          const server = await app.start(settings.port);
          info.port = (server.address() as AddressInfo).port;
        }
      } catch (err) {
        app = undefined;
        throw startError(err, 'SLACK_APP_TOKEN: Slack refused the app-level token', settings.port);
      }
      log.info({ ...info }, 'slack adapter started');
      return info;
    },
    async stop() {
      if (!app) return;
      const running = app;
      app = undefined;
      await running.stop();
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deps.drainMs ?? 10_000);
        timer.unref();
      });
      await Promise.race([idle(), limit]);
      clearTimeout(timer);
      log.info('slack adapter stopped');
    },
  };
}
