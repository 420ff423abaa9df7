import { describe, expect, it } from 'vitest';
import { storyQuery } from '../../src/core/text-query.ts';
import { documentHandler } from '../fakes/http-server.ts';
import { articlePage, longText, rss } from '../fixtures/feeds.ts';
import { COPY, WIRE } from '../fixtures/wire-story.ts';
import { useFeedServer } from '../helpers/sources.ts';

const env = useFeedServer('i');
const { path } = env;


async function subscribe(url: string): Promise<number> {
  const [r] = await env.h.service.addFeeds({ workspace: 'local', urls: [url], by: 'test' });
  expect(r, JSON.stringify(r)).toMatchObject({ status: 'added' });
  return r!.feed!.id;
}

function announcedFlags(feedId: number): number[] {
  return (env.h.db.prepare('SELECT announced FROM feed_items WHERE feed_id = ? ORDER BY first_seen_at, item_key').pluck().all(feedId) as number[]);
}

describe('items become articles without duplicates', () => {
  it('keeps one article per GUID, updates it when the title or text is edited, and announces only later items', async () => {
    const p = path('edits.xml');
    const items = [
      { title: 'Ceasefire talks resume', link: 'https://news.example.com/1', guid: 'g1', description: longText('ceasefire talks'), pubDate: 'Tue, 11 Nov 2025 08:00:00 GMT' },
      { title: 'Aid convoy enters Darfur', link: 'https://news.example.com/2', guid: 'g2', description: longText('an aid convoy'), pubDate: 'Tue, 11 Nov 2025 09:00:00 GMT' },
    ];
    const doc = documentHandler(rss('Desk', [...items, items[0]!]));
    env.server.route(p, doc);
    const id = await subscribe(`${env.server.origin}${p}`);
    expect(await env.h.store.countArticles('local')).toBe(2);
    expect(announcedFlags(id)).toEqual([0, 0]);

    // Same GUIDs, one headline and one body edited at the source.
    doc.set(
      rss('Desk', [
        { ...items[0]!, title: 'Ceasefire talks resume in Jeddah' },
        { ...items[1]!, description: `${longText('an aid convoy')} Officials confirmed the figures.` },
      ]),
    );
    const [r1] = await env.h.service.pollFeeds('local');
    expect(r1).toMatchObject({ result: 'stored', added: 0, updated: 2, announced: 0 });
    expect(await env.h.store.countArticles('local')).toBe(2);
    const hits = await env.h.store.searchArticles('local', storyQuery({ name: 'jeddah', aliases: [] }), { limit: 5, order: 'newest' });
    expect(hits).toHaveLength(1);
    const [a] = await env.h.store.getArticles('local', [hits[0]!.id]);
    expect(a!.title).toBe('Ceasefire talks resume in Jeddah');

    // A new item after the first poll is announced as new.
    doc.set(rss('Desk', [{ title: 'Truce announced', link: 'https://news.example.com/3', guid: 'g3', description: longText('a truce') }, ...items]));
    const [r2] = await env.h.service.pollFeeds('local');
    expect(r2).toMatchObject({ added: 1, announced: 1, updated: 2 });
    expect(await env.h.store.countArticles('local')).toBe(3);
    expect(announcedFlags(id).sort()).toEqual([0, 0, 1]);
  });

  it('treats the same canonical URL from another feed as the same article', async () => {
    const p1 = path('one.xml');
    const p2 = path('two.xml');
    const text = longText('a border crossing');
    env.server.route(p1, documentHandler(rss('One', [{ title: 'Crossing reopens', link: 'https://news.example.com/x?utm_source=rss', guid: 'one-1', description: text }])));
    env.server.route(p2, documentHandler(rss('Two', [{ title: 'Crossing reopens', link: 'https://NEWS.example.com/x#top', guid: 'two-9', description: text }])));
    await subscribe(`${env.server.origin}${p1}`);
    const [r] = await env.h.service.addFeeds({ workspace: 'local', urls: [`${env.server.origin}${p2}`], by: 't' });
    expect(r!.stored).toBe(0);
    expect(await env.h.store.countArticles('local')).toBe(1);
    expect((await env.h.service.listFeeds('local')).map((f) => f.itemsStored)).toEqual([1, 1]);
  });

  it('gives undated items the fetch time', async () => {
    const p = path('undated.xml');
    env.server.route(p, documentHandler(rss('Undated', [{ title: 'No date', link: 'https://news.example.com/u', description: longText('dates') }])));
    await subscribe(`${env.server.origin}${p}`);
    const [hit] = await env.h.store.recentArticles('local', { limit: 1 });
    expect(hit!.publishedAt).toEqual(env.h.clock.now());
  });
});

