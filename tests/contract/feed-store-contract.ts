import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewArticle } from '../../src/core/article.ts';
import { freeTextQuery } from '../../src/core/text-query.ts';
import type { FeedClaim, FeedRecord, FeedStore, NewFeed } from '../../src/store/ports/feed-store.ts';
import type { StoresFactory, StoresHandle } from './stores-factory.ts';

const T0 = new Date('2025-11-20T12:00:00Z');

function feed(over: Partial<NewFeed> = {}): NewFeed {
  return {
    url: 'https://a.example/feed.xml',
    title: 'A',
    siteUrl: 'https://a.example/',
    intervalMs: 900_000,
    addedBy: 'test',
    addedAt: T0,
    channel: { platform: 'slack', id: 'C1' },
    nextPollAt: T0,
    ...over,
  };
}

function item(key: string, revision: string, over: Partial<NewArticle> = {}) {
  return {
    key,
    revision,
    article: {
      url: `https://a.example/${key}`,
      title: `Item ${key}`,
      source: 'a.example',
      publishedAt: new Date('2025-11-20T10:00:00Z'),
      language: 'en',
      body: `Fighting near Kherson continued on ${key}, officials said.`,
      ...over,
    },
  };
}

/** Feed subscriptions, their items and health: the behaviour every engine's FeedStore must have. */
export function feedStoreContract(name: string, open: StoresFactory): void {
  describe(`FeedStore contract: ${name}`, () => {
    let handle: StoresHandle;
    let feeds: FeedStore;
    beforeEach(async () => {
      handle = await open();
      feeds = handle.stores.feeds;
    });
    afterEach(() => handle.cleanup());

    it('adds a feed once per workspace and URL, lists and removes it, and never reuses a removed id', async () => {
      const a = await feeds.addFeed('w1', feed());
      expect(a.created).toBe(true);
      expect(a.feed).toMatchObject({ workspace: 'w1', url: 'https://a.example/feed.xml', status: 'pending', failures: 0, itemsStored: 0 });
      expect(a.feed.channel).toEqual({ platform: 'slack', id: 'C1' });
      expect(await feeds.addFeed('w1', feed({ title: 'again' }))).toMatchObject({ created: false, feed: { id: a.feed.id, title: 'A' } });
      const other = await feeds.addFeed('w2', feed());
      expect(other.created).toBe(true);
      expect(await feeds.getFeed('w1', other.feed.id)).toBeNull();
      expect((await feeds.listFeeds('w1')).map((f) => f.id)).toEqual([a.feed.id]);
      expect(await feeds.removeFeed('w2', a.feed.id)).toBe(false);
      expect(await feeds.removeFeed('w1', a.feed.id)).toBe(true);
      expect(await feeds.listFeeds('w1')).toEqual([]);
      const b = await feeds.addFeed('w1', feed());
      expect(b.feed.id).toBeGreaterThan(other.feed.id);
    });

    it('hands out due feeds in due order, per workspace or all, and the next due time', async () => {
      const late = await feeds.addFeed('w1', feed({ url: 'https://a.example/late', nextPollAt: new Date('2025-11-20T13:00:00Z') }));
      const early = await feeds.addFeed('w1', feed({ url: 'https://a.example/early', nextPollAt: new Date('2025-11-20T11:00:00Z') }));
      const other = await feeds.addFeed('w2', feed({ url: 'https://b.example/feed', nextPollAt: new Date('2025-11-20T11:30:00Z') }));
      expect((await feeds.dueFeeds(T0, 10)).map((f) => f.id)).toEqual([early.feed.id, other.feed.id]);
      expect((await feeds.dueFeeds(T0, 1)).map((f) => f.id)).toEqual([early.feed.id]);
      expect((await feeds.dueFeeds(T0, 10, 'w2')).map((f) => f.id)).toEqual([other.feed.id]);
      expect(await feeds.nextPollAt()).toEqual(new Date('2025-11-20T11:00:00Z'));
      expect(await feeds.nextPollAt('w2')).toEqual(new Date('2025-11-20T11:30:00Z'));
      expect(await feeds.nextPollAt('nobody')).toBeNull();
      await feeds.updateFeedState(early.feed.id, {
        status: 'failing',
        failures: 2,
        lastError: 'HTTP 503',
        lastErrorAt: T0,
        etag: '"v1"',
        nextPollAt: new Date('2025-11-20T14:00:00Z'),
      });
      const updated = await feeds.getFeed('w1', early.feed.id);
      expect(updated).toMatchObject({ status: 'failing', failures: 2, lastError: 'HTTP 503', etag: '"v1"', title: 'A' });
      expect(updated?.lastErrorAt).toEqual(T0);
      expect((await feeds.dueFeeds(new Date('2025-11-20T13:30:00Z'), 10, 'w1')).map((f) => f.id)).toEqual([late.feed.id]);
    });

    it('moves a feed to a new URL unless the workspace already subscribes to it', async () => {
      const a = await feeds.addFeed('w1', feed());
      await feeds.addFeed('w1', feed({ url: 'https://a.example/taken' }));
      expect(await feeds.moveFeed(a.feed.id, 'https://a.example/taken')).toBe(false);
      expect(await feeds.moveFeed(a.feed.id, 'https://a.example/new')).toBe(true);
      expect((await feeds.getFeed('w1', a.feed.id))?.url).toBe('https://a.example/new');
    });

    it('stores each item once, updates it in place when its revision changes, and finds it by search', async () => {
      const { feed: f } = await feeds.addFeed('w1', feed());
      const first = await feeds.storeItems(f, [item('1', 'r1'), item('2', 'r1')], T0, false);
      expect(first.map((o) => o.status)).toEqual(['added', 'added']);
      const id1 = (first[0] as { articleId: number }).articleId;
      const again = await feeds.storeItems(f, [item('1', 'r1'), item('2', 'r2', { body: 'Fighting near Kherson stopped after a truce.' })], T0, true);
      expect(again).toEqual([
        { status: 'unchanged', articleId: id1 },
        { status: 'updated', articleId: (first[1] as { articleId: number }).articleId },
      ]);
      expect(await feeds.knownItems(f.id, ['1', '2', '3'])).toEqual(new Map([['1', 'r1'], ['2', 'r2']]));
      expect((await feeds.getFeed('w1', f.id))?.itemsStored).toBe(2);
      const truce = await handle.stores.articles.searchArticles('w1', freeTextQuery('truce'), { limit: 5, order: 'newest' });
      expect(truce.map((h) => h.id)).toEqual([(first[1] as { articleId: number }).articleId]);
      expect(await handle.stores.articles.countArticles('w1')).toBe(2);
    });

    it('reports an item already stored under the same URL or text as a duplicate, per workspace', async () => {
      const { feed: a } = await feeds.addFeed('w1', feed());
      const { feed: b } = await feeds.addFeed('w1', feed({ url: 'https://b.example/feed' }));
      const [stored] = await feeds.storeItems(a, [item('1', 'r1')], T0, false);
      const id = (stored as { articleId: number }).articleId;
      const out = await feeds.storeItems(b, [item('1', 'x'), item('9', 'x', { url: 'https://b.example/9', body: item('1', 'r1').article.body })], T0, false);
      expect(out).toEqual([
        { status: 'duplicate', articleId: id, reason: 'url' },
        { status: 'duplicate', articleId: id, reason: 'content' },
      ]);
      const { feed: elsewhere } = await feeds.addFeed('w2', feed());
      expect((await feeds.storeItems(elsewhere, [item('1', 'r1')], T0, false))[0]?.status).toBe('added');
    });

    it('in one poll, a later item that repeats an earlier one by URL or text is its duplicate', async () => {
      const { feed: f } = await feeds.addFeed('w1', feed());
      const sameText = { url: null, body: item('1', 'r').article.body };
      const batch = [item('1', 'r'), item('2', 'r', { url: 'https://a.example/1', body: 'Other text about the port of Odesa.' }), item('3', 'r', sameText), item('4', 'r')];
      const out = await feeds.storeItems(f, batch, T0, false);
      const first = (out[0] as { articleId: number }).articleId;
      expect(out.slice(1, 3)).toEqual([
        { status: 'duplicate', articleId: first, reason: 'url' },
        { status: 'duplicate', articleId: first, reason: 'content' },
      ]);
      expect(out.map((o) => o.status)).toEqual(['added', 'duplicate', 'duplicate', 'added']);
      expect(await handle.stores.articles.countArticles('w1')).toBe(2);
      expect(await feeds.knownItems(f.id, ['1', '2', '3', '4'])).toEqual(new Map(['1', '2', '3', '4'].map((k) => [k, 'r'])));
      // Polled again: every item is unchanged, pointing at the article it was stored or linked as.
      expect(await feeds.storeItems(f, [item('1', 'r'), item('3', 'r', sameText)], T0, true)).toEqual([
        { status: 'unchanged', articleId: first },
        { status: 'unchanged', articleId: first },
      ]);
    });

    describe('polling leases', () => {
      const lease = (owner: string, limit = 10, over: Partial<FeedClaim> = {}): FeedClaim => ({ limit, owner, leaseMs: 60_000, perHost: 10, ...over });
      /** `n` due feeds on each of these hosts, in workspace w1 unless the host says otherwise. */
      async function dueOn(hosts: Record<string, number>, workspace = 'w1'): Promise<FeedRecord[]> {
        const out: FeedRecord[] = [];
        for (const [host, n] of Object.entries(hosts)) {
          for (let i = 0; i < n; i++) out.push((await feeds.addFeed(workspace, feed({ url: `https://${host}/feed/${i}` }))).feed);
        }
        return out;
      }
      const ids = (list: FeedRecord[]) => list.map((f) => f.id).sort((a, b) => a - b);

      it('stores the host of the URL, and changes it when the feed moves', async () => {
        const { feed: f } = await feeds.addFeed('w1', feed({ url: 'https://User@News.Example.ORG:8443/rss?x=1' }));
        expect(f).toMatchObject({ host: 'news.example.org', leaseOwner: null, leaseUntil: null });
        expect(await feeds.moveFeed(f.id, 'https://mirror.example/rss')).toBe(true);
        expect((await feeds.getFeed('w1', f.id))?.host).toBe('mirror.example');
      });

      it('gives two owners disjoint feeds, releases a lease when the poll writes its state, and lets an expired lease be taken over', async () => {
        const all = await dueOn({ 'a.example': 3, 'b.example': 3 });
        const other = handle.connectAgain ? await handle.connectAgain() : handle.stores;
        const [one, two] = await Promise.all([feeds.claimDueFeeds(T0, lease('one', 4)), other.feeds.claimDueFeeds(T0, lease('two', 4))]);
        expect(one.length + two.length).toBe(6);
        expect(ids([...one, ...two])).toEqual(ids(all));
        expect(one.every((f) => f.leaseOwner === 'one' && f.leaseUntil?.getTime() === T0.getTime() + 60_000)).toBe(true);
        expect(await feeds.claimDueFeeds(T0, lease('three'))).toEqual([]);
        // What metrics report as waiting: nothing due that no one holds, six being polled.
        expect(await feeds.pollBacklog(T0)).toEqual({ due: 0, polling: 6 });

        // The poll's state write ends the lease; the feed is not due again, so nobody takes it.
        await feeds.updateFeedState(one[0]!.id, { lastPolledAt: T0, nextPollAt: new Date(T0.getTime() + 900_000) });
        expect(await feeds.getFeed('w1', one[0]!.id)).toMatchObject({ leaseOwner: null, leaseUntil: null });
        // Only the owner gives a lease back without polling; the feed is then due for anyone.
        expect(await feeds.releaseFeed(two[0]!.id, 'one')).toBe(false);
        expect(await feeds.releaseFeed(two[0]!.id, 'two')).toBe(true);
        expect(ids(await feeds.claimDueFeeds(T0, lease('three')))).toEqual([two[0]!.id]);

        // Owner "two" died: after its lease runs out, its remaining feeds go to whoever claims.
        const beforeExpiry = new Date(T0.getTime() + 59_999);
        expect(await feeds.claimDueFeeds(beforeExpiry, lease('four'))).toEqual([]);
        const later = new Date(T0.getTime() + 60_000);
        // Expired leases are waiting again, as claimDueFeeds sees them: every feed but the one whose poll wrote its state.
        expect(await feeds.pollBacklog(later)).toEqual({ due: 5, polling: 0 });
        const taken = await feeds.claimDueFeeds(later, lease('four'));
        expect(ids(taken)).toEqual(ids([...one.slice(1), ...two]));
        expect(taken.every((f) => f.leaseOwner === 'four')).toBe(true);
      });

      it('never has more than perHost live leases on one host, over every owner and workspace', async () => {
        await dueOn({ 'busy.example': 6, 'calm.example': 1 });
        await dueOn({ 'busy.example': 2 }, 'w2');
        const other = handle.connectAgain ? await handle.connectAgain() : handle.stores;
        const claims = await Promise.all(
          ['a', 'b', 'c', 'd'].map((o, i) => (i % 2 ? other.feeds : feeds).claimDueFeeds(T0, lease(o, 10, { perHost: 2 }))),
        );
        const got = claims.flat();
        expect(got.filter((f) => f.host === 'busy.example')).toHaveLength(2);
        expect(got.filter((f) => f.host === 'calm.example')).toHaveLength(1);
        // A workspace-scoped claim counts the other workspace's leases too.
        expect(await feeds.claimDueFeeds(T0, lease('e', 10, { perHost: 2, workspace: 'w2' }))).toEqual([]);
        // A finished poll frees one place on its host, for one more feed of that host.
        const busy = got.find((f) => f.host === 'busy.example')!;
        await feeds.updateFeedState(busy.id, { nextPollAt: new Date(T0.getTime() + 900_000) });
        const next = await feeds.claimDueFeeds(T0, lease('e', 10, { perHost: 2 }));
        expect(next.map((f) => f.host)).toEqual(['busy.example']);
        // Expired leases do not count: the whole cap is free again (and the unpolled calm feed is due again).
        const after = await feeds.claimDueFeeds(new Date(T0.getTime() + 60_001), lease('f', 10, { perHost: 2 }));
        expect(after.map((f) => f.host).sort()).toEqual(['busy.example', 'busy.example', 'calm.example']);
      });
    });
  });
}
