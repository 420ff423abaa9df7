import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseMultipart } from './multipart.ts';
import { conversationHistory, conversationReplies } from './slack-threads.ts';

/** One Web API call the fake received. */
export interface ApiCall {
  method: string;
  /** Bearer token from the Authorization header (or the `token` argument). */
  token: string | undefined;
  /** Arguments; `blocks` is parsed back from its JSON string. */
  args: Record<string, unknown>;
}

/** One message posted to a response_url. */
export interface ResponsePost {
  /** Which response_url (the id in its path). */
  id: string;
  body: Record<string, unknown>;
}

/** A bot installed in a fake team. */
export interface FakeBot {
  token: string;
  teamId: string;
  botId: string;
  botUserId: string;
  /** Enterprise Grid organisation of the team, when it belongs to one. */
  enterpriseId?: string;
  /** An org-wide install: auth.test names the organisation and says is_enterprise_install. */
  orgWide?: boolean;
}

/** A message as the fake's conversations hold it now (after updates; deleted ones are gone). */
export interface PostedMessage {
  channel: string;
  ts: string;
  threadTs: string | undefined;
  text: unknown;
  blocks: unknown;
  /** The bot that posted it (absent for messages written by people). */
  botId?: string | undefined;
  /** The author's user id. */
  user?: string | undefined;
  /** Message metadata it was posted with. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> } | undefined;
}

/** A file uploaded through files.getUploadURLExternal → upload URL → files.completeUploadExternal. */
export interface FakeFile {
  id: string;
  filename: string;
  /** Length announced in getUploadURLExternal. */
  length: number;
  altText: string | undefined;
  /** Bytes received at the upload URL (undefined until then). */
  bytes: Buffer | undefined;
  /** Set by completeUploadExternal. */
  shared: { channel: string | undefined; threadTs: string | undefined; title: string | undefined; initialComment: string | undefined } | undefined;
}

type Scripted = { status: 429; retryAfter: number } | { error: string } | { status: 500; applied: boolean };

/**
 * A loopback Slack: the Web API (`/api/<method>`, form-encoded or JSON, as the WebClient sends it), response_url
 * receivers (`/respond/<id>`), the OAuth code exchange, and a Socket Mode WebSocket server. Everything it receives is
 * recorded; tests wait for what they expect with `waitFor…` (resolved by the arrival itself, never by a timer).
 */
export class SlackFake {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponsePost[] = [];
  /** Messages the bot sent over Socket Mode (envelope acks). */
  readonly socketMessages: Record<string, unknown>[] = [];
  /** Users that users.info reports as admins. */
  readonly admins = new Set<string>();
  /** OAuth codes the exchange accepts, each installing one bot. */
  readonly oauthCodes = new Map<string, FakeBot>();
  /** Messages the bots posted and did not delete, keyed `channel/ts`, as chat.update left them. */
  readonly messages = new Map<string, PostedMessage>();
  /** Channel of each response_url id whose public responses should appear as channel messages. */
  readonly responseChannels = new Map<string, string>();
  /** Files by id, as the upload flow left them. */
  readonly files = new Map<string, FakeFile>();
  /** Upload URLs that answer with this HTTP status instead of storing the bytes (upload failure tests). */
  uploadStatus: number | undefined;
  private readonly bots = new Map<string, FakeBot>();
  private readonly scripted = new Map<string, Scripted[]>();
  private readonly events = new EventEmitter();
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private sockets = new Set<WebSocket>();
  private ts = 1_700_000_000;
  private port = 0;

