import { commands as registry } from '../commands/registry.ts';
import type { Command, CommandServices } from '../commands/command.ts';
import { createBriefingService } from './briefing/briefing-service.ts';
import { createDigestBuilder } from './briefing/digest-builder.ts';
import { createDigestService } from './briefing/digest-service.ts';
import { createStoryService } from './briefing/story-service.ts';
import { createVolumeService } from './briefing/volume-service.ts';
import type { Logger } from './core/logger.ts';
import { createPublisherRegistry, type PublisherRegistry } from './chat/publishers.ts';
import { createImporter, type Importer } from './ingest/files/importer.ts';
import { createDigestRunner, type DigestRunner } from './schedule/digest-runner.ts';
import type { DigestStore } from './store/ports/digest-store.ts';
import type { LlmStore } from './store/ports/llm-store.ts';
import type { SafeFetcher } from './ingest/http/safe-fetch.ts';
import { createSources, type Sources } from './ingest/sources-module.ts';
import { corpusStore, type Stores } from './store/stores.ts';
import type { Store } from './store/ports/corpus-store.ts';
import { createExtractiveSummarizer } from './summarize/extractive-summarizer.ts';
import { createLlmSummarizer, type LlmSummarizerDeps } from './summarize/llm-summarizer.ts';
import type { Summarizer } from './summarize/summarizer.ts';
import type { SummaryLimits } from './briefing/summary-limits.ts';

/** Everything built from configuration: the object graph the adapters receive. */
export interface App {
  /** Every store port (opened by the caller, closed by {@link App.close}). */
  stores: Stores;
  /** Articles, stories, history. */
  store: Store;
  /** The active summarizer. */
  summarizer: Summarizer;
  /** LLM result cache and token usage ledger. */
  llmStore: LlmStore;
  /** Services for chat commands. */
  services: CommandServices;
  /** The command registry. */
  commands: readonly Command[];
  /** File import. */
  importer: Importer;
  /** Digest subscriptions and run ledger. */
  digestStore: DigestStore;
  /** Runs digest slots through the ledger (the scheduler uses it too). */
  digestRunner: DigestRunner;
  /** Publishers of this process by platform; adapters register theirs when they start. */
  publishers: PublisherRegistry;
  /** Feeds and article pages: store, poll, poller factory, service. */
  sources: Sources;
  /** Closes the stores. */
  close(): Promise<void>;
}

/** Options for {@link buildApp}. */
export interface AppOptions {
  /** The open stores (see openStores); the app owns them from here and closes them. */
  stores: Stores;
  /** Current time. */
  clock: () => Date;
  /** Root logger. */
  logger: Logger;
  /** Overrides the summarizer (tests). */
  summarizer?: Summarizer;
  /** Wraps the summarizer the app uses (the server counts LLM calls and tokens this way). */
  decorateSummarizer?: (summarizer: Summarizer) => Summarizer;
  /** Default IANA time zone of new digests (`SITREP_TZ`); UTC when absent. */
  timeZone?: string;
  /** When set, the LLM engine writes summaries (with the extractive engine as its fallback). */
  llm?: Omit<LlmSummarizerDeps, 'store' | 'fallback' | 'logger' | 'clock' | 'now'>;
  /** Hosts/CIDRs exempt from the private-address guard on outbound fetches (`SITREP_FETCH_ALLOW`). */
  fetchAllow?: readonly string[];
  /** Overrides the outbound fetcher (tests). */
  fetcher?: SafeFetcher;
  /** Feed polling limits: feeds at once, per host over every instance, and how long one poll holds its feed. */
  feedLimits?: { concurrency: number; perHost: number; leaseMs?: number };
  /** How long a digest post under way holds its slot after its last sign of life (`SITREP_DIGEST_LEASE`). */
  digestLeaseMs?: number;
  /** Time budget of each summarizing step (`SITREP_SUMMARY_TIMEOUT`) and its monotonic clock (tests). */
  summaryLimits?: Partial<SummaryLimits>;
}

/** Builds the object graph: store, summarizer, services, importer. */
export function buildApp(options: AppOptions): App {
  const { clock } = options;
  const { stores } = options;
  const store = corpusStore(stores);
  const llmStore = stores.llm;
  const extractive = createExtractiveSummarizer();
  const limits = options.summaryLimits ?? {};
  const llmLogger = options.logger.child({ component: 'llm' });
  const chosen =
    options.summarizer ??
    (options.llm
      ? createLlmSummarizer({ ...options.llm, store: llmStore, fallback: extractive, logger: llmLogger, clock, ...(limits.now ? { now: limits.now } : {}) })
      : extractive);
  const summarizer = options.decorateSummarizer ? options.decorateSummarizer(chosen) : chosen;
  const publishers = createPublisherRegistry();
  const volume = createVolumeService({ store, logger: options.logger });
  const digestStore = stores.digests;
  const digestRunner = createDigestRunner({
    digests: digestStore,
    builder: createDigestBuilder({ store, digests: digestStore, summarizer, clock, volume, limits }),
    publishers,
    clock,
    logger: options.logger.child({ component: 'digest' }),
    ...(options.digestLeaseMs ? { postingLeaseMs: options.digestLeaseMs } : {}),
  });
  const sources = createSources({
    feeds: stores.feeds,
    nearDuplicates: stores.nearDuplicates,
    articles: store,
    clock,
    logger: options.logger,
    ...(options.fetchAllow ? { fetchAllow: options.fetchAllow } : {}),
    ...(options.fetcher ? { fetcher: options.fetcher } : {}),
    ...(options.feedLimits ?? {}),
  });
  const services: CommandServices = {
    briefing: createBriefingService({ store, summarizer, clock, limits, channels: options.stores.channels }),
    stories: createStoryService({ store, clock }),
    digests: createDigestService({
      stories: store,
      digests: digestStore,
      runner: digestRunner,
      clock,
      defaultTimeZone: options.timeZone ?? 'UTC',
    }),
    sources: sources.service,
    volume,
  };
  return {
    stores,
    store,
    summarizer,
    llmStore,
    services,
    commands: registry,
    importer: createImporter({ store, clock }),
    digestStore,
    digestRunner,
    publishers,
    sources,
    close: () => stores.close(),
  };
}
