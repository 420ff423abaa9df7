import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/ingest/http/fetch-error.ts';
import { createSafeFetcher, type Resolver } from '../../src/ingest/http/safe-fetch.ts';
import { startFakeHttpServer, type FakeHttpServer } from '../fakes/http-server.ts';
import { manualTimers } from '../fakes/manual-timers.ts';

let server: FakeHttpServer;
beforeAll(async () => {
  server = await startFakeHttpServer();
});
afterAll(() => server.close());

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>';
const MB = 1024 * 1024;

async function refusal(p: Promise<unknown>): Promise<FetchError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchError);
  return err as FetchError;
}

describe('safe fetch: what it reads', () => {
  const fetcher = () => createSafeFetcher({ allow: ['127.0.0.1'] });

  it('fetches from an allowed loopback server and reports type and charset', async () => {
    server.route('/plain.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml; charset=ISO-8859-1' }).end(RSS));
    const r = await fetcher().fetch(`${server.origin}/plain.xml`);
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('application/rss+xml');
    expect(r.charset).toBe('iso-8859-1');
    expect(r.body.toString()).toBe(RSS);
    expect(server.hits('/plain.xml')[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
    ['br', brotliCompressSync],
  ] as const)('decodes %s bodies (%#)', async (encoding, compress) => {
    const path = `/enc-${encoding}-${compress.name}`;
    server.route(path, (_req, res) => res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': encoding }).end(compress(Buffer.from(RSS))));
    const r = await fetcher().fetch(`${server.origin}${path}`);
    expect(r.body.toString()).toBe(RSS);
  });

  it('follows a chain of redirects and records it', async () => {
    server.route('/r1', (_req, res) => res.writeHead(301, { location: '/r2' }).end());
    server.route('/r2', (_req, res) => res.writeHead(302, { location: `${server.origin}/r3` }).end());
    server.route('/r3', (_req, res) => res.writeHead(308, { location: '/plain.xml' }).end());
    const r = await fetcher().fetch(`${server.origin}/r1`);
    expect(r.url).toBe(`${server.origin}/plain.xml`);
    expect(r.redirects.map((x) => x.status)).toEqual([301, 302, 308]);
  });

  it('refuses more than five redirects', async () => {
    for (let i = 0; i < 7; i++) server.route(`/loop${i}`, (_req, res) => res.writeHead(302, { location: `/loop${i + 1}` }).end());
    const err = await refusal(fetcher().fetch(`${server.origin}/loop0`));
    expect(err.reason).toBe('redirects');
    expect(err.message).toMatch(/more than 5 redirects/);
    expect(server.hits('/loop6')).toHaveLength(0);
  });

  it('refuses a redirect to a private address, checked again at every hop', async () => {
    server.route('/to-private', (_req, res) => res.writeHead(302, { location: 'http://10.0.0.1/admin' }).end());
    server.route('/to-metadata', (_req, res) => res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
    const a = await refusal(fetcher().fetch(`${server.origin}/to-private`));
    expect(a.reason).toBe('private-address');
    expect(a.message).toMatch(/10\.0\.0\.1 is a private network \(10\.0\.0\.0\/8\) address/);
    const b = await refusal(fetcher().fetch(`${server.origin}/to-metadata`));
    expect(b.reason).toBe('metadata');
  });

  it('passes conditional headers and returns a 304 with an empty body', async () => {
    server.route('/cond', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { etag: '"v1"' }).end();
      else res.writeHead(200, { etag: '"v1"', 'content-type': 'text/xml' }).end(RSS);
    });
    const r = await fetcher().fetch(`${server.origin}/cond`, { headers: { 'if-none-match': '"v1"' } });
    expect(r.status).toBe(304);
    expect(r.body.length).toBe(0);
  });

  it('reports HTTP errors with their status and Retry-After', async () => {
    server.route('/busy', (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('slow down'));
    const err = await refusal(fetcher().fetch(`${server.origin}/busy`));
    expect(err).toMatchObject({ reason: 'http-status', status: 429, retryAfter: '120' });
    expect(err.message).toMatch(/HTTP 429/);
  });

  it('refuses content that is neither a feed nor a page', async () => {
    server.route('/img', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(10)));
    const err = await refusal(fetcher().fetch(`${server.origin}/img`));
    expect(err.reason).toBe('content-type');
    expect(err.message).toMatch(/image\/png is not a feed or a web page/);
    const page = await refusal(fetcher().fetch(`${server.origin}/plain.xml`, { expect: 'html' }));
    expect(page.reason).toBe('content-type');
  });
});

