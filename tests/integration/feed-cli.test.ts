import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHandler, startFakeHttpServer, type FakeHttpServer } from '../fakes/http-server.ts';
import { articlePage, longText, rss } from '../fixtures/feeds.ts';
import { WIRE } from '../fixtures/wire-story.ts';
import { runSitrep } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-feed-cli-'));
let server: FakeHttpServer;
const ALLOW = { SITREP_FETCH_ALLOW: '127.0.0.1' };
// Item links point at the loopback server, so nothing ever resolves a real host name.
const item = (i: number) => ({
  title: `Story ${i}`,
  link: `http://127.0.0.1/story-${i}`,
  guid: `s${i}`,
  pubDate: `Tue, 11 Nov 2025 0${i}:00:00 GMT`,
  description: longText(`story number ${i}`),
});
const desk = documentHandler(rss('Desk', [item(1), item(2)]), { etag: true });
const wire = documentHandler(rss('Wire', [item(3)]), { lastModified: 'Tue, 11 Nov 2025 10:00:00 GMT' });

beforeAll(async () => {
  server = await startFakeHttpServer();
  server.route('/desk.xml', desk);
  server.route('/wire.xml', wire);
  server.route('/home.html', (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><link rel="alternate" type="application/rss+xml" href="/wire.xml"></head></html>'),
  );
  server.route('/other.xml', documentHandler(rss('Other', [item(4)])));
  server.route('/article.html', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage('Nasib crossing reopens', [WIRE])));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sitrep feed … in a child process (SITREP_FETCH_ALLOW=127.0.0.1)', () => {
  const db = join(dir, 'feeds.db');
  const sitrep = (args: string[], env: Record<string, string> = ALLOW) => runSitrep(['--db', db, ...args], { env });

  it('adds feeds (one found on a web page), lists them as text, JSON and OPML', async () => {
    const add = await sitrep(['feed', 'add', `${server.origin}/desk.xml`, `${server.origin}/home.html`, '--every', '30m', '--format', 'json']);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const { results } = JSON.parse(add.stdout);
    expect(results.map((r: { status: string }) => r.status)).toEqual(['added', 'added']);
    expect(results[1]).toMatchObject({ discoveredFrom: `${server.origin}/home.html`, stored: 1, feed: { url: `${server.origin}/wire.xml`, every: '30m' } });

    const list = await sitrep(['feed', 'list', '--format', 'json']);
    const { feeds } = JSON.parse(list.stdout);
    expect(feeds).toHaveLength(2);
    expect(feeds[0]).toMatchObject({ id: 1, title: 'Desk', status: 'ok', itemsStored: 2, every: '30m', lastError: null });
    expect(feeds[0].lastSuccessAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const md = await sitrep(['feed', 'list']);
    expect(md.stdout).toMatch(/^# Feeds/);
    expect(md.stdout).toMatch(/#2 Wire <http:\/\/127\.0\.0\.1:\d+\/wire\.xml> — ok; every 30m; last success \d{4}-\d\d-\d\d \d\d:\d\d; 1 item stored/);

    const opml = await sitrep(['feed', 'list', '--opml']);
    expect(opml.stdout).toMatch(/<opml version="2\.0">/);
    expect(opml.stdout).toContain(`xmlUrl="${server.origin}/desk.xml"`);
    writeFileSync(join(dir, 'export.opml'), opml.stdout);
  });

  it('polls once with conditional GET, announcing only new items, then removes a feed', async () => {
    desk.set(rss('Desk', [item(5), item(1), item(2)]));
    const poll = await sitrep(['feed', 'poll', '--once', '--format', 'json']);
    expect(poll.code).toBe(0);
    const reports = JSON.parse(poll.stdout).feeds;
    expect(reports).toEqual([
      expect.objectContaining({ id: 1, result: 'stored', added: 1, announced: 1, status: 'ok' }),
      expect.objectContaining({ id: 2, result: 'not-modified', added: 0 }),
    ]);
    expect(server.hits('/wire.xml').at(-1)!.headers['if-modified-since']).toBe('Tue, 11 Nov 2025 10:00:00 GMT');

    const text = await sitrep(['feed', 'poll', '--once']);
    expect(text.stdout).toMatch(/#1 Desk: not modified\n#2 Wire: not modified/);

    const removed = await sitrep(['feed', 'remove', '2']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/Removed #2 Wire .*\nIts stored articles stay\./);
    const missing = await sitrep(['feed', 'remove', '2']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No feed has id 2 in this workspace\.\nFeed ids: 1/);
  });

  it('imports OPML, adds an article page, and refuses loopback without the allow-list', async () => {
    writeFileSync(
      join(dir, 'more.opml'),
      `<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="Other" xmlUrl="${server.origin}/other.xml"/></body></opml>`,
    );
    const imp = await sitrep(['feed', 'add', '--opml', join(dir, 'more.opml')]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/^added +#3 Other/);

    const page = await sitrep(['add', `${server.origin}/article.html`, '--format', 'json']);
    expect(page.code).toBe(0);
    expect(JSON.parse(page.stdout)).toMatchObject({ status: 'added', title: 'Nasib crossing reopens', source: 'Example News' });

    const refused = await sitrep(['feed', 'add', `${server.origin}/not-yet.xml`], {});
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/failed {2}http:\/\/127\.0\.0\.1:\d+\/not-yet\.xml: Refused .*127\.0\.0\.1 is a loopback \(127\.0\.0\.0\/8\) address/);
    const refusedPage = await sitrep(['add', 'http://169.254.169.254/latest/meta-data/'], {});
    expect(refusedPage.code).toBe(1);
    expect(refusedPage.stderr).toMatch(/cloud metadata service/);

    const usage = await sitrep(['feed', 'add', `${server.origin}/x.xml`, '--every', '1m']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/at most every 5 minutes; got 1m/);
    const bad = await sitrep(['feed', 'frob']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown feed command "frob"/);
  });
});

describe('sitrep feed poll with a feed that moved permanently', () => {
  it('says the feed moved, and feed list shows the new URL', async () => {
    const db = join(dir, 'moved.db');
    const sitrep = (args: string[]) => runSitrep(['--db', db, ...args], { env: ALLOW });
    server.route('/moved-new.xml', documentHandler(rss('Moved Desk', [item(6)])));
    server.route('/moved-old.xml', (_req, res) => res.writeHead(301, { location: '/moved-new.xml' }).end());
    expect((await sitrep(['feed', 'add', `${server.origin}/moved-old.xml`])).code).toBe(0);

    const poll = await sitrep(['feed', 'poll', '--once']);
    expect(poll.code).toBe(0);
    expect(poll.stdout).toContain(`#1 Moved Desk: 0 new (0 announced), 0 updated, 0 already stored; moved permanently, now polled at <${server.origin}/moved-new.xml>`);

    const list = await sitrep(['feed', 'list', '--format', 'json']);
    expect(JSON.parse(list.stdout).feeds[0]).toMatchObject({ id: 1, url: `${server.origin}/moved-new.xml`, status: 'ok' });
  });
});
