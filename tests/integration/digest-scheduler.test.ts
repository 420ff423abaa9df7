import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app.ts';
import { buildSqliteApp } from '../helpers/sqlite-app.ts';
import { ChannelUnavailableError, deliverParts, type Publisher } from '../../src/chat/publisher.ts';
import { replyToJson } from '../../src/chat/reply-json.ts';
import { RateLimitedError } from '../../src/core/errors.ts';
import { silentLogger, type Logger } from '../../src/core/logger.ts';
import { createDigestScheduler, type DigestScheduler } from '../../src/schedule/digest-scheduler.ts';
import { article, captureLogger, createRecordingPublisher, type RecordedPost, type RecordingPublisher } from '../helpers/digests.ts';

// Fake-timer tests only (no sockets here): node-cron and the retry backoff run on vi's clock.

const HOUR = 3_600_000;
let dir: string;
const open: { app: App; scheduler?: DigestScheduler }[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sitrep-digest-sched-'));
});

afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.scheduler?.stop();
    await o.app.close();
  }
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

function makeApp(publisher: RecordingPublisher, logger: Logger = silentLogger): App {
  const app = buildSqliteApp({ dbPath: join(dir, 'sitrep.db'), clock: () => new Date(), logger });
  app.publishers.register(publisher);
  open.push({ app });
  return app;
}

function makeScheduler(app: App, logger: Logger = silentLogger, graceMs = 6 * HOUR): DigestScheduler {
  const scheduler = createDigestScheduler({
    digests: app.digestStore,
    runner: app.digestRunner,
    publishers: app.publishers,
    clock: () => new Date(),
    logger,
    graceMs,
    refreshMs: 10 * 60_000,
  });
  const entry = open.find((o) => o.app === app);
  if (entry) entry.scheduler = scheduler;
  else open.push({ app, scheduler });
  app.services.digests!.onChange(() => void scheduler.refresh());
  return scheduler;
}

async function seed(app: App): Promise<void> {
  await app.services.stories.track({ workspace: 'local', name: 'syria', aliases: [], by: 't' });
  await app.importer.importArticles('local', [
    article('Syria talks resume', 'Wire A', new Date(Date.now() - 2 * HOUR).toISOString(), [
      'Syrian and Kurdish negotiators resumed talks in Damascus on Tuesday about integrating the eastern forces.',
      'Both delegations said the first session was constructive and would continue next week.',
    ]),
  ]);
}

async function add(app: App, channel: string, schedule: string, timeZone: string): Promise<number> {
  const { subscription } = await app.services.digests!.add({
    workspace: 'local',
    channel: { platform: 'console', id: channel },
    stories: 'all',
    schedule,
    timeZone,
    by: 'test',
  });
  return subscription.id;
}

const times = (posts: RecordedPost[]): string[] => posts.map((p) => p.at.toISOString());

