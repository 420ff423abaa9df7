import { afterEach, describe, expect, it } from 'vitest';
import { buildSqliteApp, type SqliteApp as App } from '../helpers/sqlite-app.ts';
import { renderMarkdown } from '../../src/chat/markdown-renderer.ts';
import type { BriefSource } from '../../src/core/brief.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Summarizer, SummaryInput } from '../../src/summarize/summarizer.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { article, createRecordingPublisher, sectionBullets, type RecordingPublisher } from '../helpers/digests.ts';

const strikeOutlets = ['Wire A', 'Wire B', 'Daily C', 'Herald D', 'Post E'];
const strikeArticles = strikeOutlets.map((outlet, i) =>
  article(`Airstrike on Idlib market kills 12, ${outlet} reports`, outlet, `2025-11-23T${String(8 + i).padStart(2, "0")}:00:00Z`, [
    'An airstrike on a crowded vegetable market in the Syrian city of Idlib killed 12 people on Sunday, rescuers said.',
    'The White Helmets civil defence group said at least 30 people were wounded in the strike on the Idlib market.',
    `Doctors at the main Idlib hospital told ${outlet} that they had run out of blood for transfusions.`,
    'The United Nations envoy condemned the strike on the market and called for an independent investigation.',
  ]),
);

const day1 = [
  ...strikeArticles,
  article('Power returns to parts of Aleppo', 'Wire A', '2025-11-23T12:00:00Z', [
    "Electricity returned to several districts of Aleppo on Sunday after engineers restarted a power plant damaged in Syria's war.",
    'The plant now supplies about 200 megawatts, enough for eight hours of power a day in eastern districts.',
  ]),
  article('Kurdish and Syrian negotiators meet in Damascus', 'Daily C', '2025-11-23T15:00:00Z', [
    'Kurdish and Syrian government negotiators met in Damascus on Sunday to discuss merging the eastern forces into the army.',
    'Both delegations described the first round of talks as constructive and agreed to meet again next month.',
  ]),
  article('Aid convoy reaches El Fasher', 'Wire B', '2025-11-23T10:00:00Z', [
    'A United Nations aid convoy of 15 trucks reached El Fasher in Sudan on Sunday, the first to enter the city in months.',
    'The World Food Programme urged both sides in Sudan to guarantee safe passage for further convoys.',
  ]),
];

const day2 = [
  article('Idlib mourns market victims', 'Wire A', '2025-11-24T09:00:00Z', [
    'An airstrike on a crowded vegetable market in the Syrian city of Idlib killed 12 people on Sunday, rescuers said.',
    'Thousands of mourners attended funerals in Idlib on Monday for the victims of the market strike.',
  ]),
  article('Damascus airport reopens to international flights', 'Post E', '2025-11-24T11:00:00Z', [
    'Damascus international airport reopened to flights from the Gulf on Monday after a month of repairs to its runway.',
    'The first flight from Doha landed in the Syrian capital with 180 passengers on board, airport officials said.',
  ]),
];

// Published within day 1's period but imported only after day 1's digest: it must not fall into a gap.
const lateArrival = article('Shelling hits Kadugli in Sudan', 'Herald D', '2025-11-23T22:00:00Z', [
  'Paramilitary forces shelled the town of Kadugli in Sudan late on Sunday, killing four civilians, local officials said.',
  'Residents of Kadugli said they had fled to villages in the Nuba Mountains to escape the shelling.',
]);

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function setup(
  summarizer?: Summarizer,
): Promise<{ app: App; clock: ReturnType<typeof fixedClock>; publisher: RecordingPublisher; id: number }> {
  const clock = fixedClock('2025-11-23T07:30:00Z');
  app = summarizer
    ? buildSqliteApp({ dbPath: ':memory:', clock: clock.now, logger: silentLogger, summarizer })
    : memoryApp(clock.now);
  const publisher = createRecordingPublisher();
  app.publishers.register(publisher);
  for (const name of ['syria', 'sudan', 'ukraine']) await app.services.stories.track({ workspace: 'local', name, aliases: [], by: 't' });
  const { subscription } = await app.services.digests!.add({
    workspace: 'local',
    channel: { platform: 'console', id: 'ops' },
    stories: 'all',
    schedule: 'daily 08:00',
    timeZone: 'Europe/Berlin',
    by: 't',
  });
  return { app, clock, publisher, id: subscription.id };
}