describe('near duplicates across outlets', () => {
  it('links the same story from two outlets; a brief cites both as corroboration without repeating it', async () => {
    const a = path('wire.xml');
    const b = path('copy.xml');
    env.server.route(a, documentHandler(rss('Wire', [{ title: 'Syria and Jordan reopen Nasib crossing', link: 'https://wire.example.com/nasib', guid: 'w1', description: WIRE, pubDate: 'Tue, 11 Nov 2025 08:00:00 GMT' }])));
    env.server.route(b, documentHandler(rss('Daily', [{ title: 'Nasib border crossing open again', link: 'https://daily.example.org/nasib', guid: 'd1', description: COPY, pubDate: 'Tue, 11 Nov 2025 09:00:00 GMT' }])));
    await subscribe(`${env.server.origin}${a}`);
    const [r] = await env.h.service.addFeeds({ workspace: 'local', urls: [`${env.server.origin}${b}`], by: 't' });
    expect(r!.stored).toBe(1);
    const ids = (env.h.db.prepare('SELECT id FROM articles ORDER BY id').pluck().all() as number[]);
    expect(ids).toHaveLength(2);
    const links = await env.h.nearDuplicates.nearDuplicatesOf('local', ids[1]!);
    expect(links).toHaveLength(1);
    expect(links[0]!.articleId).toBe(ids[0]);
    expect(links[0]!.similarity).toBeGreaterThanOrEqual(0.5);

    const brief = await env.h.briefing.brief({ workspace: 'local', subject: 'nasib', since: '2025-11-10' });
    const top = brief.bullets[0]!;
    expect(top.outlets).toBe(2);
    expect(top.citations).toHaveLength(2);
    const texts = brief.bullets.map((x) => x.text.toLowerCase().replace(/\W+/g, ' ').trim());
    expect(new Set(texts).size).toBe(texts.length);
    // No two bullets report the same sentence from the two copies.
    expect(brief.bullets.filter((x) => /reopened the Nasib border crossing/.test(x.text))).toHaveLength(1);
  });

  it('does not link different stories', async () => {
    const a = path('x.xml');
    env.server.route(a, documentHandler(rss('Desk', [
      { title: 'Crossing', link: 'https://n.example.com/1', guid: '1', description: WIRE },
      { title: 'Talks', link: 'https://n.example.com/2', guid: '2', description: longText('ceasefire talks in Jeddah', 10) },
    ])));
    await subscribe(`${env.server.origin}${a}`);
    expect(env.h.db.prepare('SELECT count(*) FROM article_near_duplicates').pluck().get()).toBe(0);
  });
});

describe('full text for teaser items', () => {
  it('fetches the page, drops cookie banners, share prompts and related links, and falls back to the teaser', async () => {
    const feedPath = path('teasers.xml');
    const pagePath = path('story.html');
    const paragraphs = [WIRE, 'Officials said the crossing would stay open through the winter months, barring new fighting in the south.'];
    env.server.route(pagePath, (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage('Nasib crossing reopens', paragraphs)));
    env.server.route(
      feedPath,
      documentHandler(
        rss('Teasers', [
          { title: 'Nasib crossing reopens', link: `${env.server.origin}${pagePath}`, guid: 't1', description: 'Syria and Jordan reopened the Nasib crossing… Read more' },
          { title: 'Missing page', link: `${env.server.origin}/nowhere.html`, guid: 't2', description: 'A teaser whose page is gone…' },
        ]),
      ),
    );
    await subscribe(`${env.server.origin}${feedPath}`);
    const rows = env.h.db.prepare('SELECT title, body FROM articles ORDER BY id').all() as { title: string; body: string }[];
    expect(rows[0]!.title).toBe('Nasib crossing reopens');
    expect(rows[0]!.body).toContain('Traders in Amman welcomed the decision');
    expect(rows[0]!.body).toContain('stay open through the winter');
    expect(rows[0]!.body).not.toMatch(/cookies|Share this|Border talks progressing|Aid convoys enter|Read more/i);
    expect(rows[1]!.body).toBe('A teaser whose page is gone…');
    expect(env.server.hits(pagePath)).toHaveLength(1);

    // An unchanged teaser item is not fetched again on the next poll.
    await env.h.service.pollFeeds('local');
    expect(env.server.hits(pagePath)).toHaveLength(1);
  });

  it('fetches a few pages at a time and starts none after the time budget, keeping teasers for the rest', async () => {
    const feedPath = path('budget.xml');
    const pages = [0, 1, 2, 3, 4].map((i) => path(`page-${i}.html`));
    pages.forEach((p, i) =>
      env.server.route(p, (_req, res) => {
        // Each page takes "61 seconds" on the test clock, so the budget is spent before any page has arrived.
        env.h.clock.set(new Date(env.h.clock.now().getTime() + 61_000).toISOString());
        res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage(`Story ${i}`, [WIRE.replace('Nasib', `Nasib-${i}`)]));
      }),
    );
    env.server.route(feedPath, documentHandler(rss('Budget', pages.map((p, i) => ({ title: `Story ${i}`, link: `${env.server.origin}${p}`, guid: `b${i}`, description: `Teaser ${i}…` })))));
    await subscribe(`${env.server.origin}${feedPath}`);
    expect(pages.map((p) => env.server.hits(p).length)).toEqual([1, 1, 1, 0, 0]);
    const bodies = env.h.db.prepare('SELECT body FROM articles ORDER BY id').pluck().all() as string[];
    expect(bodies.slice(3)).toEqual(['Teaser 3…', 'Teaser 4…']);
    expect(bodies[0]).toContain('Nasib-0 border crossing');
  });
});