describe('digest scheduler on fake timers', () => {
  it('fires two subscriptions in different zones at the right instants over two weeks with both autumn DST changes', async () => {
    vi.useFakeTimers({ now: new Date('2025-10-21T12:00:00Z') });
    const publisher = createRecordingPublisher();
    const app = makeApp(publisher);
    await seed(app);
    await add(app, 'berlin', 'daily 08:00', 'Europe/Berlin');
    await add(app, 'newyork', 'weekdays 07:30', 'America/New_York');
    const scheduler = makeScheduler(app);
    await scheduler.start();
    expect(scheduler.scheduled()).toEqual([1, 2]);

    await vi.advanceTimersByTimeAsync(Date.parse('2025-11-05T00:00:00Z') - Date.now());

    // 08:00 in Berlin is 06:00Z in summer time and 07:00Z from Sunday 26 October.
    expect(times(publisher.postsTo('berlin'))).toEqual([
      ...['22', '23', '24', '25'].map((d) => `2025-10-${d}T06:00:00.000Z`),
      ...['26', '27', '28', '29', '30', '31'].map((d) => `2025-10-${d}T07:00:00.000Z`),
      ...['01', '02', '03', '04'].map((d) => `2025-11-${d}T07:00:00.000Z`),
    ]);
    // 07:30 on weekdays in New York is 11:30Z until Sunday 2 November, then 12:30Z.
    expect(times(publisher.postsTo('newyork'))).toEqual([
      ...['22', '23', '24', '27', '28', '29', '30', '31'].map((d) => `2025-10-${d}T11:30:00.000Z`),
      ...['03', '04'].map((d) => `2025-11-${d}T12:30:00.000Z`),
    ]);
    // Each post is the digest of the slot it was posted at, headed with the local date.
    for (const p of publisher.posts) expect(p.slot).toBe(p.at.toISOString());
    expect(publisher.postsTo('newyork')[0]!.reply.title).toBe('Digest for Wednesday 22 October 2025');
  });

  it('handles the spring change: 08:00 moves to 06:00Z and a 02:30 digest skips the day the time does not exist', async () => {
    vi.useFakeTimers({ now: new Date('2025-03-27T12:00:00Z') });
    const publisher = createRecordingPublisher();
    const app = makeApp(publisher);
    await seed(app);
    await add(app, 'morning', 'daily 08:00', 'Europe/Berlin');
    await add(app, 'night', 'daily 02:30', 'Europe/Berlin');
    await add(app, 'newyork', 'daily 02:30', 'America/New_York');
    await makeScheduler(app).start();
    await vi.advanceTimersByTimeAsync(Date.parse('2025-04-01T12:00:00Z') - Date.now());
    expect(times(publisher.postsTo('morning'))).toEqual([
      '2025-03-28T07:00:00.000Z',
      '2025-03-29T07:00:00.000Z',
      '2025-03-30T06:00:00.000Z',
      '2025-03-31T06:00:00.000Z',
      '2025-04-01T06:00:00.000Z',
    ]);
    expect(times(publisher.postsTo('night'))).toEqual([
      '2025-03-28T01:30:00.000Z',
      '2025-03-29T01:30:00.000Z',
      '2025-03-31T00:30:00.000Z',
      '2025-04-01T00:30:00.000Z',
    ]);
    expect(times(publisher.postsTo('newyork'))).toEqual([
      '2025-03-28T06:30:00.000Z',
      '2025-03-29T06:30:00.000Z',
      '2025-03-30T06:30:00.000Z',
      '2025-03-31T06:30:00.000Z',
      '2025-04-01T06:30:00.000Z',
    ]);
  });

  it('after downtime catches up a slot missed within the grace window once, and skips and logs one beyond it', async () => {
    vi.useFakeTimers({ now: new Date('2025-11-23T14:00:00Z') });
    const publisher = createRecordingPublisher();
    const logger = captureLogger();
    const app = makeApp(publisher, logger);
    await seed(app);
    const morning = await add(app, 'morning', 'daily 08:00', 'Europe/Berlin'); // 07:00Z
    const night = await add(app, 'night', 'daily 01:00', 'Europe/Berlin'); // 00:00Z
    const first = makeScheduler(app, logger);
    await first.start();
    await vi.advanceTimersByTimeAsync(6 * HOUR); // to 20:00Z: nothing due yet
    expect(publisher.posts).toEqual([]);
    await first.stop();

    // The process is down overnight and comes back at 10:30 Berlin time.
    vi.setSystemTime(new Date('2025-11-24T09:30:00Z'));
    await makeScheduler(app, logger).start();
    expect(publisher.posts.map((p) => [p.channel, p.slot])).toEqual([['morning', '2025-11-24T07:00:00.000Z']]);
    expect(await app.digestStore.getRun(morning, new Date('2025-11-24T07:00:00Z'))).toMatchObject({ status: 'posted', trigger: 'catch-up' });
    expect(await app.digestStore.getRun(night, new Date('2025-11-24T00:00:00Z'))).toMatchObject({ status: 'skipped' });
    const skipLog = logger.lines.find((l) => l.msg.includes('beyond the grace window'));
    expect(skipLog).toMatchObject({ level: 'warn', obj: { subscription: night, slot: '2025-11-24T00:00:00.000Z' } });

    // Another restart the same morning posts nothing again; the next slots fire normally.
    await open.at(-1)!.scheduler!.stop();
    await makeScheduler(app, logger).start();
    await vi.advanceTimersByTimeAsync(Date.parse('2025-11-25T08:00:00Z') - Date.now());
    expect(publisher.posts.map((p) => [p.channel, p.slot])).toEqual([
      ['morning', '2025-11-24T07:00:00.000Z'],
      ['night', '2025-11-25T00:00:00.000Z'],
      ['morning', '2025-11-25T07:00:00.000Z'],
    ]);
    const list = await app.services.digests!.list('local');
    expect(list.find((l) => l.subscription.id === morning)?.lastRun?.status).toBe('posted');
  });

  it('posts once when two schedulers (two connections, as two processes would have) share one database', async () => {
    vi.useFakeTimers({ now: new Date('2025-11-23T12:00:00Z') });
    const shared: RecordedPost[] = [];
    const a = makeApp(createRecordingPublisher('console', shared));
    const b = makeApp(createRecordingPublisher('console', shared));
    await seed(a);
    await add(a, 'ops', 'daily 08:00', 'Europe/Berlin');
    await makeScheduler(a).start();
    await makeScheduler(b).start();
    await vi.advanceTimersByTimeAsync(Date.parse('2025-11-26T00:00:00Z') - Date.now());
    expect(shared.map((p) => p.slot)).toEqual([
      '2025-11-24T07:00:00.000Z',
      '2025-11-25T07:00:00.000Z',
    ]);
  });

  it('takes up added and removed subscriptions without a restart, including ones added by another process', async () => {
    vi.useFakeTimers({ now: new Date('2025-11-23T12:00:00Z') });
    const publisher = createRecordingPublisher();
    const app = makeApp(publisher);
    const other = makeApp(createRecordingPublisher());
    await seed(app);
    const scheduler = makeScheduler(app);
    await scheduler.start();
    expect(scheduler.scheduled()).toEqual([]);
    const id = await add(app, 'ops', 'daily 08:00', 'Europe/Berlin');
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.scheduled()).toEqual([id]);
    // Added through another connection: the periodic refresh picks it up.
    const remote = await add(other, 'remote', 'daily 09:00', 'Europe/Berlin');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(scheduler.scheduled()).toEqual([id, remote]);
    await app.services.digests!.remove('local', id);
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.scheduled()).toEqual([remote]);
    await vi.advanceTimersByTimeAsync(Date.parse('2025-11-24T12:00:00Z') - Date.now());
    expect(publisher.posts.map((p) => p.channel)).toEqual(['remote']);
  });

  it('retries a failing channel with backoff without delaying another channel due at the same time', async () => {
    vi.useFakeTimers({ now: new Date('2025-11-23T12:00:00Z') });
    const publisher = createRecordingPublisher();
    const app = makeApp(publisher);
    await seed(app);
    const broken = await add(app, 'broken', 'daily 08:00', 'Europe/Berlin');
    await add(app, 'healthy', 'daily 08:00', 'Europe/Berlin');
    await add(app, 'limited', 'daily 08:00', 'Europe/Berlin');
    publisher.behave('broken', () => {
      throw Object.assign(new Error('internal_error'), { status: 503 });
    });
    publisher.behave('limited', (attempt) => {
      if (attempt === 1) throw new RateLimitedError('rate limited', 30_000);
    });
    await makeScheduler(app).start();
    await vi.advanceTimersByTimeAsync(Date.parse('2025-11-24T08:00:00Z') - Date.now());

    expect(times(publisher.postsTo('healthy'))).toEqual(['2025-11-24T07:00:00.000Z']);
    // Retry-After honoured: posted 30 s after the slot.
    expect(times(publisher.postsTo('limited'))).toEqual(['2025-11-24T07:00:30.000Z']);
    expect(publisher.postsTo('broken')).toEqual([]);
    expect(publisher.attempts.get('broken')).toBe(5);
    expect(await app.digestStore.getRun(broken, new Date('2025-11-24T07:00:00Z'))).toMatchObject({
      status: 'failed',
      detail: 'Posting failed: internal_error',
    });
    // The failed slot is not abandoned: a restart within the grace window tries it again.
    publisher.behave('broken', () => undefined);
    await open[0]!.scheduler!.stop();
    await makeScheduler(app).start();
    expect(publisher.postsTo('broken').map((p) => p.slot)).toEqual(['2025-11-24T07:00:00.000Z']);
  });

  it('pauses the subscription of a channel the bot was removed from, with the reason in digest list', async () => {
    vi.useFakeTimers({ now: new Date('2025-11-23T12:00:00Z') });
    const publisher = createRecordingPublisher();
    const app = makeApp(publisher);
    await seed(app);
    const gone = await add(app, 'gone', 'daily 08:00', 'Europe/Berlin');
    const fine = await add(app, 'fine', 'daily 08:00', 'Europe/Berlin');
    publisher.behave('gone', () => {
      throw new ChannelUnavailableError('channel_not_found');
    });
    const scheduler = makeScheduler(app);
    await scheduler.start();
    await vi.advanceTimersByTimeAsync(Date.parse('2025-11-24T08:00:00Z') - Date.now());
    expect(publisher.attempts.get('gone')).toBe(1);
    const listing = (await app.services.digests!.list('local')).find((l) => l.subscription.id === gone)!;
    expect(listing.subscription.paused?.reason).toBe('Channel unavailable: channel_not_found');
    expect(listing.nextRun).toBeNull();
    expect(scheduler.scheduled()).toEqual([fine]);
    await vi.advanceTimersByTimeAsync(2 * 24 * HOUR);
    expect(publisher.attempts.get('gone')).toBe(1);
    expect(publisher.postsTo('fine')).toHaveLength(3);
    await expect(app.services.digests!.run({ workspace: 'local', id: gone })).rejects.toThrow(/paused: Channel unavailable/);
  });

  it('takes over a slot whose process stopped before posting, and never reposts one that stopped while posting', async () => {
    vi.useFakeTimers({ now: new Date('2025-11-23T12:00:00Z') });
    const publisher = createRecordingPublisher();
    const logger = captureLogger();
    const app = makeApp(publisher, logger);
    await seed(app);
    const quiet = await add(app, 'quiet', 'daily 08:00', 'Europe/Berlin');
    const midPost = await add(app, 'midpost', 'daily 08:00', 'Europe/Berlin');
    // Another process claimed both slots at 08:00 and died: one before posting, one while posting.
    const slot = new Date('2025-11-24T07:00:00Z');
    vi.setSystemTime(slot);
    const dead = { owner: 'dead-process', now: slot, leaseMs: 10 * 60_000, trigger: 'schedule', retryFailed: false } as const;
    await app.digestStore.claimRun(quiet, slot, dead);
    await app.digestStore.claimRun(midPost, slot, dead);
    await app.digestStore.markPosting(midPost, slot, 'dead-process', slot);

    vi.setSystemTime(new Date('2025-11-24T07:05:00Z'));
    await makeScheduler(app, logger).start();
    expect(publisher.posts).toEqual([]); // the claims are still within their lease
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(publisher.posts.map((p) => [p.channel, p.slot])).toEqual([['quiet', '2025-11-24T07:00:00.000Z']]);
    expect(await app.digestStore.getRun(quiet, slot)).toMatchObject({ status: 'posted', attempts: 2 });
    expect(await app.digestStore.getRun(midPost, slot)).toMatchObject({ status: 'unknown' });
    expect(logger.lines.some((l) => l.level === 'error' && l.obj['subscription'] === midPost)).toBe(true);
  });

  it('finishes a post that a dead process left half-way: from its kept copy, only the messages it had not confirmed', async () => {
    vi.useFakeTimers({ now: new Date('2025-11-23T12:00:00Z') });
    // A publisher whose posts take three messages, each confirmed through the delivery.
    const sent: { part: number; inDoubt: boolean; title: string | undefined }[] = [];
    const threeParts: Publisher = {
      platform: 'console',
      async publish(_channel, reply, delivery) {
        return deliverParts([0, 1, 2], delivery, async (part, _i, inDoubt) => {
          sent.push({ part, inDoubt, title: reply.title });
          return `m-${part}`;
        });
      },
    };
    const app = makeApp(createRecordingPublisher());
    app.publishers.register(threeParts);
    await seed(app);
    const halfway = await add(app, 'halfway', 'daily 08:00', 'Europe/Berlin');
    const slot = new Date('2025-11-24T07:00:00Z');
    vi.setSystemTime(slot);
    const dead = { owner: 'dead-process', now: slot, leaseMs: 10 * 60_000, trigger: 'schedule', retryFailed: false } as const;
    await app.digestStore.claimRun(halfway, slot, dead);
    const kept = { visibility: 'public' as const, title: 'Digest as it began', blocks: [{ type: 'text' as const, text: 'Kept.' }] };
    const stories = [{ story: 'syria', bullets: ['Talks resumed.'], articleIds: [1] }];
    await app.digestStore.markPosting(halfway, slot, 'dead-process', slot, { record: { reply: replyToJson(kept), coveredIdMax: 1, stories }, leaseMs: 2 * 60_000 });
    await app.digestStore.recordPosting(halfway, slot, 'dead-process', { messageIds: ['m-0'], now: slot, leaseMs: 2 * 60_000 });

    // Its lease ran out at 07:02; a scheduler starting at 07:05 finishes the post at once.
    vi.setSystemTime(new Date('2025-11-24T07:05:00Z'));
    await makeScheduler(app).start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([
      { part: 1, inDoubt: true, title: 'Digest as it began' },
      { part: 2, inDoubt: false, title: 'Digest as it began' },
    ]);
    expect(await app.digestStore.getRun(halfway, slot)).toMatchObject({ status: 'posted', messageIds: ['m-0', 'm-1', 'm-2'], attempts: 2 });
    expect(await app.digestStore.getSubscription(halfway)).toMatchObject({ coveredIdMax: 1, coveredUpTo: slot });
    expect(await app.digestStore.recentPostedStories(halfway, 1)).toEqual(stories);
    // Nothing more on later sweeps.
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(sent).toHaveLength(2);
  });
});
