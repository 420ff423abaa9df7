import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DigestStore, NewDigestSubscription } from '../../src/store/ports/digest-store.ts';
import type { StoresFactory, StoresHandle } from './stores-factory.ts';

const T0 = new Date('2025-11-24T07:00:00Z');
const SLOT = new Date('2025-11-24T07:00:00Z');
const LEASE = 60_000;

function input(over: Partial<NewDigestSubscription> = {}): NewDigestSubscription {
  return {
    workspace: 'local',
    channel: { platform: 'console', id: 'ops' },
    stories: ['syria'],
    schedule: 'daily 08:00',
    cron: '0 8 * * *',
    timeZone: 'Europe/Berlin',
    createdBy: 'test',
    createdAt: T0,
    ...over,
  };
}

const claimOpts = (owner: string, now = T0, retryFailed = false) =>
  ({ owner, now, leaseMs: LEASE, trigger: 'schedule', retryFailed }) as const;

/** Digest subscriptions and the run ledger: the behaviour every engine's DigestStore must have. */
export function digestStoreContract(name: string, open: StoresFactory): void {
  describe(`DigestStore contract: ${name}`, () => {
    let handle: StoresHandle;
    let store: DigestStore;
    beforeEach(async () => {
      handle = await open();
      store = handle.stores.digests;
    });
    afterEach(() => handle.cleanup());

    it('stores subscriptions per workspace and refuses a duplicate schedule for one channel', async () => {
      const a = await store.createSubscription(input());
      const all = await store.createSubscription(input({ workspace: 'team-b', stories: 'all' }));
      expect(a).toMatchObject({ id: 1, channel: { platform: 'console', id: 'ops' }, stories: ['syria'], paused: null, version: 1 });
      expect(all.stories).toBe('all');
      // The language a digest is written in is kept; none means as the sources are written.
      expect(a.language).toBeNull();
      const french = await store.createSubscription(input({ workspace: 'team-c', language: 'fr' }));
      expect((await store.getSubscription(french.id, 'team-c'))?.language).toBe('fr');
      await store.removeSubscription('team-c', french.id);
      await expect(store.createSubscription(input({ stories: ['sudan'] }))).rejects.toThrow(/Digest #1 already posts to console:ops/);
      expect((await store.listSubscriptions('local')).map((s) => s.id)).toEqual([1]);
      expect(await store.getSubscription(all.id, 'local')).toBeNull();
      expect(await store.removeSubscription('local', all.id)).toBe(false);
      expect((await store.listAllSubscriptions()).map((s) => s.id)).toEqual([1, 2]);
    });

    it('never reuses the id of a removed subscription', async () => {
      const a = await store.createSubscription(input());
      expect(await store.removeSubscription('local', a.id)).toBe(true);
      const b = await store.createSubscription(input());
      expect(b.id).toBe(a.id + 1);
    });

    it('lets exactly one of two connections claim a slot', async (ctx) => {
      if (!handle.connectAgain) return ctx.skip();
      const other = (await handle.connectAgain()).digests;
      const sub = await store.createSubscription(input());
      const results = await Promise.all([store.claimRun(sub.id, SLOT, claimOpts('a')), other.claimRun(sub.id, SLOT, claimOpts('b'))]);
      expect(results.map((r) => r.claimed).sort()).toEqual([false, true]);
      expect(results.find((r) => !r.claimed)).toMatchObject({ reason: 'taken', existing: { status: 'claimed' } });
    });

    it('walks a slot through claimed → posting → posted and advances what the subscription covered', async () => {
      const sub = await store.createSubscription(input());
      expect(await store.claimRun(sub.id, SLOT, claimOpts('a'))).toEqual({ claimed: true, attempt: 1 });
      expect(await store.markPosting(sub.id, SLOT, 'b', T0)).toBe(false);
      expect(await store.markPosting(sub.id, SLOT, 'a', T0)).toBe(true);
      await store.completeRun(sub.id, SLOT, 'a', {
        messageIds: ['m1'],
        finishedAt: T0,
        coveredIdMax: 42,
        stories: [{ story: 'syria', bullets: ['One.'], articleIds: [3] }],
      });
      expect(await store.getRun(sub.id, SLOT)).toMatchObject({ status: 'posted', messageIds: ['m1'], attempts: 1 });
      expect(await store.getSubscription(sub.id)).toMatchObject({ coveredUpTo: SLOT, coveredIdMax: 42 });
      expect(await store.recentPostedStories(sub.id, 3)).toEqual([{ story: 'syria', bullets: ['One.'], articleIds: [3] }]);
      // Posted is final, even for a manual retry long after the lease.
      const later = new Date(T0.getTime() + 10 * LEASE);
      expect(await store.claimRun(sub.id, SLOT, claimOpts('c', later, true))).toMatchObject({ claimed: false, existing: { status: 'posted' } });
    });

    it('takes over an expired claim that never started posting, but never one that was posting', async () => {
      const sub = await store.createSubscription(input());
      await store.claimRun(sub.id, SLOT, claimOpts('a'));
      expect((await store.claimRun(sub.id, SLOT, claimOpts('b', new Date(T0.getTime() + LEASE / 2)))).claimed).toBe(false);
      const late = new Date(T0.getTime() + 2 * LEASE);
      expect(await store.claimRun(sub.id, SLOT, claimOpts('b', late))).toEqual({ claimed: true, attempt: 2 });
      // The first owner lost the claim and may not post.
      expect(await store.markPosting(sub.id, SLOT, 'a', late)).toBe(false);
      expect(await store.markPosting(sub.id, SLOT, 'b', late)).toBe(true);
      const much = new Date(T0.getTime() + 10 * LEASE);
      expect((await store.claimRun(sub.id, SLOT, claimOpts('c', much, true))).claimed).toBe(false);
      expect(await store.expireStalePosting(sub.id, SLOT, much, 'stopped while posting')).toBe(true);
      expect(await store.getRun(sub.id, SLOT)).toMatchObject({ status: 'unknown', detail: 'stopped while posting' });
    });

    it('keeps what a post is sending and the messages confirmed, so another owner finishes a post that stopped half-way', async () => {
      const sub = await store.createSubscription(input());
      const record = { reply: { visibility: 'public', blocks: [{ type: 'text', text: 'Syria today.' }] }, coveredIdMax: 7, stories: [{ story: 'syria', bullets: ['One.'], articleIds: [3] }] };
      expect(await store.unfinishedRuns()).toBe(0);
      await store.claimRun(sub.id, SLOT, claimOpts('a'));
      expect(await store.unfinishedRuns()).toBe(1);
      const posting = { record, leaseMs: LEASE / 2 };
      expect(await store.markPosting(sub.id, SLOT, 'b', T0, posting)).toBe(false);
      expect(await store.markPosting(sub.id, SLOT, 'a', T0, posting)).toBe(true);
      // Each confirmed message is recorded and renews the (shorter) posting lease.
      const t1 = new Date(T0.getTime() + LEASE / 4);
      expect(await store.recordPosting(sub.id, SLOT, 'a', { messageIds: ['m1'], now: t1, leaseMs: LEASE / 2 })).toBe(true);
      expect(await store.recordPosting(sub.id, SLOT, 'x', { messageIds: ['m1', 'm2'], now: t1, leaseMs: LEASE / 2 })).toBe(false);
      expect(await store.getRun(sub.id, SLOT)).toMatchObject({ status: 'posting', messageIds: ['m1'] });
      // While the lease holds nobody else takes it; a stopped post is not marked unknown, it is finished.
      const live = new Date(t1.getTime() + LEASE / 4);
      expect((await store.claimRun(sub.id, SLOT, claimOpts('b', live))).claimed).toBe(false);
      const dead = new Date(t1.getTime() + LEASE);
      expect(await store.expireStalePosting(sub.id, SLOT, dead, 'stopped while posting')).toBe(false);
      expect(await store.claimRun(sub.id, SLOT, claimOpts('b', dead))).toEqual({ claimed: true, attempt: 2, resume: { posting: record, messageIds: ['m1'] } });
      expect(await store.getRun(sub.id, SLOT)).toMatchObject({ status: 'posting', attempts: 2 });
      // The first owner may not record anything more; the new one goes on from what was confirmed.
      expect(await store.recordPosting(sub.id, SLOT, 'a', { messageIds: ['m1', 'm2'], now: dead, leaseMs: LEASE })).toBe(false);
      expect(await store.recordPosting(sub.id, SLOT, 'b', { messageIds: ['m1', 'm2'], now: dead, leaseMs: LEASE })).toBe(true);
      await store.completeRun(sub.id, SLOT, 'b', { messageIds: ['m1', 'm2'], finishedAt: dead, coveredIdMax: 7, stories: record.stories });
      expect(await store.getRun(sub.id, SLOT)).toMatchObject({ status: 'posted', messageIds: ['m1', 'm2'] });
      expect(await store.unfinishedRuns()).toBe(0);
      expect(await store.getSubscription(sub.id)).toMatchObject({ coveredIdMax: 7 });
      const much = new Date(T0.getTime() + 100 * LEASE);
      expect((await store.claimRun(sub.id, SLOT, claimOpts('c', much, true))).claimed).toBe(false);
    });

    it('retries a slot that failed half-way by finishing it, and one that failed before any message by starting again', async () => {
      const sub = await store.createSubscription(input());
      const record = { reply: { visibility: 'public', blocks: [] }, coveredIdMax: 1, stories: [] };
      await store.claimRun(sub.id, SLOT, claimOpts('a'));
      await store.markPosting(sub.id, SLOT, 'a', T0, { record, leaseMs: LEASE });
      await store.recordPosting(sub.id, SLOT, 'a', { messageIds: ['m1'], now: T0, leaseMs: LEASE });
      await store.failRun(sub.id, SLOT, 'a', 'Posting failed after 1 message(s): 503', T0);
      expect(await store.getRun(sub.id, SLOT)).toMatchObject({ status: 'failed', messageIds: ['m1'] });
      expect((await store.claimRun(sub.id, SLOT, claimOpts('b'))).claimed).toBe(false);
      expect(await store.claimRun(sub.id, SLOT, claimOpts('b', T0, true))).toEqual({ claimed: true, attempt: 2, resume: { posting: record, messageIds: ['m1'] } });

      const next = new Date(SLOT.getTime() + 86_400_000);
      await store.claimRun(sub.id, next, claimOpts('a', next));
      await store.markPosting(sub.id, next, 'a', next, { record, leaseMs: LEASE });
      await store.failRun(sub.id, next, 'a', 'Posting failed: 503', next);
      expect(await store.claimRun(sub.id, next, claimOpts('b', next, true))).toEqual({ claimed: true, attempt: 2 });
    });

    it('retries a failed slot only when asked, and refuses paused or removed subscriptions', async () => {
      const sub = await store.createSubscription(input());
      await store.claimRun(sub.id, SLOT, claimOpts('a'));
      await store.failRun(sub.id, SLOT, 'a', 'Posting failed: 503', T0);
      expect((await store.claimRun(sub.id, SLOT, claimOpts('a'))).claimed).toBe(false);
      expect(await store.claimRun(sub.id, SLOT, claimOpts('a', T0, true))).toEqual({ claimed: true, attempt: 2 });
      const next = new Date(SLOT.getTime() + 86_400_000);
      await store.pauseSubscription(sub.id, 'Channel unavailable: channel_not_found', T0);
      expect(await store.claimRun(sub.id, next, claimOpts('a'))).toMatchObject({ claimed: false, reason: 'paused' });
      expect((await store.getSubscription(sub.id))?.paused?.reason).toBe('Channel unavailable: channel_not_found');
      expect(await store.resumeSubscription('local', sub.id, next)).toBe(true);
      expect(await store.getSubscription(sub.id)).toMatchObject({ paused: null, activeSince: next, version: 3 });
      await store.removeSubscription('local', sub.id);
      expect(await store.claimRun(sub.id, next, claimOpts('a'))).toMatchObject({ claimed: false, reason: 'gone' });
      expect(await store.getRun(sub.id, SLOT)).toBeNull();
    });

    it('records a skipped slot once and never over an existing entry', async () => {
      const sub = await store.createSubscription(input());
      expect(await store.skipRun(sub.id, SLOT, 'beyond grace', T0)).toBe(true);
      expect(await store.skipRun(sub.id, SLOT, 'again', T0)).toBe(false);
      expect(await store.getRun(sub.id, SLOT)).toMatchObject({ status: 'skipped', detail: 'beyond grace' });
      expect((await store.claimRun(sub.id, SLOT, claimOpts('a', T0, true))).claimed).toBe(false);
      expect(await store.skipRun(99, SLOT, 'no such subscription', T0)).toBe(false);
      // A claim abandoned before posting is skipped once its lease ran out; a live one is left alone.
      const next = new Date(SLOT.getTime() + 86_400_000);
      await store.claimRun(sub.id, next, claimOpts('a', next));
      expect(await store.skipRun(sub.id, next, 'beyond grace', new Date(next.getTime() + LEASE / 2))).toBe(false);
      expect(await store.skipRun(sub.id, next, 'beyond grace', new Date(next.getTime() + 2 * LEASE))).toBe(true);
      expect(await store.getRun(sub.id, next)).toMatchObject({ status: 'skipped', detail: 'beyond grace' });
    });
  });
}
