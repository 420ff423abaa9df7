import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseMultipart, type FormPart } from './multipart.ts';

/** A request the fake received. */
export interface RecordedRequest {
  method: string;
  /** Path below `/api/v10`, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** Files of a multipart request (`files[n]` parts), byte for byte. */
  files: FormPart[];
  /** Status the fake answered with. */
  status?: number;
  /** Body the fake answered with (a created message carries its id). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  response?: any;
}

/** A response the fake sends for a route. */
export interface FakeResponse {
  status: number;
  body?: unknown;
  /** Never answer (the connection stays open until the fake closes): a request lost in flight. */
  hold?: boolean;
}

type Handler = (req: RecordedRequest) => FakeResponse | undefined;

/** Discord's message limits, enforced by the fake the way Discord does (400, code 50035). */
function messageProblems(body: Record<string, unknown>, files: readonly FormPart[] = []): string[] {
  const problems: string[] = [];
  const attachments = (body['attachments'] ?? []) as { id: number | string; description?: string }[];
  for (const a of attachments) {
    if (!files.some((f) => f.name === `files[${a.id}]`)) problems.push(`attachments.${a.id} has no files[${a.id}] part`);
    if ((a.description ?? '').length > 1024) problems.push(`attachments.${a.id}.description longer than 1024`);
  }
  if (files.length > 10) problems.push('more than 10 files');
  const content = typeof body['content'] === 'string' ? body['content'] : '';
  if (content.length > 2000) problems.push('content longer than 2000');
  const embeds = (body['embeds'] ?? []) as Record<string, unknown>[];
  if (embeds.length > 10) problems.push('more than 10 embeds');
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const title = (e['title'] as string | undefined) ?? '';
    const description = (e['description'] as string | undefined) ?? '';
    const footer = ((e['footer'] as { text?: string } | undefined)?.text) ?? '';
    const fields = (e['fields'] ?? []) as { name: string; value: string }[];
    if (title.length > 256) problems.push(`embeds.${i}.title longer than 256`);
    if (description.length > 4096) problems.push(`embeds.${i}.description longer than 4096`);
    if (footer.length > 2048) problems.push(`embeds.${i}.footer longer than 2048`);
    if (fields.length > 25) problems.push(`embeds.${i}.fields more than 25`);
    for (const f of fields) {
      if (!f.name || f.name.length > 256) problems.push(`embeds.${i}.fields name must be 1-256`);
      if (!f.value || f.value.length > 1024) problems.push(`embeds.${i}.fields value must be 1-1024`);
      total += f.name.length + f.value.length;
    }
    if (!title && !description && fields.length === 0) problems.push(`embeds.${i} is empty`);
    total += title.length + description.length + footer.length;
  }
  if (total > 6000) problems.push(`embeds add up to ${total} characters (max 6000)`);
  if (!content && embeds.length === 0 && files.length === 0) problems.push('cannot send an empty message');
  return problems;
}

let nextId = 1_300_000_000_000_000_000n;
/** A fresh snowflake-like id. */
export function snowflake(): string {
  nextId += 1n;
  return nextId.toString();
}

/**
 * A small Discord for tests: the REST routes Sitrep uses (under `/api/v10`) and a gateway speaking plain JSON frames
 * (HELLO, IDENTIFY → READY, heartbeat ACKs, dispatches). Records every request; message bodies are checked against
 * Discord's limits and refused with 400/50035 like the real thing.
 */
