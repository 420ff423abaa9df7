import { describe, expect, it } from 'vitest';
import { createConsolePublisher } from '../../src/adapters/console/console-publisher.ts';
import { ChannelUnavailableError, type Publisher } from '../../src/chat/publisher.ts';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createFeedNotifier, unhealthyNotice } from '../../src/ingest/feeds/feed-notices.ts';
import type { PollOutcome } from '../../src/ingest/feeds/feed-poll.ts';
import type { FeedChannel } from '../../src/store/ports/feed-store.ts';
import { openSqliteEngine } from '../../src/store/sqlite/open-sqlite-stores.ts';
import { fixedClock } from '../helpers/app.ts';

async function unhealthyFeed(channel: FeedChannel | null) {
  const clock = fixedClock('2025-11-11T12:00:00Z');
  const { db, stores } = openSqliteEngine(':memory:');
  const { feeds } = stores;
  const { feed } = await feeds.addFeed('slack:T1', {
    url: 'https://news.example.com/feed.xml',
    title: 'News',
    siteUrl: null,
    intervalMs: 900_000,
    addedBy: 'U1',
    addedAt: clock.now(),
    channel,
    nextPollAt: clock.now(),
  });
  const outcome = { needsNotice: true, error: 'https://news.example.com/feed.xml answered HTTP 500.', nextPollAt: new Date('2025-11-11T16:00:00Z') } as PollOutcome;
  return { clock, db, feeds, feed: { ...feed, failures: 4 }, outcome };
}

function recorder(fail?: Error): Publisher & { posts: unknown[] } {
  const posts: unknown[] = [];
  return {
    platform: 'slack',
    posts,
    async publish(channel, reply) {
      if (fail) throw fail;
      posts.push({ channel, reply });
      return { messageIds: ['1'] };
    },
  };
}

describe('feed-health notices', () => {
  it('posts once to the channel that added the feed and records it', async () => {
    const { clock, db, feeds, feed, outcome } = await unhealthyFeed({ platform: 'slack', id: 'C9' });
    const slack = recorder();
    const notifier = createFeedNotifier({ feeds, publisherFor: (p) => (p === 'slack' ? slack : undefined), clock: clock.now, logger: silentLogger });
    await notifier.notifyUnhealthy(feed, outcome);
    expect(slack.posts).toEqual([{ channel: { platform: 'slack', workspace: 'slack:T1', channelId: 'C9' }, reply: expect.objectContaining({ title: 'Feed unhealthy' }) }]);
    expect((await feeds.getFeed('slack:T1', feed.id))!.noticeSentAt).toEqual(clock.now());
    await notifier.notifyUnhealthy(feed, { ...outcome, needsNotice: false });
    expect(slack.posts).toHaveLength(1);
    db.close();
  });

  it('retries after a transient publish failure, gives up on a channel that is gone, waits for a missing adapter', async () => {
    const transient = await unhealthyFeed({ platform: 'slack', id: 'C9' });
    await createFeedNotifier({ feeds: transient.feeds, publisherFor: () => recorder(new Error('socket hang up')), clock: transient.clock.now, logger: silentLogger }).notifyUnhealthy(transient.feed, transient.outcome);
    expect((await transient.feeds.getFeed('slack:T1', transient.feed.id))!.noticeSentAt).toBeNull();

    const gone = await unhealthyFeed({ platform: 'slack', id: 'C9' });
    await createFeedNotifier({ feeds: gone.feeds, publisherFor: () => recorder(new ChannelUnavailableError('channel_not_found')), clock: gone.clock.now, logger: silentLogger }).notifyUnhealthy(gone.feed, gone.outcome);
    expect((await gone.feeds.getFeed('slack:T1', gone.feed.id))!.noticeSentAt).not.toBeNull();

    const cli = await unhealthyFeed({ platform: 'slack', id: 'C9' });
    await createFeedNotifier({ feeds: cli.feeds, publisherFor: () => undefined, clock: cli.clock.now, logger: silentLogger }).notifyUnhealthy(cli.feed, cli.outcome);
    expect((await cli.feeds.getFeed('slack:T1', cli.feed.id))!.noticeSentAt).toBeNull();

    const noChannel = await unhealthyFeed(null);
    await createFeedNotifier({ feeds: noChannel.feeds, publisherFor: () => undefined, clock: noChannel.clock.now, logger: silentLogger }).notifyUnhealthy(noChannel.feed, noChannel.outcome);
    expect((await noChannel.feeds.getFeed('slack:T1', noChannel.feed.id))!.noticeSentAt).not.toBeNull();
    for (const x of [transient, gone, cli, noChannel]) x.db.close();
  });

  it('prints the notice in the console chat', async () => {
    let out = '';
    const publisher = createConsolePublisher({ output: { write: (s: string) => (out += s) }, clock: () => new Date('2025-11-24T08:00:00Z') });
    const reply = unhealthyNotice({ id: 3, url: 'https://x.example/feed', title: 'X' }, { error: 'HTTP 500', nextPollAt: new Date('2025-11-11T18:00:00Z') }, 5);
    expect(await publisher.publish({ platform: 'console', workspace: 'local', channelId: 'console' }, reply)).toEqual({ messageIds: [expect.stringMatching(/^console-/)] });
    expect(out).toMatch(/# Feed unhealthy\n\nWarning: The feed "X" \(https:\/\/x\.example\/feed\) has failed 5 polls in a row\. Last error: HTTP 500/);
    expect(out).toMatch(/Remove it with: \/sources remove 3/);
  });
});

describe('feed configuration', () => {
  it('reads the polling limits and validates the allow-list', () => {
    expect(loadConfig({}).feeds).toEqual({ concurrency: 8, perHost: 2, leaseMs: 300_000 });
    expect(loadConfig({ SITREP_FEED_CONCURRENCY: '16', SITREP_FEED_PER_HOST: '1', SITREP_FEED_LEASE: '90s' }).feeds).toEqual({ concurrency: 16, perHost: 1, leaseMs: 90_000 });
    expect(loadConfig({ SITREP_FETCH_ALLOW: '127.0.0.1, 10.0.0.0/8, ::1, fd00::/8, feeds.corp' }).fetchAllow).toHaveLength(5);
    let err: unknown;
    try {
      loadConfig({ SITREP_FETCH_ALLOW: '10.0.0.0/40', SITREP_FEED_CONCURRENCY: '0', SITREP_FEED_PER_HOST: 'two', SITREP_FEED_LEASE: '2s' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/SITREP_FETCH_ALLOW: expected comma-separated host names, IP addresses or CIDR ranges/);
    expect(problems).toMatch(/SITREP_FEED_CONCURRENCY: expected a whole number from 1 to 64, got "0"/);
    expect(problems).toMatch(/SITREP_FEED_PER_HOST: expected a whole number from 1 to 16, got "two"/);
    expect(problems).toMatch(/SITREP_FEED_LEASE: expected a duration from 10 s to 60 min such as 20s, 1500ms or 2m, got "2s"/);
  });
});
