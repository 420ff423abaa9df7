/**
 * Loopback feed server for scripts/bench-feeds.ts, run as a separate process so that the poller's memory and CPU are
 * measured alone. Serves /feed/<n>.xml for n in [0, FEEDS): RSS 2.0 with ITEMS full-text items and an ETag.
 * POST /round/<r> moves to round r: odd-numbered feeds gain NEW_PER_ROUND items per round, even ones stay unchanged
 * (and answer 304 to a matching If-None-Match). Prints the port on stdout when listening.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const FEEDS = Number(process.argv[2] ?? 1000);
const ITEMS = 20;
const NEW_PER_ROUND = 5;

const WORDS =
  'government minister talks ceasefire border crossing aid convoy refugees election parliament vote protest police army rebels militia capital province governor agreement sanctions trade oil gas pipeline port airport hospital school water power drought flood harvest prices inflation currency bank court trial verdict journalist envoy summit delegation mediator truce offensive withdrawal troops casualties civilians shelling airstrike negotiations statement spokesman officials sources witnesses report agency'.split(
    ' ',
  );

/** Deterministic pseudo-random numbers (mulberry32), so every run serves the same corpus. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function paragraph(r: () => number, sentences: number): string {
  const out: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const n = 12 + Math.floor(r() * 14);
    const w = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]!);
    w[0] = w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1);
    out.push(`${w.join(' ')}.`);
  }
  return out.join(' ');
}

function item(feed: number, i: number): string {
  const r = rng(feed * 100_003 + i);
  const date = new Date(Date.UTC(2025, 10, 1) + (feed % 97) * 60_000 + i * 3_600_000).toUTCString();
  const body = `<p>${paragraph(r, 5)}</p><p>${paragraph(r, 5)}</p><p>${paragraph(r, 4)}</p>`;
  return `<item><title>${paragraph(r, 1).slice(0, 90)}</title><link>https://f${feed % 50}.bench.test/story/${feed}/${i}</link>
<guid isPermaLink="false">bench-${feed}-${i}</guid><pubDate>${date}</pubDate>
<description><![CDATA[${body}]]></description></item>`;
}

let round = 1;
const cache = new Map<string, { body: string; etag: string }>();

function documentFor(feed: number): { body: string; etag: string } {
  const extra = feed % 2 === 1 ? (round - 1) * NEW_PER_ROUND : 0;
  const key = `${feed}:${extra}`;
  let doc = cache.get(key);
  if (!doc) {
    const first = ITEMS + extra - 1;
    const items = Array.from({ length: ITEMS + extra }, (_, k) => item(feed, first - k)).join('\n');
    const body = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench feed ${feed}</title>
<link>https://f${feed % 50}.bench.test/</link><description>Benchmark feed</description>
${items}
</channel></rss>`;
    doc = { body, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"` };
    cache.set(key, doc);
  }
  return doc;
}

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const r = /^\/round\/(\d+)$/.exec(url);
  if (r && req.method === 'POST') {
    round = Number(r[1]);
    res.writeHead(204).end();
    return;
  }
  const m = /^\/feed\/(\d+)\.xml$/.exec(url);
  const n = m ? Number(m[1]) : -1;
  if (n < 0 || n >= FEEDS) {
    res.writeHead(404).end();
    return;
  }
  const doc = documentFor(n);
  if (req.headers['if-none-match'] === doc.etag) {
    res.writeHead(304, { etag: doc.etag }).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: doc.etag }).end(doc.body);
});
// A second argument `any` listens on every local address, so feeds can be spread over 127.0.0.x host names that
// separate poller processes reach without a custom resolver.
server.listen(0, process.argv[3] === 'any' ? '0.0.0.0' : '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