export class FakeDiscord {
  readonly applicationId = '900000000000000001';
  readonly botUser = { id: '900000000000000002', username: 'sitrep', discriminator: '0', bot: true, global_name: null, avatar: null };
  readonly requests: RecordedRequest[] = [];
  /** Requests no route knew (the test should look at these when something fails). */
  readonly unhandled: RecordedRequest[] = [];
  /** IDENTIFY payloads received. */
  readonly identifies: Record<string, unknown>[] = [];
  /** Channels `GET /channels/{id}` knows. */
  readonly channels = new Map<string, Record<string, unknown>>();
  /** Gateway close events seen (one per socket that closed). */
  closedSockets = 0;
  /** Messages created in channels (`POST /channels/{id}/messages`), in order. */
  readonly created: { id: string; channelId: string; nonce?: string; at: number; body: Record<string, unknown> }[] = [];

  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly overrides: Handler[] = [];
  private readonly held: ServerResponse[] = [];
  private readonly waiters: { pred: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  private readonly identifyWaiters: (() => void)[] = [];
  private seq = 0;

  private constructor() {
    this.http = createServer((req, res) => void this.onHttp(req, res));
    this.wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    this.wss.on('connection', (ws) => this.onSocket(ws));
  }

  /** Starts both servers on free loopback ports. */
  static async start(): Promise<FakeDiscord> {
    const fake = new FakeDiscord();
    fake.http.listen(0, '127.0.0.1');
    await once(fake.http, 'listening');
    if (!fake.wss.address()) await once(fake.wss, 'listening');
    return fake;
  }

  /** REST base to give the bot (`DISCORD_API_URL`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}/api`;
  }

  /** Gateway URL announced by `/gateway/bot`. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  /** Answers matching requests differently (first override returning a response wins). */
  override(handler: Handler): void {
    this.overrides.push(handler);
  }

  /**
   * The next channel message matching `pred` is lost in flight: never answered, and created first when `created` is
   * true (the bot cannot tell which). Resolves when that request arrived.
   */
  stallMessage(pred: (r: RecordedRequest) => boolean, created: boolean): Promise<RecordedRequest> {
    let armed = true;
    return new Promise((arrived) => {
      this.overrides.unshift((r) => {
        if (!armed || r.method !== 'POST' || !/^\/channels\/\d+\/messages$/.test(r.path) || !pred(r)) return undefined;
        armed = false;
        if (created) this.route(r);
        setImmediate(() => arrived(r));
        return { status: 0, hold: true };
      });
    });
  }

  /** Resolves with the first request (already received or future) matching the predicate. */
  waitFor(pred: (r: RecordedRequest) => boolean): Promise<RecordedRequest> {
    const seen = this.requests.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  /** Resolves once a client has sent IDENTIFY (and got READY). */
  identified(): Promise<void> {
    if (this.identifies.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.identifyWaiters.push(resolve));
  }

  /** Sends a dispatch event to every connected client. */
  dispatch(t: string, d: unknown): void {
    const frame = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    for (const ws of this.sockets) ws.send(frame);
  }

  /** Closes every socket and both servers. */
  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    for (const res of this.held.splice(0)) res.destroy();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.closedSockets++;
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 } }));
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (frame.op === 2) {
        this.identifies.push(frame.d);
        ws.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: ++this.seq,
            d: {
              v: 10,
              user: this.botUser,
              guilds: [],
              session_id: 'fake-session',
              resume_gateway_url: this.gatewayUrl,
              shard: [0, 1],
              application: { id: this.applicationId, flags: 0 },
            },
          }),
        );
        for (const w of this.identifyWaiters.splice(0)) w();
      }
    });
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    // A message with files arrives as multipart/form-data: the JSON body in `payload_json`, files in `files[n]`.
    const parts = parseMultipart(raw, req.headers['content-type']);
    const payload = parts ? parts.find((p) => p.name === 'payload_json')?.data.toString('utf8') : raw.toString('utf8');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname).replace(/^\/api\/v10/, ''),
      query: url.searchParams,
      headers: req.headers,
      body: payload ? (JSON.parse(payload) as unknown) : parts ? {} : undefined,
      files: (parts ?? []).filter((p) => /^files\[\d+\]$/.test(p.name)),
    };
    this.requests.push(recorded);
    let answer: FakeResponse | undefined;
    for (const o of this.overrides) {
      answer = o(recorded);
      if (answer) break;
    }
    answer ??= this.route(recorded);
    if (!answer) {
      this.unhandled.push(recorded);
      answer = { status: 404, body: { message: '404: Not Found', code: 0 } };
    }
    recorded.status = answer.status;
    recorded.response = answer.body;
    if (answer.hold) {
      this.held.push(res);
      this.notify(recorded);
      return;
    }
    const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
    res.writeHead(answer.status, body ? { 'content-type': 'application/json' } : {});
    res.end(body);
    this.notify(recorded);
  }

  private notify(recorded: RecordedRequest): void {
    for (const w of [...this.waiters]) {
      if (w.pred(recorded)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(recorded);
      }
    }
  }

  private message(channelId: string, body: Record<string, unknown>, files: readonly FormPart[] = []): FakeResponse {
    const problems = messageProblems(body, files);
    if (problems.length) return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: problems } };
    return {
      status: 200,
      body: {
        id: snowflake(),
        channel_id: channelId,
        author: this.botUser,
        content: body['content'] ?? '',
        embeds: body['embeds'] ?? [],
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: files.map((f) => ({ id: snowflake(), filename: f.filename, size: f.data.length, content_type: f.contentType })),
        pinned: false,
        type: 0,
        flags: body['flags'] ?? 0,
      },
    };
  }

  private route(r: RecordedRequest): FakeResponse | undefined {
    const { method, path } = r;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      };
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return { status: 204 };
    if ((m = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.exec(path))) {
      if (method === 'PATCH') return this.message('0', r.body as Record<string, unknown>, r.files);
      if (method === 'DELETE') return { status: 204 };
    }
    if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path)) return this.message('0', r.body as Record<string, unknown>, r.files);
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      const body = r.body as Record<string, unknown>;
      const nonce = typeof body['nonce'] === 'string' ? body['nonce'] : undefined;
      // enforce_nonce: a message with the same nonce from the same bot in the last few minutes is returned, not
      // created again (the fake keeps five minutes).
      const earlier = nonce && body['enforce_nonce'] === true ? this.created.find((c) => c.channelId === m![1] && c.nonce === nonce) : undefined;
      if (earlier && Date.now() - earlier.at < 5 * 60_000) {
        return { status: 200, body: { ...(this.message(m[1]!, earlier.body).body as object), id: earlier.id } };
      }
      const answer = this.message(m[1]!, body, r.files);
      if (answer.status === 200) {
        const id = (answer.body as { id: string }).id;
        this.created.push({ id, channelId: m[1]!, ...(nonce ? { nonce } : {}), at: Date.now(), body });
      }
      return answer;
    }
    if (/^\/channels\/\d+\/typing$/.test(path) && method === 'POST') return { status: 204 };
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === 'GET') {
      const channel = this.channels.get(m[1]!);
      return channel ? { status: 200, body: channel } : { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path)) && method === 'PUT') {
      if (m[1] !== this.applicationId) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
      const list = r.body as Record<string, unknown>[];
      return {
        status: 200,
        body: list.map((c) => ({ id: snowflake(), application_id: m![1], version: snowflake(), ...(m![2] ? { guild_id: m![2] } : {}), ...c })),
      };
    }
    return undefined;
  }
}
