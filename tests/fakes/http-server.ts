import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

/** A request handler of the fake server. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** One request the fake server received. */
export interface SeenRequest {
  /** Path and query. */
  path: string;
  /** Request headers. */
  headers: IncomingMessage['headers'];
}

/** A loopback HTTP server whose routes tests set up as they go. */
export interface FakeHttpServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Port. */
  port: number;
  /** Sets the handler of a path (exact match on the path without query). */
  route(path: string, handler: Handler): void;
  /** Every request so far. */
  requests: SeenRequest[];
  /** Requests to one path. */
  hits(path: string): SeenRequest[];
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/** Starts a fake server on a free loopback port. Unknown paths answer 404. */
export async function startFakeHttpServer(): Promise<FakeHttpServer> {
  const routes = new Map<string, Handler>();
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path: req.url ?? '/', headers: req.headers });
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    route: (path, handler) => void routes.set(path, handler),
    requests,
    hits: (path) => requests.filter((r) => r.path.split('?')[0] === path),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Options of {@link documentHandler}. */
export interface DocumentOptions {
  /** Content-Type header (omitted when null). */
  contentType?: string | null;
  /** Answer with an ETag and honour If-None-Match. */
  etag?: boolean;
  /** Answer with Last-Modified and honour If-Modified-Since. */
  lastModified?: string;
  /** Send the body gzip-compressed with Content-Encoding: gzip. */
  gzip?: boolean;
}

/**
 * Serves a document that tests may change between requests (`set`), with optional conditional-GET support: the ETag
 * is a hash of the current body, so an unchanged document answers 304.
 */
export function documentHandler(
  initial: string | Buffer,
  options: DocumentOptions = {},
): Handler & { set(body: string | Buffer): void; served: number; notModified: number } {
  let body = Buffer.isBuffer(initial) ? initial : Buffer.from(initial);
  const handler = Object.assign(
    (req: IncomingMessage, res: ServerResponse) => {
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      const headers: Record<string, string> = {};
      if (options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/rss+xml; charset=utf-8';
      if (options.etag) headers['etag'] = etag;
      if (options.lastModified) headers['last-modified'] = options.lastModified;
      const inm = req.headers['if-none-match'];
      const ims = req.headers['if-modified-since'];
      if ((options.etag && inm === etag) || (!options.etag && options.lastModified && ims === options.lastModified)) {
        handler.notModified++;
        res.writeHead(304, headers).end();
        return;
      }
      handler.served++;
      if (options.gzip) {
        res.writeHead(200, { ...headers, 'content-encoding': 'gzip' }).end(gzipSync(body));
      } else {
        res.writeHead(200, headers).end(body);
      }
    },
    {
      set(next: string | Buffer) {
        body = Buffer.isBuffer(next) ? next : Buffer.from(next);
      },
      served: 0,
      notModified: 0,
    },
  );
  return handler;
}

/** Serves a file from disk as it is. */
export function fileHandler(path: string, contentType = 'application/xml'): Handler {
  const body = readFileSync(path);
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType }).end(body);
  };
}
