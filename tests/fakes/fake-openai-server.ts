import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A small OpenAI-compatible Chat Completions server on a loopback port, for running the real openai SDK in tests.
 * Each request is recorded; a handler decides the answer (JSON, an HTTP error with headers, a raw body, or no answer
 * at all until the server closes).
 */

/** A request as the fake saw it. */
export interface FakeRequest {
  /** Request path ("/v1/chat/completions"). */
  path: string;
  /** Headers, lower-cased. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON body. */
  body: ChatBody;
}

/** The fields of a chat completion request the tests look at. */
export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  stream?: boolean;
}

/** What to answer. */
export type FakeResponse =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; raw: string }
  /** Never answer (the client must time out); the connection is closed with the server. */
  | { hang: true }
  /** Send the status line, headers and the first bytes of `raw`, then drop the connection. */
  | { drop: true; raw: string };

/** Decides the answer to the n-th request (0-based). */
export type FakeHandler = (req: FakeRequest, n: number) => FakeResponse;

/** A running fake. */
export interface FakeOpenAi {
  /** Base URL for the SDK (`…/v1`). */
  url: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Replaces the handler. */
  handle(handler: FakeHandler): void;
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

/** A chat.completion body with the given assistant content. */
export function completion(
  content: string | null,
  options: { model?: string; promptTokens?: number; completionTokens?: number; finishReason?: string } = {},
): unknown {
  const promptTokens = options.promptTokens ?? 1000;
  const completionTokens = options.completionTokens ?? 100;
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: 1_763_000_000,
    model: options.model ?? 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: options.finishReason ?? 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** An OpenAI-style error body. */
export function apiError(message: string, type = 'server_error'): unknown {
  return { error: { message, type, param: null, code: null } };
}

/** The data block of a request's user message, split into passages and source headers. */
export function dataBlock(body: ChatBody): { nonce: string; passages: { n: number; text: string }[]; sources: Map<number, string>; raw: string } {
  const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
  const m = /<<<SOURCES (\w+)>>>\n([\s\S]*?)\n<<<END SOURCES \1>>>/.exec(user);
  if (!m) throw new Error('the request has no data block');
  const [passagePart = '', sourcePart = ''] = m[2]!.split(/\n\nSources:\n/);
  const passages = [...passagePart.matchAll(/^\[(\d+)\] (.*)$/gm)].map((x) => ({ n: Number(x[1]), text: x[2]! }));
  const sources = new Map([...sourcePart.matchAll(/^\[(\d+)\] (.*)$/gm)].map((x) => [Number(x[1]), x[2]!]));
  return { nonce: m[1]!, passages, sources, raw: m[2]! };
}

/** A well-formed brief that restates the first passages verbatim, each citing its own source. */
export function briefFromRequest(body: ChatBody, bullets = 3): string {
  const { passages } = dataBlock(body);
  const chosen = passages.slice(0, bullets);
  return JSON.stringify({
    headline: 'Key developments from the stored coverage',
    bullets: chosen.map((p) => ({ text: p.text, citations: [p.n] })),
  });
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeOpenAi(handler: FakeHandler = (req) => ({ json: completion(briefFromRequest(req.body)) })): Promise<FakeOpenAi> {
  let current = handler;
  const requests: FakeRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: ChatBody;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatBody;
      } catch {
        send(res, { status: 400, json: apiError('invalid JSON body', 'invalid_request_error') });
        return;
      }
      const request: FakeRequest = { path: req.url ?? '', headers: req.headers, body };
      const n = requests.length;
      requests.push(request);
      if (!request.path.endsWith('/chat/completions')) {
        send(res, { status: 404, json: apiError(`no route ${request.path}`, 'invalid_request_error') });
        return;
      }
      let answer: FakeResponse;
      try {
        answer = current(request, n);
      } catch (err) {
        answer = { status: 500, json: apiError(`fake handler failed: ${(err as Error).message}`) };
      }
      send(res, answer);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    handle(h) {
      current = h;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, answer: FakeResponse): void {
  if ('hang' in answer) return;
  if ('drop' in answer) {
    // A declared length longer than what is sent: the client sees the body end early, mid-stream.
    const body = Buffer.from(answer.raw);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return;
  }
  const headers = { ...answer.headers };
  if ('json' in answer) {
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(answer.json));
  } else {
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...headers });
    res.end(answer.raw);
  }
}