describe('safe fetch: size caps', () => {
  it('stops a 50 MB body at the cap without reading it all', async () => {
    let sent = 0;
    server.route('/huge', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = (): void => {
        while (sent < 50 * MB) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const err = await refusal(createSafeFetcher({ allow: ['127.0.0.1'] }).fetch(`${server.origin}/huge`));
    expect(err.reason).toBe('too-large');
    expect(err.message).toMatch(/passed the 10 MB limit/);
    expect(sent).toBeLessThan(30 * MB);
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    server.route('/declared', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(50 * MB) });
      res.write('x');
    });
    const err = await refusal(createSafeFetcher({ allow: ['127.0.0.1'] }).fetch(`${server.origin}/declared`));
    expect(err.reason).toBe('too-large');
    expect(err.message).toMatch(/declares 50 MB/);
  });

  it('stops a gzip bomb at the cap on the decompressed size', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * MB), { level: 9 });
    expect(bomb.length).toBeLessThan(MB);
    server.route('/bomb', (_req, res) => res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': 'gzip' }).end(bomb));
    const err = await refusal(createSafeFetcher({ allow: ['127.0.0.1'], maxBytes: 5 * MB }).fetch(`${server.origin}/bomb`));
    expect(err.reason).toBe('too-large');
    expect(err.message).toMatch(/decompressed body passed the 5 MB limit/);
  });
});

describe('safe fetch: timeouts (manual timers, no waiting)', () => {
  it('stops a server that never answers when the total timeout fires', async () => {
    const timers = manualTimers();
    let arrived!: () => void;
    const requestSeen = new Promise<void>((r) => (arrived = r));
    server.route('/slow', () => arrived());
    const fetcher = createSafeFetcher({ allow: ['127.0.0.1'], timers, totalTimeoutMs: 15_000 });
    const pending = fetcher.fetch(`${server.origin}/slow`);
    await requestSeen;
    timers.advance(14_999);
    timers.advance(1);
    const err = await refusal(pending);
    expect(err.reason).toBe('timeout');
    expect(err.message).toMatch(/longer than 15 s/);
  });

  it('fails with a connect timeout when the connection is not up when its timer fires', async () => {
    const timers = manualTimers();
    let fired = 0;
    const wrapped = {
      ...timers,
      setTimeout(fn: () => void, ms: number) {
        const h = timers.setTimeout(fn, ms);
        // Fire the connect timer at once, before the loopback connection can complete.
        if (ms === 4_321) queueMicrotask(() => (fired += timers.fireDelay(4_321)));
        return h;
      },
    };
    const fetcher = createSafeFetcher({ allow: ['127.0.0.1'], timers: wrapped, connectTimeoutMs: 4_321 });
    const err = await refusal(fetcher.fetch(`${server.origin}/plain.xml`));
    expect(fired).toBe(1);
    expect(err.reason).toBe('connect');
    expect(err.message).toMatch(/no connection within 4\.321 s/);
  });
});

