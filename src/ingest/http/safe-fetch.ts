import { lookup as dnsLookup } from 'node:dns/promises';
import type { IncomingHttpHeaders, IncomingMessage, ClientRequest } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupAddress } from 'node:dns';
import type { Logger } from '../../core/logger.ts';
import { classifyAddress, createAllowList, isMetadataHostname, parseIp } from './address-policy.ts';
import { FetchError } from './fetch-error.ts';
import { headerValue, mb, parseContentType, readBody } from './response-body.ts';

/** Resolves a host name to its addresses (injected so tests can point a name anywhere without DNS). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** Timer functions (injected so tests drive timeouts without waiting). */
export interface Timers {
  /** Schedules `fn` after `ms` milliseconds; returns a handle. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a handle from {@link Timers.setTimeout}. */
  clearTimeout(handle: unknown): void;
}

/** The real timers. */
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** What kind of document a fetch expects; decides the Accept header and which content types are refused. */
export type ExpectedContent = 'feed' | 'html';

/** Options of one fetch. */
export interface SafeFetchOptions {
  /** What is expected (default `feed`). */
  expect?: ExpectedContent;
  /** Extra request headers (conditional GET: If-None-Match, If-Modified-Since). */
  headers?: Record<string, string>;
  /** Cap on the decompressed body in bytes (default from the fetcher). */
  maxBytes?: number;
}

/** A successful (2xx) or not-modified (304) answer. */
export interface SafeResponse {
  /** Final URL after redirects. */
  url: string;
  /** 2xx or 304. */
  status: number;
  /** Response headers, lower-case names. */
  headers: IncomingHttpHeaders;
  /** MIME type without parameters, lower-case, or null when absent. */
  contentType: string | null;
  /** `charset` parameter of the Content-Type, or null. */
  charset: string | null;
  /** Decompressed body (empty for 304). */
  body: Buffer;
  /** Each redirect followed. */
  redirects: { from: string; to: string; status: number }[];
}

/** The only way Sitrep reaches the network. */
export interface SafeFetcher {
  /** GETs a URL under every safety rule; throws {@link FetchError} naming the reason on refusal or failure. */
  fetch(url: string, options?: SafeFetchOptions): Promise<SafeResponse>;
}

