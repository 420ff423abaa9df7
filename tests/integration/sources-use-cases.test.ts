import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/registry.ts';
import { coerceOptions, parseCommandText } from '../../commands/parse.ts';
import type { CommandContext } from '../../commands/command.ts';
import type { AddFeedResult } from '../../src/briefing/sources-port.ts';
import { renderMarkdown } from '../../src/chat/markdown-renderer.ts';
import { documentHandler } from '../fakes/http-server.ts';
import { articlePage, longText, rss } from '../fixtures/feeds.ts';
import { COPY, WIRE } from '../fixtures/wire-story.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';
import { sourcesHarness, useFeedServer } from '../helpers/sources.ts';

const env = useFeedServer('s');
const { path } = env;

const FEED = rss('Desk', [{ title: 'Talks resume', link: 'https://news.example.com/t', guid: 't', description: longText('talks') }]);

describe('subscribing', () => {
  it('finds the feed a web page announces with <link rel="alternate">', async () => {
    const feedPath = path('feed.xml');
    const pagePath = path('index.html');
    env.server.route(feedPath, documentHandler(FEED));
    env.server.route(pagePath, (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><link rel="alternate" type="application/rss+xml" href="${feedPath}"></head><body>Home</body></html>`),
    );
    const [r] = await env.h.service.addFeeds({ workspace: 'local', urls: [`${env.server.origin}${pagePath}`], by: 't' });
    expect(r).toMatchObject({ status: 'added', discoveredFrom: `${env.server.origin}${pagePath}`, stored: 1 });
    expect(r!.feed!.url).toBe(`${env.server.origin}${feedPath}`);
  });

  it('says plainly when a page announces no feed', async () => {
    const p = path('plain.html');
    env.server.route(p, (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><p>Hello</p></body></html>'));
    const [r] = await env.h.service.addFeeds({ workspace: 'local', urls: [`${env.server.origin}${p}`], by: 't' });
    expect(r).toMatchObject({ status: 'failed', error: expect.stringMatching(/is an HTML page that announces no feed/) });
  });

  it('rejects bad input clearly and keeps going with the other URLs', async () => {
    const p = path('ok.xml');
    env.server.route(p, documentHandler(FEED));
    const results = await env.h.service.addFeeds({ workspace: 'local', urls: ['ftp://x.example/feed', `${env.server.origin}${p}`, `${env.server.origin}${p}`], by: 't' });
    expect(results.map((r) => r.status)).toEqual(['failed', 'added', 'exists']);
    expect(results[0]!.error).toMatch(/not an http\(s\) URL/);
    await expect(env.h.service.addFeeds({ workspace: 'local', urls: [`${env.server.origin}${p}`], every: '2m', by: 't' })).rejects.toThrow(/at most every 5 minutes/);
    await expect(env.h.service.addFeeds({ workspace: 'local', urls: [], by: 't' })).rejects.toThrow(/at least one/);
  });

  it('refuses private addresses when nothing is allow-listed', async () => {
    const strict = sourcesHarness({ allow: [], resolver: async () => [{ address: '127.0.0.1', family: 4 }] });
    try {
      const results = await strict.service.addFeeds({
        workspace: 'local',
        urls: ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/feed', 'http://[::1]/feed', `http://feeds.example.test:${env.server.port}/x`],
        by: 't',
      });
      expect(results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
      expect(results.map((r) => r.error)).toEqual([
        expect.stringMatching(/cloud metadata service/),
        expect.stringMatching(/private network/),
        expect.stringMatching(/loopback/),
        expect.stringMatching(/feeds\.example\.test resolves to 127\.0\.0\.1/),
      ]);
    } finally {
      strict.close();
    }
  });

  it.skipIf(!hasSharedData)(`subscribes over HTTP to every shared feed file that is a feed, and refuses the others${SKIP_REASON}`, async () => {
    const files = readdirSync(shared('feeds')).sort();
    const urls = files.map((f) => {
      const p = path(f);
      env.server.route(p, documentHandler(readFileSync(shared('feeds', f)), { contentType: f.endsWith('.html') ? 'text/html' : 'application/xml' }));
      return `${env.server.origin}${p}`;
    });
    const results: AddFeedResult[] = [];
    for (let i = 0; i < urls.length; i += 50) results.push(...(await env.h.service.addFeeds({ workspace: 'local', urls: urls.slice(i, i + 50), by: 't' })));
    const failed = Object.fromEntries(files.flatMap((f, i) => (results[i]!.status === 'failed' ? [[f, results[i]!.error]] : [])));
    expect(failed).toEqual({
      'node-feedparser--notafeed.html': expect.stringMatching(/HTML page that announces no feed/),
      'node-feedparser--saxerror.xml': expect.stringMatching(/^Malformed XML at line 15/),
      'rss-parser--unrecognized.rss': expect.stringMatching(/not a feed: .* is an HTML page/),
    });
    const guardian = results[files.indexOf('rss-parser--guardian.rss')]!;
    expect(guardian.feed!.itemsStored).toBe(55);
    expect(await env.h.store.countArticles('local')).toBeGreaterThan(300);
  });
});

