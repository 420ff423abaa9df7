import { EventEmitter } from 'node:events';
import type { CommandServices } from '../../commands/command.ts';
import { createSlackAdapter, type SlackAdapter, type SlackSettings, type SlackStartInfo } from '../../src/adapters/slack/slack-adapter.ts';
import type { App } from '../../src/app.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { SlackFake } from '../fakes/slack-fake.ts';

export const SECRET = 'test-signing-secret';

/** One log line as the adapter wrote it. */
export interface LogLine {
  level: string;
  obj: unknown;
  msg: string | undefined;
}

/** A logger that keeps every line, to check reference ids, that no token is ever logged, and to wait for a line. */
export interface CapturingLogger extends Logger {
  lines: LogLine[];
  /** Resolves once `n` lines with this message were logged (past or future). */
  waitFor(msg: string, n?: number): Promise<void>;
}

export function captureLogger(
  lines: LogLine[] = [],
  bindings: Record<string, unknown> = {},
  events: EventEmitter = new EventEmitter(),
): CapturingLogger {
  const at =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      const line = { level, obj: typeof obj === 'string' ? { ...bindings } : { ...bindings, ...obj }, msg: typeof obj === 'string' ? obj : msg };
      lines.push(line);
      events.emit('line', line);
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => captureLogger(lines, { ...bindings, ...more }, events),
    waitFor(msg, n = 1) {
      let count = lines.filter((l) => l.msg === msg).length;
      if (count >= n) return Promise.resolve();
      return new Promise((resolve) => {
        const listener = (l: LogLine): void => {
          if (l.msg === msg && ++count >= n) {
            events.off('line', listener);
            resolve();
          }
        };
        events.on('line', listener);
      });
    },
  };
}

/** A running adapter against the fake. */
export interface SlackHarness {
  adapter: SlackAdapter;
  info: SlackStartInfo;
  /** `POST` endpoint for events and commands (HTTP mode). */
  endpoint: string;
  /** Base URL of the HTTP server (HTTP mode). */
  base: string;
  logger: CapturingLogger;
  stop(): Promise<void>;
}

/** Starts the real adapter (real Bolt) against the fake Slack, on a free port. */
export async function startSlack(
  fake: SlackFake,
  app: App,
  options: { settings?: Partial<SlackSettings>; services?: CommandServices; clock: () => Date },
): Promise<SlackHarness> {
  const logger = captureLogger();
  const settings: SlackSettings = {
    signingSecret: SECRET,
    port: 0,
    apiUrl: fake.apiUrl,
    allowChanges: { everyone: true, admins: false, userIds: [] },
    ...options.settings,
  };
  const adapter = createSlackAdapter({
    settings,
    commands: app.commands,
    services: options.services ?? app.services,
    store: app.stores.slack,
    logger,
    clock: options.clock,
    retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 },
    drainMs: 5_000,
  });
  const info = await adapter.start();
  const base = `http://127.0.0.1:${info.port ?? 0}`;
  return { adapter, info, endpoint: `${base}/slack/events`, base, logger, stop: () => adapter.stop() };
}

/** A slash command as Slack form-encodes it. */
export function slashForm(
  fake: SlackFake,
  f: { command: string; text: string; team?: string; enterprise?: string; user?: string; channel?: string; responseId: string },
): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: f.team ?? 'T1',
    team_domain: 'one',
    channel_id: f.channel ?? 'C1',
    channel_name: 'general',
    user_id: f.user ?? 'U1',
    user_name: 'ana',
    command: f.command,
    text: f.text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    ...(f.enterprise ? { enterprise_id: f.enterprise, enterprise_name: 'Org' } : {}),
    response_url: fake.responseUrl(f.responseId),
    trigger_id: '1.2.3',
  };
}

/** An Events API envelope. */
export function eventEnvelope(f: { team?: string; eventId: string; botUserId?: string; event: Record<string, unknown> }): Record<string, unknown> {
  const team = f.team ?? 'T1';
  return {
    token: 'legacy-verification-token',
    team_id: team,
    api_app_id: 'A1',
    event: { event_ts: f.event['ts'], ...f.event },
    type: 'event_callback',
    event_id: f.eventId,
    event_time: 1_763_640_000,
    authorizations: [{ enterprise_id: null, team_id: team, user_id: f.botUserId ?? 'UBOT1', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** A DM from a user to the bot. */
export function dmEvent(f: { text: string; user?: string; channel?: string; ts?: string; threadTs?: string; team?: string }): Record<string, unknown> {
  return {
    type: 'message',
    channel_type: 'im',
    channel: f.channel ?? 'D1',
    user: f.user ?? 'U1',
    text: f.text,
    ts: f.ts ?? '1763640000.000100',
    team: f.team ?? 'T1',
    ...(f.threadTs ? { thread_ts: f.threadTs } : {}),
  };
}

/** All text in a list of blocks, for assertions. */
export function blockText(blocks: unknown): string {
  return JSON.stringify(blocks);
}
