import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { FeedRecord } from '../../src/store/ports/feed-store.ts';
import { documentHandler } from '../fakes/http-server.ts';
import { BILLION_LAUGHS, longText, rss } from '../fixtures/feeds.ts';
import { manualTimers } from '../fakes/manual-timers.ts';
import { capturingLogger, type LogEntry } from '../helpers/capturing-logger.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';
import { sourcesHarness, useFeedServer } from '../helpers/sources.ts';

const MIN = 60_000;
const env = useFeedServer('t');
const { path } = env;


const FEED = rss('Wire Service', [
  { title: 'Talks resume in Jeddah', link: 'https://news.example.com/a', guid: 'a', pubDate: 'Tue, 11 Nov 2025 08:00:00 GMT', description: longText('talks') },
  { title: 'Border crossing reopens', link: 'https://news.example.com/b', guid: 'b', pubDate: 'Tue, 11 Nov 2025 09:00:00 GMT', description: longText('the border') },
]);

async function subscribe(url: string, workspace = 'local'): Promise<FeedRecord> {
  const [r] = await env.h.service.addFeeds({ workspace, urls: [url], by: 'test', channel: { platform: 'slack', id: 'C1' } });
  expect(r, JSON.stringify(r)).toMatchObject({ status: 'added' });
  return (await env.h.feeds.getFeed(workspace, r!.feed!.id))!;
}

/** Moves the clock past the feed's next poll and runs the poller once. */
async function pollWhenDue(feedId: number, extraMs = 1): Promise<void> {
  const feed = (await env.h.feeds.getFeed('local', feedId))!;
  env.h.clock.set(new Date(feed.nextPollAt.getTime() + extraMs).toISOString());
  await env.h.poller.pollDue();
}