/** Construction options of {@link createSafeFetcher}. */
export interface SafeFetcherDeps {
  /** Hosts, IPs or CIDRs exempt from the private-address guard (`SITREP_FETCH_ALLOW`). */
  allow?: readonly string[];
  /** DNS resolver (default: the system resolver, every address). */
  resolver?: Resolver;
  /** Timers (default: the real ones). */
  timers?: Timers;
  /** Time allowed to establish the TCP (and TLS) connection, per hop. Default 5 s. */
  connectTimeoutMs?: number;
  /** Time allowed for the whole fetch, redirects and body included. Default 20 s. */
  totalTimeoutMs?: number;
  /** Default cap on the decompressed body. Default 10 MiB. */
  maxBytes?: number;
  /** Most redirects followed. Default 5. */
  maxRedirects?: number;
  /** User-Agent header. */
  userAgent?: string;
  /** Logger. */
  logger?: Logger;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ACCEPT: Record<ExpectedContent, string> = {
  feed: 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1',
  html: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1',
};
// Content types each expectation accepts. HTML is accepted for feeds because a page URL leads to its feed through
// <link rel="alternate">; octet-stream and gzip because misconfigured servers label feeds that way (the parser sniffs).
const ACCEPTED: Record<ExpectedContent, (type: string) => boolean> = {
  feed: (t) =>
    /(^|\+|\/)xml$/.test(t) ||
    /(^|\+|\/)json$/.test(t) ||
    ['text/html', 'application/xhtml+xml', 'text/plain', 'application/octet-stream', 'application/gzip', 'application/x-gzip'].includes(t),
  html: (t) => ['text/html', 'application/xhtml+xml', 'text/plain'].includes(t),
};

/** Creates the safe fetcher. Every outbound request of the product goes through one of these. */
export function createSafeFetcher(deps: SafeFetcherDeps = {}): SafeFetcher {
  const allow = createAllowList(deps.allow ?? []);
  const resolver: Resolver = deps.resolver ?? ((host) => dnsLookup(host, { all: true, verbatim: true }));
  const timers = deps.timers ?? systemTimers;
  const connectTimeoutMs = deps.connectTimeoutMs ?? 5_000;
  const totalTimeoutMs = deps.totalTimeoutMs ?? 20_000;
  const defaultMax = deps.maxBytes ?? 10 * 1024 * 1024;
  const maxRedirects = deps.maxRedirects ?? 5;
  const userAgent = deps.userAgent ?? 'Sitrep/0.1 (news briefing bot; feed reader)';

  /** Resolves and checks the host of a URL; returns the one address to connect to. */
  async function checkedAddress(url: URL): Promise<{ address: string; family: number }> {
    const href = url.toString();
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new FetchError('scheme', href, `Refused ${href}: only http and https URLs are fetched (got ${url.protocol.replace(/:$/, '')}).`);
    }
    if (url.username || url.password) {
      throw new FetchError('bad-url', href, `Refused ${url.host}: URLs with embedded credentials are not fetched.`);
    }
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const hostAllowed = allow.allowsHost(hostname);
    if (!hostAllowed && isMetadataHostname(hostname)) {
      throw new FetchError('metadata', href, `Refused ${href}: ${hostname} is a cloud metadata service.`);
    }
    let addresses: { address: string; family: number }[];
    if (parseIp(hostname)) {
      addresses = [{ address: hostname, family: hostname.includes(':') ? 6 : 4 }];
    } else {
      try {
        addresses = await resolver(hostname);
      } catch (err) {
        throw new FetchError('dns', href, `Cannot fetch ${href}: the host ${hostname} could not be resolved.`, { cause: err });
      }
      if (addresses.length === 0) throw new FetchError('dns', href, `Cannot fetch ${href}: the host ${hostname} has no address.`);
    }
    // Every address must pass: a name that resolves to one public and one private address is refused, because the
    // connection could land on either.
    for (const a of addresses) {
      if (hostAllowed || allow.allowsAddress(a.address)) continue;
      const verdict = classifyAddress(a.address);
      if (!verdict.allowed) {
        const via = a.address === hostname ? '' : ` resolves to ${a.address}, which is`;
        const what = via ? `${hostname}${via}` : `${hostname} is`;
        throw new FetchError(
          verdict.reason?.startsWith('cloud metadata') ? 'metadata' : 'private-address',
          href,
          `Refused ${href}: ${what} a ${verdict.reason} address; Sitrep never fetches from private or internal networks.`,
          { hint: 'To allow it on purpose, list the host or its range in SITREP_FETCH_ALLOW.' },
        );
      }
    }
    return addresses[0]!;
  }

