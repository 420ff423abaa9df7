import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Feeds served from several loopback addresses (127.0.0.1, 127.0.0.2, …), each its own host for politeness limits. */
export interface MultiHostFeeds {
  /** URL of feed `n` (feeds are spread round-robin over the hosts). */
  url(n: number): string;
  /** Requests per feed number. */
  hits: Map<number, number>;
  /** Arrival times (ms since the epoch) of the requests per feed number. */
  hitTimes: Map<number, number[]>;
  /** Most requests in flight at once, per host name. */
  maxInFlight: Map<string, number>;
  /** Most requests in flight at once over all hosts. */
  maxInFlightAll(): number;
  /** Requests answered so far. */
  served(): number;
  /** Stops every server. */
  close(): Promise<void>;
}

/** Options of {@link startMultiHostFeeds}. */
export interface MultiHostOptions {
  /** Loopback hosts (127.0.0.1 … 127.0.0.<hosts>). */
  hosts: number;
  /** Items in every feed document; item `i` of feed `n` has the GUID `feed-n-i` and text of its own. */
  items: number;
  /** Time each answer takes, so polls overlap (a server-side delay). */
  delayMs: number;
}

const WORDS = 'ceasefire border convoy refugees election parliament protest militia governor sanctions pipeline harvest inflation verdict envoy summit truce withdrawal shelling negotiations'.split(' ');

/** A full-text body unique to (feed, item): not a teaser, so no article page is fetched. */
function body(feed: number, item: number): string {
  const words = Array.from({ length: 90 }, (_, k) => WORDS[(feed * 7 + item * 13 + k * k) % WORDS.length]);
  return `Report ${feed}-${item}: ${words.join(' ')}. Officials of district ${feed} confirmed item ${item} on the record.`;
}

function rssFor(feed: number, items: number): string {
  const list = Array.from(
    { length: items },
    (_, i) =>
      `<item><title>Feed ${feed} story ${i}</title><guid isPermaLink="false">feed-${feed}-${i}</guid>` +
      `<pubDate>${new Date(Date.UTC(2025, 10, 20, 10, i)).toUTCString()}</pubDate><description>${body(feed, i)}</description></item>`,
  ).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed ${feed}</title><link>https://news.example.com/</link><description>d</description>${list}</channel></rss>`;
}

export async function startMultiHostFeeds(options: MultiHostOptions): Promise<MultiHostFeeds> {
  const hits = new Map<number, number>();
  const hitTimes = new Map<number, number[]>();
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  let all = 0;
  let maxAll = 0;
  let served = 0;
  const servers: { server: Server; origin: string }[] = [];
  for (let h = 1; h <= options.hosts; h++) {
    const address = `127.0.0.${h}`;
    const server = createServer((req, res) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const m = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
      if (!m) {
        res.writeHead(404).end();
        return;
      }
      const n = Number(m[1]);
      hits.set(n, (hits.get(n) ?? 0) + 1);
      hitTimes.set(n, [...(hitTimes.get(n) ?? []), Date.now()]);
      inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
      maxInFlight.set(host, Math.max(maxInFlight.get(host) ?? 0, inFlight.get(host)!));
      maxAll = Math.max(maxAll, ++all);
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        inFlight.set(host, inFlight.get(host)! - 1);
        all--;
      };
      // A client that dies (kill -9) closes the socket: its request is no longer in flight.
      res.on('close', finish);
      setTimeout(() => {
        served++;
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFor(n, options.items), finish);
      }, options.delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    servers.push({ server, origin: `http://${address}:${(server.address() as AddressInfo).port}` });
  }
  return {
    url: (n) => `${servers[n % servers.length]!.origin}/feed/${n}.xml`,
    hits,
    hitTimes,
    maxInFlight,
    maxInFlightAll: () => maxAll,
    served: () => served,
    close: () =>
      Promise.all(
        servers.map(
          ({ server }) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}
