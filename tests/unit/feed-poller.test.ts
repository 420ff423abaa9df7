import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import type { FeedNotifier } from '../../src/ingest/feeds/feed-notices.ts';
import type { PollOutcome } from '../../src/ingest/feeds/feed-poll.ts';
import { createFeedPoller } from '../../src/ingest/feeds/feed-poller.ts';
import type { FeedRecord } from '../../src/store/ports/feed-store.ts';
import { openSqliteEngine } from '../../src/store/sqlite/open-sqlite-stores.ts';
import { manualTimers } from '../fakes/manual-timers.ts';
import { fixedClock } from '../helpers/app.ts';

const MIN = 60_000;

async function setup(urls: string[]) {
  const clock = fixedClock('2025-11-11T12:00:00Z');
  const { db, stores } = openSqliteEngine(':memory:');
  const { feeds } = stores;
  for (const url of urls) {
    await feeds.addFeed('local', { url, title: null, siteUrl: null, intervalMs: 15 * MIN, addedBy: 't', addedAt: clock.now(), channel: null, nextPollAt: clock.now() });
  }
  return { clock, db, feeds };
}

const outcome = (f: FeedRecord, nextPollAt: Date): PollOutcome => ({
  feedId: f.id,
  workspace: f.workspace,
  url: f.url,
  movedTo: null,
  title: null,
  result: 'not-modified',
  error: null,
  status: 'ok',
  nextPollAt,
  needsNotice: false,
  added: 0,
  updated: 0,
  duplicates: 0,
  unchanged: 0,
  skipped: 0,
  announced: 0,
  fullText: { fetched: 0, failed: 0 },
  nearDuplicates: 0,
});

const noNotices: FeedNotifier = { notifyUnhealthy: async () => undefined };
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('feed poller', () => {
  it('never exceeds the global or the per-host limit, and polls every due feed once', async () => {
    const urls = [
      ...Array.from({ length: 5 }, (_, i) => `https://a.example/${i}`),
      ...Array.from({ length: 3 }, (_, i) => `https://b.example/${i}`),
      ...Array.from({ length: 2 }, (_, i) => `https://c.example/${i}`),
    ];
    const { clock, feeds, db } = await setup(urls);
    let active = 0;
    let maxActive = 0;
    const perHost = new Map<string, number>();
    let maxPerHost = 0;
    const polled: string[] = [];
    const poller = createFeedPoller({
      feeds,
      notifier: noNotices,
      clock: clock.now,
      timers: manualTimers(),
      logger: silentLogger,
      concurrency: 3,
      perHost: 2,
      async poll(f) {
        const host = new URL(f.url).hostname;
        active++;
        perHost.set(host, (perHost.get(host) ?? 0) + 1);
        maxActive = Math.max(maxActive, active);
        maxPerHost = Math.max(maxPerHost, perHost.get(host)!);
        await turn();
        await turn();
        polled.push(f.url);
        const next = new Date(clock.now().getTime() + 15 * MIN);
        await feeds.updateFeedState(f.id, { nextPollAt: next });
        active--;
        perHost.set(host, perHost.get(host)! - 1);
        return outcome(f, next);
      },
    });
    const outcomes = await poller.pollDue();
    expect(outcomes).toHaveLength(10);
    expect(new Set(polled)).toEqual(new Set(urls));
    expect(maxActive).toBe(3);
    expect(maxPerHost).toBe(2);
    expect(await poller.pollDue()).toEqual([]);
    db.close();
  });

  it('runs on its own timers: polls at start, sleeps until the next due feed, stops cleanly', async () => {
    const { clock, feeds, db } = await setup(['https://a.example/feed']);
    const timers = manualTimers();
    let polls = 0;
    let release!: () => void;
    let done = new Promise<void>((r) => (release = r));
    const poller = createFeedPoller({
      feeds,
      notifier: noNotices,
      clock: clock.now,
      timers,
      logger: silentLogger,
      tickMs: 30_000,
      async poll(f) {
        polls++;
        const next = new Date(clock.now().getTime() + 10_000);
        await feeds.updateFeedState(f.id, { nextPollAt: next });
        release();
        return outcome(f, next);
      },
    });
    poller.start();
    expect(timers.pending()).toEqual([{ ms: 0, at: 0 }]);
    timers.advance(0);
    await done;
    // The round finishes, then sleeps until the feed is due again (10 s), not the full 30 s tick.
    for (let i = 0; i < 20 && timers.pending().length === 0; i++) await turn();
    expect(timers.pending()).toEqual([{ ms: 10_000, at: 10_000 }]);
    expect(polls).toBe(1);

    done = new Promise<void>((r) => (release = r));
    clock.set('2025-11-11T12:00:10Z');
    timers.advance(10_000);
    await done;
    expect(polls).toBe(2);
    await poller.stop();
    expect(timers.pending()).toEqual([]);
    db.close();
  });

  it('sends the health notice when a poll says one is needed, and survives a notifier that fails', async () => {
    const { clock, feeds, db } = await setup(['https://a.example/feed', 'https://b.example/feed']);
    const noticed: number[] = [];
    const poller = createFeedPoller({
      feeds,
      clock: clock.now,
      timers: manualTimers(),
      logger: silentLogger,
      notifier: {
        async notifyUnhealthy(f) {
          noticed.push(f.id);
          if (f.id === 2) throw new Error('chat is down');
        },
      },
      async poll(f) {
        const next = new Date(clock.now().getTime() + MIN);
        await feeds.updateFeedState(f.id, { nextPollAt: next });
        return { ...outcome(f, next), result: 'failed', status: 'unhealthy', needsNotice: true, error: 'HTTP 500' };
      },
    });
    const outcomes = await poller.pollDue();
    expect(outcomes).toHaveLength(2);
    expect(noticed.sort()).toEqual([1, 2]);
    db.close();
  });

  it('polls a feed at most once per call even when its poll crashes and leaves it due', async () => {
    const { clock, feeds, db } = await setup(['https://a.example/feed', 'https://b.example/feed']);
    let calls = 0;
    const poller = createFeedPoller({
      feeds,
      notifier: noNotices,
      clock: clock.now,
      timers: manualTimers(),
      logger: silentLogger,
      async poll() {
        calls++;
        throw new Error('bug');
      },
    });
    expect(await poller.pollDue()).toEqual([]);
    expect(calls).toBe(2);
    db.close();
  });
});
