import { ChannelUnavailableError, type Publisher } from '../../chat/publisher.ts';
import type { Reply } from '../../chat/reply.ts';
import type { Logger } from '../../core/logger.ts';
import type { FeedRecord, FeedStore } from '../../store/ports/feed-store.ts';
import type { PollOutcome } from './feed-poll.ts';

/** Finds the publisher of a chat platform (`slack`, `discord`, `console`), when that adapter is running. */
export type PublisherLookup = (platform: string) => Publisher | undefined;

/** Tells a workspace, once per unhealthy period, that a feed keeps failing. */
export interface FeedNotifier {
  /** Sends the notice for a poll whose outcome says one is needed, and records that it was sent. */
  notifyUnhealthy(feed: FeedRecord, outcome: PollOutcome): Promise<void>;
}

/** The notice text (also what `feed list` explains). */
export function unhealthyNotice(feed: Pick<FeedRecord, 'id' | 'url' | 'title'>, outcome: Pick<PollOutcome, 'error' | 'nextPollAt'>, failures: number): Reply {
  const name = feed.title ? `"${feed.title}" (${feed.url})` : feed.url;
  return {
    visibility: 'public',
    title: 'Feed unhealthy',
    blocks: [
      {
        type: 'notice',
        tone: 'warning',
        text: `The feed ${name} has failed ${failures} polls in a row. Last error: ${outcome.error ?? 'unknown'}`,
      },
      {
        type: 'text',
        text: `Sitrep keeps trying (next attempt ${outcome.nextPollAt.toISOString()}) and will not post about it again until it recovers. Remove it with: /sources remove ${feed.id}`,
      },
    ],
    data: { kind: 'feed-unhealthy', feedId: feed.id, url: feed.url, failures, error: outcome.error },
  };
}

export function createFeedNotifier(deps: {
  feeds: FeedStore;
  publisherFor: PublisherLookup;
  clock: () => Date;
  logger: Logger;
}): FeedNotifier {
  const { feeds, logger } = deps;
  return {
    async notifyUnhealthy(feed, outcome) {
      if (!outcome.needsNotice) return;
      const failures = feed.failures + 1;
      const reply = unhealthyNotice(feed, outcome, failures);
      if (feed.channel) {
        const publisher = deps.publisherFor(feed.channel.platform);
        if (!publisher) {
          // This process cannot post there (a CLI run); the server that can will send it after its next poll.
          logger.info({ feed: feed.id, channel: feed.channel }, 'feed is unhealthy; the notice waits for a running chat adapter');
          return;
        }
        try {
          await publisher.publish({ platform: feed.channel.platform, workspace: feed.workspace, channelId: feed.channel.id }, reply);
        } catch (err) {
          if (!(err instanceof ChannelUnavailableError)) {
            // A transient failure: the notice is tried again after the next failed poll.
            logger.warn({ err, feed: feed.id }, 'could not post the feed-health notice; will retry');
            return;
          }
          logger.warn({ feed: feed.id, channel: feed.channel }, 'the channel that added this feed is gone; the notice stays in feed list');
        }
      }
      // Recorded once: `feed list` shows the unhealthy status from here on, and no further notice is sent until the
      // feed recovers and fails again.
      await feeds.updateFeedState(feed.id, { noticeSentAt: deps.clock() });
      logger.warn({ feed: feed.id, url: feed.url, workspace: feed.workspace, failures, error: outcome.error }, 'feed is unhealthy');
    },
  };
}
