import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SourcesService } from '../briefing/sources-port.ts';
import type { Logger } from '../core/logger.ts';
import type { FeedStore } from '../store/ports/feed-store.ts';
import type { NearDuplicateStore } from '../store/ports/near-duplicate-store.ts';
import type { ArticleStore } from '../store/ports/article-store.ts';
import { createArticlePageReader } from './pages/article-page.ts';
import { createFeedNotifier, type PublisherLookup } from './feeds/feed-notices.ts';
import { createFeedPoll, type FeedPoll, type PollOutcome } from './feeds/feed-poll.ts';
import { createFeedPoller, type FeedPoller } from './feeds/feed-poller.ts';
import { createSafeFetcher, systemTimers, type SafeFetcher, type Timers } from './http/safe-fetch.ts';
import { createSourcesService } from './sources-use-cases.ts';

/** Everything the sources feature builds, for the composition root. */
export interface Sources {
  /** The use cases commands and the CLI call. */
  service: SourcesService;
  /** Subscriptions. */
  feeds: FeedStore;
  /** Single-feed polling. */
  poll: FeedPoll;
  /** The fetcher every outbound request goes through. */
  fetcher: SafeFetcher;
  /** Builds a background poller (serve, `feed poll`). */
  createPoller(options: { publisherFor: PublisherLookup; workspace?: string; timers?: Timers; onPolled?: (outcome: PollOutcome) => void }): FeedPoller;
}

/** Construction options. */
export interface SourcesOptions {
  /** Feed subscriptions and items. */
  feeds: FeedStore;
  /** Near-duplicate links. */
  nearDuplicates: NearDuplicateStore;
  /** Articles. */
  articles: ArticleStore;
  /** Current time. */
  clock: () => Date;
  /** Logger. */
  logger: Logger;
  /** Hosts/CIDRs exempt from the private-address guard. */
  fetchAllow?: readonly string[];
  /** A ready fetcher (tests); built from `fetchAllow` otherwise. */
  fetcher?: SafeFetcher;
  /** Feeds polled at once. */
  concurrency?: number;
  /** Feeds of one host polled at once, over every instance sharing the database. */
  perHost?: number;
  /** How long a poller's lease on a feed lasts (another instance takes the feed over after it). */
  leaseMs?: number;
  /** This process's poller id in feed leases; host, pid and a random part when absent. */
  owner?: string;
}

/** A poller id unique to this process: readable in `feeds.lease_owner`, never reused by a restart. */
export function processOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Wires the feed store, fetcher, poll, poller and service over the given stores. */
export function createSources(options: SourcesOptions): Sources {
  const { feeds, nearDuplicates, clock } = options;
  const logger = options.logger.child({ component: 'sources' });
  const fetcher = options.fetcher ?? createSafeFetcher({ allow: options.fetchAllow ?? [], logger });
  const pages = createArticlePageReader({ fetcher });
  const poll = createFeedPoll({ fetcher, feeds, nearDuplicates, pages, clock, logger });
  const owner = options.owner ?? processOwnerId();
  const createPoller: Sources['createPoller'] = ({ publisherFor, workspace, timers, onPolled }) =>
    createFeedPoller({
      feeds,
      poll: (f) => poll.poll(f),
      notifier: createFeedNotifier({ feeds, publisherFor, clock, logger }),
      clock,
      timers: timers ?? systemTimers,
      logger,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.perHost ? { perHost: options.perHost } : {}),
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
      owner,
      ...(workspace ? { workspace } : {}),
      ...(onPolled ? { onPolled } : {}),
    });
  // Polls started by a command (`feed poll --once`) have no chat publishers: an unhealthy feed is recorded and shown by
  // `feed list`, and a notice for a chat channel waits for the server, which posts it after its next poll.
  const onDemand = createPoller({ publisherFor: () => undefined });
  const service = createSourcesService({
    fetcher,
    feeds,
    articles: options.articles,
    nearDuplicates,
    poll,
    runPolls: (list) => onDemand.pollFeeds(list),
    pages,
    clock,
    logger,
  });
  return { service, feeds, poll, fetcher, createPoller };
}