  return {
    async fetch(rawUrl, options = {}) {
      const expect = options.expect ?? 'feed';
      const maxBytes = options.maxBytes ?? defaultMax;
      let url: URL;
      try {
        url = new URL(rawUrl.trim());
      } catch {
        throw new FetchError('bad-url', rawUrl, `"${rawUrl.slice(0, 200)}" is not a valid URL.`);
      }
      const redirects: SafeResponse['redirects'] = [];
      const live: { req: ClientRequest | null } = { req: null };
      let timer: unknown = null;
      const timeout = new Promise<never>((_, reject) => {
        timer = timers.setTimeout(() => {
          live.req?.destroy();
          reject(new FetchError('timeout', url.toString(), `Fetching ${url.toString()} took longer than ${totalTimeoutMs / 1000} s and was stopped.`));
        }, totalTimeoutMs);
      });

      const run = async (): Promise<SafeResponse> => {
        for (;;) {
          const target = await checkedAddress(url);
          const res = await send(url, target, expect, options.headers ?? {}, (req) => (live.req = req));
          const status = res.statusCode ?? 0;
          const location = headerValue(res.headers.location);
          if (REDIRECTS.has(status) && location) {
            res.resume();
            let next: URL;
            try {
              next = new URL(location, url);
            } catch {
              throw new FetchError('bad-url', url.toString(), `${url.toString()} redirected to an invalid URL.`);
            }
            if (redirects.length >= maxRedirects) {
              throw new FetchError('redirects', url.toString(), `Refused ${rawUrl}: more than ${maxRedirects} redirects.`);
            }
            redirects.push({ from: url.toString(), to: next.toString(), status });
            url = next;
            continue;
          }
          const base = { url: url.toString(), status, headers: res.headers, redirects };
          const [type, charset] = parseContentType(headerValue(res.headers['content-type']));
          if (status === 304) {
            res.resume();
            return { ...base, contentType: type, charset, body: Buffer.alloc(0) };
          }
          if (status < 200 || status > 299) {
            res.resume();
            const retryAfter = headerValue(res.headers['retry-after']);
            throw new FetchError('http-status', url.toString(), `${url.toString()} answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}.`, {
              status,
              retryAfter,
            });
          }
          if (type && !ACCEPTED[expect](type)) {
            res.destroy();
            throw new FetchError(
              'content-type',
              url.toString(),
              `Refused ${url.toString()}: its content type ${type} is not ${expect === 'feed' ? 'a feed or a web page' : 'a web page'}.`,
            );
          }
          const declared = Number(headerValue(res.headers['content-length']));
          if (Number.isFinite(declared) && declared > maxBytes) {
            res.destroy();
            throw new FetchError('too-large', url.toString(), `Refused ${url.toString()}: it declares ${mb(declared)}, over the ${mb(maxBytes)} limit.`);
          }
          const body = await readBody(res, url.toString(), maxBytes);
          return { ...base, contentType: type, charset, body };
        }
      };

      const running = run();
      // When the timeout wins, the abandoned attempt still settles (its socket was destroyed); nothing may be unhandled.
      running.catch(() => undefined);
      try {
        return await Promise.race([running, timeout]);
      } catch (err) {
        const failure = err instanceof FetchError ? err : networkError(url.toString(), err);
        deps.logger?.debug({ url: failure.url, reason: failure.reason, status: failure.status }, failure.message);
        throw failure;
      } finally {
        timers.clearTimeout(timer);
        live.req?.destroy();
      }
    },
  };

  function send(
    url: URL,
    target: { address: string; family: number },
    expect: ExpectedContent,
    extra: Record<string, string>,
    onRequest: (req: ClientRequest) => void,
  ): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
      // Connect to the address that was checked, never to a second DNS answer (closes the DNS-rebinding gap). The host
      // name stays in the URL so the Host header, TLS SNI and certificate checks use it.
      const lookup = (
        _host: string,
        opts: { all?: boolean },
        cb: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
      ): void => {
        if (opts?.all) cb(null, [{ address: target.address, family: target.family }]);
        else cb(null, target.address, target.family);
      };
      const req = request(url, {
        method: 'GET',
        agent: false,
        lookup: lookup as never,
        headers: {
          'user-agent': userAgent,
          accept: ACCEPT[expect],
          'accept-encoding': 'gzip, deflate, br',
          ...extra,
        },
      });
      onRequest(req);
      let connectTimer: unknown = null;
      const clearConnect = (): void => {
        if (connectTimer !== null) timers.clearTimeout(connectTimer);
        connectTimer = null;
      };
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        connectTimer = timers.setTimeout(() => {
          req.destroy(
            new FetchError('connect', url.toString(), `Cannot fetch ${url.toString()}: no connection within ${connectTimeoutMs / 1000} s.`),
          );
        }, connectTimeoutMs);
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', clearConnect);
      });
      req.on('response', (res) => {
        clearConnect();
        resolve(res);
      });
      req.on('error', (err) => {
        clearConnect();
        reject(err);
      });
      req.end();
    });
  }
}

function networkError(url: string, err: unknown): FetchError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'the connection was refused',
    ECONNRESET: 'the connection was reset',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'the host is unreachable',
    ENETUNREACH: 'the network is unreachable',
    EPROTO: 'the TLS handshake failed',
  };
  const what = (code && known[code]) ?? (err as Error)?.message ?? String(err);
  return new FetchError('network', url, `Cannot fetch ${url}: ${what}.`, { cause: err });
}

