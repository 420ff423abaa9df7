import { createBriefingService } from '../../src/briefing/briefing-service.ts';
import type { SourcesService } from '../../src/briefing/sources-port.ts';
import type { ChannelRef, Publisher } from '../../src/chat/publisher.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { silentLogger, type Logger } from '../../src/core/logger.ts';
import { createArticlePageReader } from '../../src/ingest/pages/article-page.ts';
import { createFeedNotifier } from '../../src/ingest/feeds/feed-notices.ts';
import { parseFeedDocument } from '../../src/ingest/feeds/feed-parse.ts';
import { createFeedPoll, type FeedPoll } from '../../src/ingest/feeds/feed-poll.ts';
import { createFeedPoller, type FeedPoller } from '../../src/ingest/feeds/feed-poller.ts';
import { createSafeFetcher, type Resolver, type Timers } from '../../src/ingest/http/safe-fetch.ts';
import { createSourcesService } from '../../src/ingest/sources-use-cases.ts';
import type { FeedStore } from '../../src/store/ports/feed-store.ts';
import type { NearDuplicateStore } from '../../src/store/ports/near-duplicate-store.ts';
import { openSqliteEngine } from '../../src/store/sqlite/open-sqlite-stores.ts';
import type { SqliteDatabase } from '../../src/store/sqlite/sqlite-database.ts';
import { corpusStore } from '../../src/store/stores.ts';
import type { Store } from '../../src/store/ports/corpus-store.ts';
import { createExtractiveSummarizer } from '../../src/summarize/extractive-summarizer.ts';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startFakeHttpServer, type FakeHttpServer } from '../fakes/http-server.ts';
import { manualTimers } from '../fakes/manual-timers.ts';
import { fixedClock } from './app.ts';

/** The sources feature wired over an in-memory database, a movable clock and a recording publisher. */
export interface SourcesHarness {
  clock: ReturnType<typeof fixedClock>;
  db: SqliteDatabase;
  store: Store;
  feeds: FeedStore;
  nearDuplicates: NearDuplicateStore;
  poll: FeedPoll;
  poller: FeedPoller;
  service: SourcesService;
  briefing: ReturnType<typeof createBriefingService>;
  /** Notices posted through the fake Slack publisher. */
  published: { channel: ChannelRef; reply: Reply }[];
  /** How many documents were parsed. */
  parses(): number;
  close(): void;
}

export function sourcesHarness(
  options: { now?: string; resolver?: Resolver; allow?: string[]; timers?: Timers; logger?: Logger } = {},
): SourcesHarness {
  const clock = fixedClock(options.now ?? '2025-11-11T12:00:00Z');
  const { db, stores } = openSqliteEngine(':memory:');
  const store = corpusStore(stores);
  // Tests never reach real DNS: names resolve only through an injected resolver (feed items in the shared files link
  // to real sites, whose pages the full-text step would otherwise try to fetch).
  const offline: Resolver = async (host) => {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (tests are offline)`), { code: 'ENOTFOUND' });
  };
  const fetcher = createSafeFetcher({
    allow: options.allow ?? ['127.0.0.1'],
    resolver: options.resolver ?? offline,
    ...(options.timers ? { timers: options.timers } : {}),
  });
  const { feeds, nearDuplicates } = stores;
  const pages = createArticlePageReader({ fetcher });
  let parses = 0;
  const parse: typeof parseFeedDocument = (bytes, source) => {
    parses++;
    return parseFeedDocument(bytes, source);
  };
  const random = (): number => 0;
  const poll = createFeedPoll({ fetcher, feeds, nearDuplicates, pages, clock: clock.now, random, logger: options.logger ?? silentLogger, parse });
  const published: SourcesHarness['published'] = [];
  const slack: Publisher = {
    platform: 'slack',
    async publish(channel, reply) {
      published.push({ channel, reply });
      return { messageIds: [`m${published.length}`] };
    },
  };
  const poller = createFeedPoller({
    feeds,
    poll: (f) => poll.poll(f),
    notifier: createFeedNotifier({ feeds, publisherFor: (p) => (p === 'slack' ? slack : undefined), clock: clock.now, logger: silentLogger }),
    clock: clock.now,
    timers: manualTimers(),
    logger: silentLogger,
  });
  const service = createSourcesService({
    fetcher,
    feeds,
    articles: store,
    nearDuplicates,
    poll,
    runPolls: (list) => poller.pollFeeds(list),
    pages,
    clock: clock.now,
    random,
    logger: silentLogger,
    parse,
  });
  const briefing = createBriefingService({ store, summarizer: createExtractiveSummarizer(), clock: clock.now });
  return {
    clock,
    db,
    store,
    feeds,
    nearDuplicates,
    poll,
    poller,
    service,
    briefing,
    published,
    parses: () => parses,
    close: () => void stores.close(),
  };
}

/** A loopback feed server for a test file and a fresh sources harness for each test (see {@link useFeedServer}). */
export interface FeedServerEnv {
  /** The file's server (started before its first test). */
  readonly server: FakeHttpServer;
  /** This test's harness. */
  readonly h: SourcesHarness;
  /** A fresh path per call, so handlers never leak between tests. */
  path(name: string): string;
  /** Replaces this test's harness by one with other options (closed after the test like the first). */
  rewire(options: Parameters<typeof sourcesHarness>[0]): SourcesHarness;
}

/** Registers the hooks of a feed test file: one server for the file, one harness per test, paths under `/<prefix>N/`. */
export function useFeedServer(prefix: string): FeedServerEnv {
  let server: FakeHttpServer | undefined;
  let h: SourcesHarness | undefined;
  let n = 0;
  beforeAll(async () => {
    server = await startFakeHttpServer();
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    h = sourcesHarness();
  });
  afterEach(() => h?.close());
  return {
    get server() {
      return server!;
    },
    get h() {
      return h!;
    },
    path: (name) => `/${prefix}${++n}/${name}`,
    rewire(options) {
      h?.close();
      h = sourcesHarness(options);
      return h;
    },
  };
}