describe('OPML, listing and removal', () => {
  it('imports an OPML list, exports it again, and removes a feed keeping its articles', async () => {
    const p = path('opml-feed.xml');
    env.server.route(p, documentHandler(FEED));
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
      <outline text="News"><outline text="Desk" type="rss" xmlUrl="${env.server.origin}${p}" htmlUrl="https://news.example.com/"/></outline>
      <outline text="Bad" xmlUrl="javascript:alert(1)"/></body></opml>`;
    const imported = await env.h.service.importOpml({ workspace: 'local', opml, by: 't' });
    expect(imported.map((r) => r.status)).toEqual(['added', 'failed']);
    expect(imported[0]!.feed).toMatchObject({ status: 'pending', title: 'Desk', itemsStored: 0 });
    // Imported feeds are due at once: the poller picks them up.
    const outcomes = await env.h.poller.pollDue();
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ result: 'stored', added: 1, announced: 0 });

    const exported = await env.h.service.exportOpml('local');
    expect(exported).toContain(`xmlUrl="${env.server.origin}${p}"`);
    expect(exported).toMatch(/<opml version="2\.0">/);
    const again = sourcesHarness();
    try {
      expect((await again.service.importOpml({ workspace: 'local', opml: exported, by: 't' })).map((r) => r.status)).toEqual(['added']);
    } finally {
      again.close();
    }

    const id = imported[0]!.feed!.id;
    const removed = await env.h.service.removeFeed('local', id);
    expect(removed.itemsStored).toBe(1);
    expect(await env.h.service.listFeeds('local')).toEqual([]);
    expect(await env.h.store.countArticles('local')).toBe(1);
    await expect(env.h.service.removeFeed('local', id)).rejects.toThrow(/No feed has id/);
  });

  it('rejects a broken OPML file with its line', async () => {
    await expect(env.h.service.importOpml({ workspace: 'local', opml: '<opml>\n<body><outline></body></opml>', by: 't' })).rejects.toThrow(/Malformed OPML at line 2/);
    await expect(env.h.service.importOpml({ workspace: 'local', opml: '<rss/>', by: 't' })).rejects.toThrow(/not an OPML file/);
  });

  it('keeps workspaces apart', async () => {
    const p = path('ws.xml');
    env.server.route(p, documentHandler(FEED));
    const [r] = await env.h.service.addFeeds({ workspace: 'slack:T1', urls: [`${env.server.origin}${p}`], by: 't' });
    expect(await env.h.service.listFeeds('local')).toEqual([]);
    await expect(env.h.service.removeFeed('local', r!.feed!.id)).rejects.toThrow(/No feed has id/);
    await expect(env.h.service.pollFeeds('local', [r!.feed!.id])).rejects.toThrow(/No feed has id/);
    expect(await env.h.store.countArticles('local')).toBe(0);
    expect(await env.h.store.countArticles('slack:T1')).toBe(1);
  });
});

describe('single article pages', () => {
  it('adds a page, detects a repeat, and links another outlet\'s copy as a near duplicate', async () => {
    const a = path('a.html');
    const b = path('b.html');
    env.server.route(a, (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage('Nasib crossing reopens', [WIRE])));
    env.server.route(b, (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage('Crossing open again', [COPY])));
    const first = await env.h.service.addArticle({ workspace: 'local', url: `${env.server.origin}${a}?utm_source=x`, by: 't' });
    expect(first).toMatchObject({ status: 'added', title: 'Nasib crossing reopens', source: 'Example News', nearDuplicateOf: [] });
    expect(first.publishedAt.toISOString()).toBe('2025-11-11T08:00:00.000Z');
    expect(first.url).toBe(`${env.server.origin}${a}`);
    const repeat = await env.h.service.addArticle({ workspace: 'local', url: `${env.server.origin}${a}`, by: 't' });
    expect(repeat).toMatchObject({ status: 'duplicate', articleId: first.articleId });
    const copy = await env.h.service.addArticle({ workspace: 'local', url: `${env.server.origin}${b}`, by: 't' });
    expect(copy).toMatchObject({ status: 'added', nearDuplicateOf: [first.articleId] });
  });

  it('refuses a page that is not an article, or not HTML', async () => {
    const p = path('empty.html');
    env.server.route(p, (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><p>Hi</p></body></html>'));
    await expect(env.h.service.addArticle({ workspace: 'local', url: `${env.server.origin}${p}`, by: 't' })).rejects.toThrow(/no article text/);
    const x = path('feed.xml');
    env.server.route(x, documentHandler(FEED));
    await expect(env.h.service.addArticle({ workspace: 'local', url: `${env.server.origin}${x}`, by: 't' })).rejects.toThrow(/not a web page/);
  });
});

describe('the /sources chat command', () => {
  const ctx = (): CommandContext => ({
    workspace: 'local',
    user: { id: 'U1' },
    channel: { platform: 'slack', id: 'C42' },
    services: { briefing: env.h.briefing, stories: undefined as never, sources: env.h.service },
  });
  const run = async (text: string) => {
    const cmd = findCommand('sources')!;
    return cmd.run(coerceOptions(cmd, parseCommandText(cmd, text)), ctx());
  };

  it('adds, lists, removes and adds an article, remembering the channel for notices', async () => {
    const p = path('chat.xml');
    env.server.route(p, documentHandler(FEED));
    const added = await run(`add ${env.server.origin}${p} 1h`);
    expect(renderMarkdown(added, { plain: true })).toMatch(/Subscribed to #1 Desk, polled every 1h: 1 articles stored/);
    const [feed] = await env.h.feeds.listFeeds('local');
    expect(feed!.channel).toEqual({ platform: 'slack', id: 'C42' });

    const list = renderMarkdown(await run('list'), { plain: true });
    expect(list).toMatch(/#1 Desk <http:\/\/127\.0\.0\.1:\d+\/s\d+\/chat\.xml> — ok; every 1h; last success 2025-11-11 12:00; 1 item stored/);

    const page = path('chat.html');
    env.server.route(page, (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage('Nasib crossing reopens', [WIRE])));
    expect(renderMarkdown(await run(`add-article ${env.server.origin}${page}`), { plain: true })).toMatch(/Added "Nasib crossing reopens" \(Example News, 2025-11-11\)/);

    expect(renderMarkdown(await run('remove 1'), { plain: true })).toMatch(/Removed feed #1 Desk\. Its 1 stored articles stay\./);
    await expect(run('remove 99')).rejects.toThrow(/No feed has id 99/);
    await expect(run('remove abc')).rejects.toThrow(/not a feed id/);
    await expect(run('add')).rejects.toThrow(/add needs a URL/);
    await expect(run('frobnicate')).rejects.toThrow(/action must be one of add, list, remove, add-article/);
    await expect(run(`add ${env.server.origin}/missing.xml`)).rejects.toThrow(/Could not subscribe .*HTTP 404/);
  });
});