function sourceIdsOf(sources: BriefSource[] | undefined): number[] {
  return (sources ?? []).map((s) => s.articleId);
}

describe('digest content', () => {
  it("leaves out a late arrival that a feed's first poll stored as backlog (the same arrival unmarked is included: see below)", async () => {
    const { app, clock, publisher, id } = await setup();
    await app.importer.importArticles('local', day1);
    clock.set('2025-11-24T07:05:00Z');
    await app.services.digests!.run({ workspace: 'local', id, now: '2025-11-24T08:00' });
    clock.set('2025-11-24T20:00:00Z');
    const [late] = await app.importer.importArticles('local', [lateArrival]).then(async () =>
      app.store.searchArticles('local', { anyOf: [{ allOf: [{ words: ['kadugli'], lastWordVariants: [] }] }] }, { limit: 5, order: 'newest' }),
    );
    // What a feed's first poll records for each item it stores (see the feed store).
    const feed = app.db
      .prepare(`INSERT INTO feeds (workspace, url, interval_ms, added_by, added_at, next_poll_at) VALUES ('local', 'https://f.example/rss', 900000, 't', 0, 0)`)
      .run();
    const markItem = app.db.prepare(
      `INSERT INTO feed_items (feed_id, item_key, article_id, revision, first_seen_at, announced) VALUES (?, ?, ?, 'r1', 0, ?)`,
    );
    markItem.run(feed.lastInsertRowid, 'guid-1', late!.id, 0);
    clock.set('2025-11-25T07:01:00Z');
    await app.services.digests!.run({ workspace: 'local', id });
    expect(renderMarkdown(publisher.posts[1]!.reply, { plain: true })).not.toMatch(/Kadugli/);

  });

  it('covers what is new since the previous digest: nothing repeated, nothing in a gap, one event capped', async () => {
    const { app, clock, publisher, id } = await setup();
    const day1Report = await app.importer.importArticles('local', day1);
    expect(day1Report.added).toBe(day1.length);

    clock.set('2025-11-24T07:05:00Z');
    const first = await app.services.digests!.run({ workspace: 'local', id, now: '2025-11-24T08:00' });
    expect(first).toMatchObject({ status: 'posted', slot: new Date('2025-11-24T07:00:00Z') });
    const reply1 = publisher.posts[0]!.reply;
    expect(reply1.title).toBe('Digest for Monday 24 November 2025');
    const bullets1 = sectionBullets(reply1);
    // All tracked stories, in name order.
    expect(Object.keys(bullets1)).toEqual(['sudan', 'syria']);
    // Five outlets covered the market strike; it still gets at most two of syria's bullets.
    const strikeIds = new Set(
      (reply1.sources ?? []).filter((s) => strikeOutlets.some((o) => s.title.endsWith(`${o} reports`))).map((s) => s.n),
    );
    const syriaItems = reply1.blocks.flatMap((b) => (b.type === 'section' && b.title === 'syria' ? b.blocks : []))
      .flatMap((b) => (b.type === 'bullets' ? b.items : []));
    expect(syriaItems.filter((i) => strikeIds.has(i.citations[0]!)).length).toBeLessThanOrEqual(2);
    expect(bullets1['syria']!.some((t) => /Aleppo/.test(t))).toBe(true);
    expect(bullets1['syria']!.some((t) => /negotiators/.test(t))).toBe(true);
    const md1 = renderMarkdown(reply1, { plain: true });
    expect(md1).toMatch(/Nothing new: ukraine\./);
    expect(md1).toMatch(/Covers 23 Nov 08:00 to 24 Nov 08:00 Europe\/Berlin/);
    // Each story's sources are numbered in one block: sudan's first, then syria's.
    const syriaCites = syriaItems.flatMap((i) => i.citations);
    const sudanCites = reply1.blocks.flatMap((b) => (b.type === 'section' && b.title === 'sudan' ? b.blocks : []))
      .flatMap((b) => (b.type === 'bullets' ? b.items.flatMap((i) => i.citations) : []));
    expect(Math.max(...sudanCites)).toBeLessThan(Math.min(...syriaCites));

    // The next day: a follow-up repeating yesterday's lead, a new event, and a late arrival from yesterday.
    clock.set('2025-11-24T20:00:00Z');
    await app.importer.importArticles('local', [...day2, lateArrival]);
    clock.set('2025-11-25T07:01:00Z');
    const second = await app.services.digests!.run({ workspace: 'local', id });
    expect(second.status).toBe('posted');
    const reply2 = publisher.posts[1]!.reply;
    expect(reply2.title).toBe('Digest for Tuesday 25 November 2025');
    const bullets2 = sectionBullets(reply2);
    const all1 = Object.values(bullets1).flat();
    for (const text of Object.values(bullets2).flat()) expect(all1).not.toContain(text);
    const ids1 = new Set(sourceIdsOf(reply1.sources));
    expect(sourceIdsOf(reply2.sources).filter((a) => ids1.has(a))).toEqual([]);
    expect(bullets2['syria']!.some((t) => /airport/.test(t))).toBe(true);
    expect(bullets2['syria']!.some((t) => /funerals/.test(t))).toBe(true);
    expect(bullets2['syria']!.some((t) => /killed 12 people/.test(t))).toBe(false);
    expect(bullets2['sudan']!.some((t) => /Kadugli/.test(t))).toBe(true);
    expect(renderMarkdown(reply2, { plain: true })).toMatch(/Covers 24 Nov 08:00 to 25 Nov 08:00/);

    // Running the second day's slot again posts nothing.
    expect((await app.services.digests!.run({ workspace: 'local', id, now: '2025-11-25T07:00:30Z' })).status).toBe('already-posted');
    await expect(app.services.digests!.run({ workspace: 'local', id, now: '2025-11-26T08:00' })).rejects.toThrow(/is in the future/);
    await expect(app.services.digests!.run({ workspace: 'local', id, now: 'yesterday' })).rejects.toThrow(/"yesterday" is not a time/);
    expect(publisher.posts).toHaveLength(2);
  });

  it('says plainly when nothing is new, and lists stories that are no longer tracked', async () => {
    const { app, clock, publisher } = await setup();
    const { subscription } = await app.services.digests!.add({
      workspace: 'local',
      channel: { platform: 'console', id: 'quiet' },
      stories: ['ukraine', 'sudan'],
      schedule: 'weekdays 07:30',
      timeZone: 'America/New_York',
      by: 't',
    });
    await app.services.stories.untrack({ workspace: 'local', name: 'sudan' });
    clock.set('2025-11-24T13:00:00Z');
    await app.services.digests!.run({ workspace: 'local', id: subscription.id });
    const md = renderMarkdown(publisher.posts[0]!.reply, { plain: true });
    expect(md).toMatch(/^# Digest for Monday 24 November 2025/);
    expect(md).toMatch(/Nothing new since 21 Nov 07:30: ukraine\./);
    expect(md).toMatch(/No longer tracked: sudan\./);
    expect(publisher.posts[0]!.reply.data).toMatchObject({ kind: 'digest', timeZone: 'America/New_York', slot: '2025-11-24T12:30:00.000Z' });
  });

  it('caps each event in what the engine wrote too, whatever the engine', async () => {
    // An engine that ignores the candidates it was given and writes a bullet per sentence of every article.
    const seen: SummaryInput[] = [];
    const greedy: Summarizer = {
      name: 'greedy',
      async summarize(input) {
        seen.push(input);
        const bullets = [...input.articles.values()].map((a) => ({ text: a.body.split('. ')[0]!, articleIds: [a.id], outlets: 1 }));
        return { headline: input.subject, bullets, engine: 'greedy', notes: [] };
      },
    };
    const { app, clock, publisher, id } = await setup(greedy);
    await app.importer.importArticles('local', day1);
    clock.set('2025-11-24T07:05:00Z');
    await app.services.digests!.run({ workspace: 'local', id });
    expect(seen.every((i) => i.kind === 'digest')).toBe(true);
    expect(seen.map((i) => i.subject).sort()).toEqual(['sudan', 'syria']);
    const syria = sectionBullets(publisher.posts[0]!.reply)['syria']!;
    expect(syria.filter((t) => /Idlib/.test(t))).toHaveLength(2);
    expect(syria.some((t) => /Aleppo/.test(t))).toBe(true);
    expect(renderMarkdown(publisher.posts[0]!.reply, { plain: true })).toMatch(/greedy engine/);
  });
});