describe('conditional GET', () => {
  it('sends the ETag back and handles 304 without parsing again', async () => {
    const p = path('etag.xml');
    const doc = documentHandler(FEED, { etag: true });
    env.server.route(p, doc);
    const feed = await subscribe(`${env.server.origin}${p}`);
    expect(env.h.parses()).toBe(1);
    expect(feed.etag).toMatch(/^"/);

    const [report] = await env.h.service.pollFeeds('local');
    expect(report).toMatchObject({ result: 'not-modified', added: 0 });
    expect(doc.notModified).toBe(1);
    expect(env.h.parses()).toBe(1);
    expect(env.server.hits(p).at(-1)!.headers['if-none-match']).toBe(feed.etag);
    expect((await env.h.feeds.getFeed('local', feed.id))!.lastSuccessAt).toEqual(env.h.clock.now());

    doc.set(FEED.replace('Talks resume', 'Talks restart'));
    const [changed] = await env.h.service.pollFeeds('local');
    expect(changed).toMatchObject({ result: 'stored', updated: 1 });
    expect(env.h.parses()).toBe(2);
  });

  it('sends Last-Modified back as If-Modified-Since', async () => {
    const p = path('lm.xml');
    const doc = documentHandler(FEED, { lastModified: 'Tue, 11 Nov 2025 10:00:00 GMT' });
    env.server.route(p, doc);
    await subscribe(`${env.server.origin}${p}`);
    const [report] = await env.h.service.pollFeeds('local');
    expect(report!.result).toBe('not-modified');
    expect(env.server.hits(p).at(-1)!.headers['if-modified-since']).toBe('Tue, 11 Nov 2025 10:00:00 GMT');
    expect(env.h.parses()).toBe(1);
  });
});

describe('compressed feeds', () => {
  it('reads a gzip-encoded answer', async () => {
    const p = path('gz.xml');
    env.server.route(p, documentHandler(FEED, { gzip: true }));
    const feed = await subscribe(`${env.server.origin}${p}`);
    expect(feed.itemsStored).toBe(2);
    expect(env.server.hits(p)[0]!.headers['accept-encoding']).toMatch(/gzip/);
  });

  it.skipIf(!hasSharedData)(`reads a feed file that is itself gzip data, in Windows-1251${SKIP_REASON}`, async () => {
    const p = path('compressed.xml');
    env.server.route(p, documentHandler(readFileSync(shared('feeds', 'node-feedparser--compressed.xml')), { contentType: 'application/octet-stream' }));
    const feed = await subscribe(`${env.server.origin}${p}`);
    expect(feed.itemsStored).toBe(10);
    expect(feed.title).toBe('Новости Оренбурга и области / Раздел Новости');
  });
});

describe('rate limits, failures and health', () => {
  it('backs off after 429 with Retry-After and does not poll before it', async () => {
    const p = path('busy.xml');
    const doc = documentHandler(FEED);
    env.server.route(p, doc);
    const feed = await subscribe(`${env.server.origin}${p}`);
    env.server.route(p, (_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end('slow down'));
    await pollWhenDue(feed.id);
    const after = (await env.h.feeds.getFeed('local', feed.id))!;
    expect(after.status).toBe('failing');
    expect(after.lastError).toMatch(/HTTP 429.*asked to wait 3600 s/);
    expect(after.nextPollAt.getTime() - env.h.clock.now().getTime()).toBeGreaterThanOrEqual(3600_000);

    const hits = env.server.hits(p).length;
    env.h.clock.set(new Date(env.h.clock.now().getTime() + 30 * MIN).toISOString());
    expect(await env.h.poller.pollDue()).toEqual([]);
    expect(env.server.hits(p)).toHaveLength(hits);

    env.server.route(p, doc);
    env.h.clock.set(new Date(after.nextPollAt.getTime() + 1).toISOString());
    const [o] = await env.h.poller.pollDue();
    expect(o).toMatchObject({ result: 'stored', status: 'ok' });
    expect((await env.h.feeds.getFeed('local', feed.id))!.failures).toBe(0);
  });

  it('marks a feed unhealthy after repeated 500s and tells its channel exactly once', async () => {
    const p = path('broken.xml');
    const doc = documentHandler(FEED);
    env.server.route(p, doc);
    const feed = await subscribe(`${env.server.origin}${p}`);
    env.server.route(p, (_req, res) => res.writeHead(500).end('boom'));
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      await pollWhenDue(feed.id);
      const f = (await env.h.feeds.getFeed('local', feed.id))!;
      delays.push(Math.round((f.nextPollAt.getTime() - env.h.clock.now().getTime()) / MIN));
      expect(f.status).toBe(i + 1 >= 5 ? 'unhealthy' : 'failing');
    }
    // Exponential backoff from the 15-minute interval, capped at 6 hours; the feed keeps being tried.
    expect(delays).toEqual([15, 30, 60, 120, 240, 360, 360, 360]);
    expect(env.h.published).toHaveLength(1);
    expect(env.h.published[0]!.channel).toEqual({ platform: 'slack', workspace: 'local', channelId: 'C1' });
    const notice = JSON.stringify(env.h.published[0]!.reply);
    expect(notice).toMatch(/failed 5 polls in a row/);
    expect(notice).toMatch(/HTTP 500/);

    const [view] = await env.h.service.listFeeds('local');
    expect(view).toMatchObject({ status: 'unhealthy', failures: 8 });
    expect(view!.lastError).toMatch(/HTTP 500/);
    expect(view!.unhealthySince).not.toBeNull();

    // Recovery clears the state; a later unhealthy period would be reported again.
    env.server.route(p, doc);
    await pollWhenDue(feed.id);
    const healed = (await env.h.feeds.getFeed('local', feed.id))!;
    expect(healed).toMatchObject({ status: 'ok', failures: 0, noticeSentAt: null, unhealthySince: null });
    expect(env.h.published).toHaveLength(1);
  });

  it('times out a feed server that stops answering, and records the timeout as a failure', async () => {
    const timers = manualTimers();
    const slow = sourcesHarness({ timers });
    try {
      const p = path('slow.xml');
      env.server.route(p, documentHandler(FEED));
      const [r] = await slow.service.addFeeds({ workspace: 'local', urls: [`${env.server.origin}${p}`], by: 't' });
      let arrived!: () => void;
      const seen = new Promise<void>((resolve) => (arrived = resolve));
      env.server.route(p, () => arrived());
      const feed = (await slow.feeds.getFeed('local', r!.feed!.id))!;
      const polling = slow.poll.poll(feed);
      await seen;
      timers.advance(20_000);
      const outcome = await polling;
      expect(outcome).toMatchObject({ result: 'failed', status: 'failing' });
      expect(outcome.error).toMatch(/took longer than 20 s and was stopped/);
    } finally {
      slow.close();
    }
  });

  it('records a refused answer (here a content type that is not a feed) as a failure with its reason', async () => {
    const p = path('gone.xml');
    env.server.route(p, documentHandler(FEED));
    const feed = await subscribe(`${env.server.origin}${p}`);
    env.server.route(p, (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end('x'));
    await pollWhenDue(feed.id);
    expect((await env.h.feeds.getFeed('local', feed.id))!.lastError).toMatch(/content type image\/png/);
  });

  it('refuses a billion-laughs document and stores nothing', async () => {
    const p = path('lol.xml');
    env.server.route(p, documentHandler(FEED));
    const feed = await subscribe(`${env.server.origin}${p}`);
    const before = await env.h.store.countArticles('local');
    env.server.route(p, documentHandler(BILLION_LAUGHS));
    await pollWhenDue(feed.id);
    const f = (await env.h.feeds.getFeed('local', feed.id))!;
    expect(f.lastError).toMatch(/declares XML entities .* refused/);
    expect(await env.h.store.countArticles('local')).toBe(before);
    const [added] = await env.h.service.addFeeds({ workspace: 'local', urls: [`${env.server.origin}${p}`], by: 't' });
    expect(added).toMatchObject({ status: 'exists' });
  });

  it('reports a malformed feed with its line number', async () => {
    const p = path('bad.xml');
    env.server.route(p, documentHandler('<?xml version="1.0"?>\n<rss version="2.0"><channel>\n<title>A & B</title></channel></rss>'));
    const [r] = await env.h.service.addFeeds({ workspace: 'local', urls: [`${env.server.origin}${p}`], by: 't' });
    expect(r).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Malformed XML at line 3/) });
    expect(await env.h.service.listFeeds('local')).toEqual([]);
  });

  it('refuses a feed that redirects to a private address', async () => {
    const p = path('redirect.xml');
    env.server.route(p, (_req, res) => res.writeHead(302, { location: 'http://192.168.0.10/feed.xml' }).end());
    const [r] = await env.h.service.addFeeds({ workspace: 'local', urls: [`${env.server.origin}${p}`], by: 't' });
    expect(r).toMatchObject({ status: 'failed', error: expect.stringMatching(/192\.168\.0\.10 is a private network/) });
  });
});