describe('safe fetch: the private-address guard', () => {
  const resolveTo =
    (...addresses: string[]): Resolver =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'metadata', /cloud metadata service/],
    ['http://10.0.0.1/', 'private-address', /private network \(10\.0\.0\.0\/8\)/],
    ['http://[::1]/', 'private-address', /loopback \(::1\/128\)/],
    ['http://127.0.0.1:9/', 'private-address', /loopback/],
    ['http://0.0.0.0/', 'private-address', /unspecified/],
    ['http://100.100.100.200/', 'private-address', /carrier-grade NAT/],
    ['http://[::ffff:127.0.0.1]/', 'private-address', /loopback .* inside an IPv6 address/],
    ['http://[fe80::1]/', 'private-address', /link-local/],
    ['http://224.0.0.1/', 'private-address', /multicast/],
    // Numeric spellings of loopback, normalised by the URL parser before the check.
    ['http://2130706433/', 'private-address', /127\.0\.0\.1 is a loopback/],
    ['http://0x7f.1/', 'private-address', /127\.0\.0\.1 is a loopback/],
    ['http://[0:0:0:0:0:ffff:a00:1]/', 'private-address', /private network .* inside an IPv6 address/],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata', /cloud metadata service/],
    ['file:///etc/passwd', 'scheme', /only http and https/],
    ['ftp://example.com/feed.xml', 'scheme', /only http and https/],
    ['http://user:pw@example.com/', 'bad-url', /embedded credentials/],
    ['not a url', 'bad-url', /not a valid URL/],
  ])('refuses %s', async (url, reason, message) => {
    const resolver = resolveTo('93.184.216.34');
    const err = await refusal(createSafeFetcher({ resolver }).fetch(url));
    expect(err.reason).toBe(reason);
    expect(err.message).toMatch(message);
  });

  it('refuses a host name that resolves to 127.0.0.1 without the allow-list', async () => {
    const err = await refusal(createSafeFetcher({ resolver: resolveTo('127.0.0.1') }).fetch(`http://news.example.test:${server.port}/plain.xml`));
    expect(err.reason).toBe('private-address');
    expect(err.message).toMatch(/news\.example\.test resolves to 127\.0\.0\.1, which is a loopback/);
    expect(err.hint).toMatch(/SITREP_FETCH_ALLOW/);
  });

  it('refuses a name with one public and one private address', async () => {
    const err = await refusal(createSafeFetcher({ resolver: resolveTo('93.184.216.34', '192.168.1.1') }).fetch('http://mixed.example.test/'));
    expect(err.message).toMatch(/192\.168\.1\.1/);
  });

  it('connects to the address it checked, resolving once per hop (no DNS-rebinding gap)', async () => {
    let lookups = 0;
    const resolver: Resolver = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    // The name does not exist in real DNS: the request can only succeed by connecting to the checked address.
    const r = await createSafeFetcher({ resolver, allow: ['127.0.0.0/8'] }).fetch(`http://feeds.sitrep-test.invalid:${server.port}/plain.xml`);
    expect(r.status).toBe(200);
    expect(lookups).toBe(1);
    expect(server.requests.at(-1)!.headers.host).toBe(`feeds.sitrep-test.invalid:${server.port}`);
  });

  it('allows a listed host name whatever it resolves to', async () => {
    const r = await createSafeFetcher({ resolver: resolveTo('127.0.0.1'), allow: ['Intranet.Test'] }).fetch(`http://intranet.test:${server.port}/plain.xml`);
    expect(r.status).toBe(200);
  });

  it('reports a failed DNS lookup clearly', async () => {
    const resolver: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const err = await refusal(createSafeFetcher({ resolver }).fetch('http://nowhere.invalid/feed'));
    expect(err.reason).toBe('dns');
    expect(err.message).toMatch(/could not be resolved/);
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startFakeHttpServer();
    const port = closed.port;
    await closed.close();
    const err = await refusal(createSafeFetcher({ allow: ['127.0.0.1'] }).fetch(`http://127.0.0.1:${port}/`));
    expect(err.reason).toBe('network');
    expect(err.message).toMatch(/connection was refused/);
  });
});