  /** Web API base URL for `slackApiUrl`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A fresh response_url. */
  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/respond/${id}`;
  }

  /** Registers a bot token (auth.test answers for it). */
  addBot(bot: FakeBot): void {
    this.bots.set(bot.token, bot);
  }

  /**
   * The next calls of a method fail as scripted, in order (429 with Retry-After, `{ok:false, error}`, or an HTTP 500
   * after the call took effect or not, as when a confirmation is lost): for example
   * `script('chat.update', { error: 'cant_update_message' })`. A failed call changes no message, unless `applied`.
   */
  script(method: string, ...outcomes: Scripted[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...outcomes]);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as Record<string, unknown>;
        this.socketMessages.push(msg);
        this.events.emit('socket', msg);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
      this.events.emit('connected');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss?.close(() => resolve()) ?? resolve());
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Sends a Socket Mode envelope to every connected client. */
  sendEnvelope(envelope: Record<string, unknown>): void {
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
  }

  /** Resolves once a Socket Mode client is connected. */
  waitForSocket(): Promise<void> {
    if (this.sockets.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.events.once('connected', () => resolve()));
  }

  /** The bots' messages now in a channel, oldest first. */
  messagesIn(channel: string): PostedMessage[] {
    return [...this.messages.values()].filter((m) => m.channel === channel).sort((a, b) => Number(a.ts) - Number(b.ts));
  }

  /** Files shared into a channel (completed uploads), oldest first. */
  filesIn(channel: string): FakeFile[] {
    return [...this.files.values()].filter((f) => f.shared?.channel === channel);
  }

  /** Web API calls of one method. */
  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (past or future) of a method that matches. */
  waitForCall(method: string, match: (c: ApiCall) => boolean = () => true): Promise<ApiCall> {
    return this.waitFor('call', this.calls, (c) => c.method === method && match(c));
  }

  /** Resolves with the `n`-th response_url post (1-based, past or future) that matches. */
  waitForResponse(match: (r: ResponsePost) => boolean = () => true, n = 1): Promise<ResponsePost> {
    return this.waitFor('response', this.responses, match, n);
  }

  /** Resolves with the first Socket Mode message from the bot that matches. */
  waitForSocketMessage(match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    return this.waitFor('socket', this.socketMessages, match);
  }

  private waitFor<T>(event: string, seen: readonly T[], match: (x: T) => boolean, n = 1): Promise<T> {
    const already = seen.filter(match);
    if (already.length >= n) return Promise.resolve(already[n - 1]!);
    let count = already.length;
    return new Promise((resolve) => {
      const listener = (x: T): void => {
        if (match(x) && ++count >= n) {
          this.events.off(event, listener);
          resolve(x);
        }
      };
      this.events.on(event, listener);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const raw = body.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/upload/')) {
      this.receiveUpload(url.pathname.slice('/upload/'.length), body, req.headers['content-type'], res);
      return;
    }
    if (url.pathname.startsWith('/respond/')) {
      const post = { id: url.pathname.slice('/respond/'.length), body: JSON.parse(raw) as Record<string, unknown> };
      this.responses.push(post);
      // A public response becomes a message of the channel the command was run in, written by the app, as in Slack.
      const channel = this.responseChannels.get(post.id);
      if (channel && post.body['response_type'] === 'in_channel') {
        const ts = `${++this.ts}.000100`;
        this.messages.set(`${channel}/${ts}`, { channel, ts, threadTs: undefined, text: post.body['text'], blocks: post.body['blocks'], botId: 'B-app' });
      }
      this.events.emit('response', post);
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const auth = req.headers.authorization?.replace(/^Bearer /, '');
    const call: ApiCall = { method, token: auth ?? (args['token'] as string | undefined), args };
    this.calls.push(call);
    this.events.emit('call', call);
    const scripted = this.scripted.get(method)?.shift();
    if (scripted && 'applied' in scripted) {
      if (scripted.applied) this.answer(method, call);
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal error');
      return;
    }
    if (scripted && 'status' in scripted) {
      res.writeHead(429, { 'Retry-After': String(scripted.retryAfter), 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const answer = scripted ? { ok: false, error: scripted.error } : this.answer(method, call);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
  }

  /** The upload URL step: Slack takes the bytes (raw or as a multipart file part) and answers "OK - <length>". */
  private receiveUpload(id: string, body: Buffer, contentType: string | undefined, res: ServerResponse): void {
    const file = this.files.get(id);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    if (this.uploadStatus !== undefined) {
      res.writeHead(this.uploadStatus, { 'Content-Type': 'text/plain' }).end('upload failed');
      return;
    }
    const parts = parseMultipart(body, contentType);
    file.bytes = parts ? (parts.find((p) => p.filename !== undefined) ?? parts[0])?.data : body;
    this.events.emit('upload', file);
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`OK - ${file.bytes?.length ?? 0}`);
  }

  /** files.getUploadURLExternal and files.completeUploadExternal, checked the way Slack checks them. */
  private fileMethod(method: string, call: ApiCall): Record<string, unknown> {
    if (method === 'files.getUploadURLExternal') {
      const filename = call.args['filename'];
      const length = Number(call.args['length']);
      if (typeof filename !== 'string' || !filename || !Number.isInteger(length) || length <= 0) {
        return { ok: false, error: 'invalid_arguments' };
      }
      const id = `F${++this.ts}`;
      const altText = call.args['alt_text'] === undefined ? undefined : String(call.args['alt_text']);
      this.files.set(id, { id, filename, length, altText, bytes: undefined, shared: undefined });
      return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id };
    }
    const list = JSON.parse(String(call.args['files'] ?? '[]')) as { id: string; title?: string }[];
    if (list.length === 0) return { ok: false, error: 'invalid_arguments' };
    for (const f of list) {
      const file = this.files.get(f.id);
      if (!file) return { ok: false, error: 'file_not_found' };
      if (!file.bytes || file.bytes.length !== file.length) return { ok: false, error: 'file_upload_size_mismatch' };
    }
    const str = (k: string): string | undefined => (call.args[k] === undefined ? undefined : String(call.args[k]));
    for (const f of list) {
      this.files.get(f.id)!.shared = { channel: str('channel_id'), threadTs: str('thread_ts'), title: f.title, initialComment: str('initial_comment') };
    }
    return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title, name: this.files.get(f.id)!.filename })) };
  }

  private answer(method: string, call: ApiCall): Record<string, unknown> {
    const bot = call.token ? this.bots.get(call.token) : undefined;
    switch (method) {
      case 'auth.test':
        return bot
          ? {
              ok: true,
              team_id: bot.teamId,
              user_id: bot.botUserId,
              bot_id: bot.botId,
              team: 'Team',
              user: 'sitrep',
              url: 'https://fake.slack/',
              ...(bot.enterpriseId ? { enterprise_id: bot.enterpriseId } : {}),
              is_enterprise_install: bot.orgWide === true,
            }
          : { ok: false, error: 'invalid_auth' };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` };
      case 'chat.postMessage': {
        if (!bot) return { ok: false, error: 'invalid_auth' };
        const channel = String(call.args['channel']);
        const ts = `${++this.ts}.000100`;
        const threadTs = call.args['thread_ts'] === undefined ? undefined : String(call.args['thread_ts']);
        const metadata = call.args['metadata'] as PostedMessage['metadata'];
        this.messages.set(`${channel}/${ts}`, {
          channel,
          ts,
          threadTs,
          text: call.args['text'],
          blocks: call.args['blocks'],
          botId: bot.botId,
          user: bot.botUserId,
          ...(metadata ? { metadata } : {}),
        });
        return { ok: true, channel, ts, message: { text: call.args['text'] } };
      }
      case 'chat.update': {
        if (!bot) return { ok: false, error: 'invalid_auth' };
        const key = `${String(call.args['channel'])}/${String(call.args['ts'])}`;
        const message = this.messages.get(key);
        if (!message) return { ok: false, error: 'message_not_found' };
        this.messages.set(key, { ...message, text: call.args['text'], blocks: call.args['blocks'] });
        return { ok: true, channel: message.channel, ts: message.ts, text: call.args['text'] };
      }
      case 'chat.delete': {
        if (!bot) return { ok: false, error: 'invalid_auth' };
        const key = `${String(call.args['channel'])}/${String(call.args['ts'])}`;
        if (!this.messages.delete(key)) return { ok: false, error: 'message_not_found' };
        return { ok: true, channel: call.args['channel'], ts: call.args['ts'] };
      }
      case 'files.getUploadURLExternal':
      case 'files.completeUploadExternal':
        return bot ? this.fileMethod(method, call) : { ok: false, error: 'invalid_auth' };
      case 'conversations.history':
        return bot ? conversationHistory(this.messages.values(), call.args) : { ok: false, error: 'invalid_auth' };
      case 'conversations.replies':
        return bot ? conversationReplies(this.messages.values(), call.args) : { ok: false, error: 'invalid_auth' };
      case 'chat.postEphemeral':
        if (!bot) return { ok: false, error: 'invalid_auth' };
        return { ok: true, message_ts: `${++this.ts}.000200` };
      case 'users.info': {
        const id = String(call.args['user']);
        return { ok: true, user: { id, name: id.toLowerCase(), is_admin: this.admins.has(id), is_owner: false, is_primary_owner: false } };
      }
      case 'oauth.v2.access': {
        const installed = this.oauthCodes.get(String(call.args['code']));
        if (!installed) return { ok: false, error: 'invalid_code' };
        this.addBot(installed);
        return {
          ok: true,
          access_token: installed.token,
          token_type: 'bot',
          scope: 'commands,chat:write',
          bot_user_id: installed.botUserId,
          app_id: 'A1',
          team: { id: installed.teamId, name: `Team ${installed.teamId}` },
          enterprise: null,
          is_enterprise_install: false,
          authed_user: { id: 'UINSTALLER' },
        };
      }
      default:
        return { ok: true };
    }
  }
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  const args: Record<string, unknown> = contentType.includes('json')
    ? (JSON.parse(raw) as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(raw));
  if (typeof args['blocks'] === 'string') args['blocks'] = JSON.parse(args['blocks']);
  if (typeof args['metadata'] === 'string') args['metadata'] = JSON.parse(args['metadata']);
  return args;
}

export { deliver, slackSignature, type DeliveryOptions } from './slack-delivery.ts';