describe('the poller', () => {
  it('polls only due feeds, and each once per round', async () => {
    const a = path('a.xml');
    const b = path('b.xml');
    env.server.route(a, documentHandler(FEED, { etag: true }));
    env.server.route(b, documentHandler(FEED.replace(/news\.example\.com\/(a|b)/g, 'other.example.com/$1'), { etag: true }));
    await subscribe(`${env.server.origin}${a}`);
    const fb = await subscribe(`${env.server.origin}${b}`);
    await env.h.feeds.updateFeedState(fb.id, { nextPollAt: new Date(env.h.clock.now().getTime() + 60 * MIN) });
    env.h.clock.set(new Date(env.h.clock.now().getTime() + 20 * MIN).toISOString());
    const outcomes = await env.h.poller.pollDue();
    expect(outcomes.map((o) => o.url)).toEqual([`${env.server.origin}${a}`]);
  });
});

describe('feeds that moved', () => {
  const redirect =
    (status: number, to: string) =>
    (_req: unknown, res: ServerResponse): void =>
      void res.writeHead(status, { location: to }).end();

  it('follows a 301 for good: the subscription takes the new URL and the next poll asks there directly', async () => {
    const oldPath = path('old.xml');
    const newPath = path('new.xml');
    const doc = documentHandler(FEED, { etag: true });
    env.server.route(newPath, doc);
    env.server.route(oldPath, redirect(301, `${env.server.origin}${newPath}`));
    const feed = await subscribe(`${env.server.origin}${oldPath}`);
    expect(feed.url).toBe(`${env.server.origin}${oldPath}`);

    // The validators travel with the redirect, so this answer is a 304: a move is followed on 304 as on 200.
    const [first] = await env.h.service.pollFeeds('local');
    expect(first).toMatchObject({ result: 'not-modified', status: 'ok', url: `${env.server.origin}${oldPath}`, movedTo: `${env.server.origin}${newPath}` });
    const [view] = await env.h.service.listFeeds('local');
    expect(view).toMatchObject({ id: feed.id, url: `${env.server.origin}${newPath}`, status: 'ok', itemsStored: 2 });

    const oldHits = env.server.hits(oldPath).length;
    const newHits = env.server.hits(newPath).length;
    await pollWhenDue(feed.id);
    expect(env.server.hits(oldPath)).toHaveLength(oldHits);
    expect(env.server.hits(newPath)).toHaveLength(newHits + 1);
    expect(env.server.hits(newPath).at(-1)!.headers['if-none-match']).toBe(feed.etag);
    expect(doc.notModified).toBe(2);
  });

  it('follows a 308 the same way, on a poll that stores a changed document', async () => {
    const oldPath = path('old.xml');
    const newPath = path('new.xml');
    const doc = documentHandler(FEED);
    env.server.route(newPath, doc);
    env.server.route(oldPath, redirect(308, newPath));
    const feed = await subscribe(`${env.server.origin}${oldPath}`);
    doc.set(FEED.replace('Talks resume', 'Talks restart'));

    await pollWhenDue(feed.id);
    const moved = (await env.h.feeds.getFeed('local', feed.id))!;
    expect(moved).toMatchObject({ url: `${env.server.origin}${newPath}`, status: 'ok', failures: 0 });

    const oldHits = env.server.hits(oldPath).length;
    const [next] = await env.h.service.pollFeeds('local');
    expect(next).toMatchObject({ result: 'stored', url: `${env.server.origin}${newPath}`, movedTo: null });
    expect(env.server.hits(oldPath)).toHaveLength(oldHits);
  });

  it.each([302, 303, 307])('keeps the URL when the redirect is temporary (%i)', async (status) => {
    const oldPath = path('old.xml');
    const newPath = path('new.xml');
    env.server.route(newPath, documentHandler(FEED));
    env.server.route(oldPath, redirect(status, `${env.server.origin}${newPath}`));
    const feed = await subscribe(`${env.server.origin}${oldPath}`);

    const [report] = await env.h.service.pollFeeds('local');
    expect(report).toMatchObject({ result: 'stored', status: 'ok', movedTo: null });
    expect((await env.h.feeds.getFeed('local', feed.id))!.url).toBe(`${env.server.origin}${oldPath}`);
    const oldHits = env.server.hits(oldPath).length;
    await pollWhenDue(feed.id);
    expect(env.server.hits(oldPath)).toHaveLength(oldHits + 1);
  });

  it.each([
    [301, 302],
    [302, 301],
    [308, 307],
  ])('keeps the URL when a chain mixes permanent and temporary redirects (%i then %i)', async (first, second) => {
    const oldPath = path('old.xml');
    const midPath = path('mid.xml');
    const newPath = path('new.xml');
    env.server.route(newPath, documentHandler(FEED));
    env.server.route(midPath, redirect(second, `${env.server.origin}${newPath}`));
    env.server.route(oldPath, redirect(first, `${env.server.origin}${midPath}`));
    const feed = await subscribe(`${env.server.origin}${oldPath}`);

    const [report] = await env.h.service.pollFeeds('local');
    expect(report).toMatchObject({ result: 'stored', status: 'ok', movedTo: null });
    expect(env.server.hits(midPath).length).toBeGreaterThan(0);
    expect((await env.h.feeds.getFeed('local', feed.id))!.url).toBe(`${env.server.origin}${oldPath}`);
  });

  it('keeps the old URL, and the poll succeeds, when the workspace already subscribes to the new one', async () => {
    const entries: LogEntry[] = [];
    env.rewire({ logger: capturingLogger(entries) });
    const oldPath = path('old.xml');
    const newPath = path('new.xml');
    env.server.route(newPath, documentHandler(FEED));
    env.server.route(oldPath, redirect(301, `${env.server.origin}${newPath}`));
    const current = await subscribe(`${env.server.origin}${newPath}`);
    const stale = await subscribe(`${env.server.origin}${oldPath}`);

    await pollWhenDue(stale.id);
    const after = (await env.h.feeds.getFeed('local', stale.id))!;
    expect(after).toMatchObject({ url: `${env.server.origin}${oldPath}`, status: 'ok', failures: 0, lastError: null });
    expect(after.lastSuccessAt).toEqual(env.h.clock.now());
    expect((await env.h.feeds.getFeed('local', current.id))!.url).toBe(`${env.server.origin}${newPath}`);
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'info',
        fields: expect.objectContaining({ feed: stale.id, to: `${env.server.origin}${newPath}` }),
        msg: expect.stringMatching(/already subscribes/),
      }),
    );
  });

  it('still refuses a permanent redirect to a private address and keeps the URL', async () => {
    const p = path('moved-inside.xml');
    env.server.route(p, documentHandler(FEED));
    const feed = await subscribe(`${env.server.origin}${p}`);
    env.server.route(p, redirect(301, 'http://10.1.2.3/feed.xml'));
    await pollWhenDue(feed.id);
    const after = (await env.h.feeds.getFeed('local', feed.id))!;
    expect(after).toMatchObject({ url: `${env.server.origin}${p}`, status: 'failing' });
    expect(after.lastError).toMatch(/10\.1\.2\.3 is a private network/);
  });
});
