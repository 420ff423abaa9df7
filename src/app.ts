import { commands as registry } from '../commands/registry.ts';
import type { Command, CommandServices } from '../commands/command.ts';
import { createBriefingService } from './briefing/briefing-service.ts';
import { createStoryService } from './briefing/story-service.ts';
import type { Logger } from './core/logger.ts';
import { createImporter, type Importer } from './ingest/importer.ts';
import type { SafeFetcher } from './ingest/safe-fetch.ts';
import { createSources, type Sources } from './ingest/sources-module.ts';
import { openSqliteDatabase, type SqliteDatabase } from './store/sqlite-database.ts';
import { createSqliteStore } from './store/sqlite-store.ts';
import type { Store } from './store/store.ts';
import { createExtractiveSummarizer } from './summarize/extractive-summarizer.ts';
import type { Summarizer } from './summarize/summarizer.ts';

/** Everything built from configuration: the object graph the adapters receive. */
export interface App {
  /** The open SQLite handle (feature stores share it). */
  db: SqliteDatabase;
  /** Articles, stories, history. */
  store: Store;
  /** The active summarizer. */
  summarizer: Summarizer;
  /** Services for chat commands. */
  services: CommandServices;
  /** The command registry. */
  commands: readonly Command[];
  /** File import. */
  importer: Importer;
  /** Feeds and article pages: store, poll, poller factory, service. */
  sources: Sources;
  /** Closes the database. */
  close(): Promise<void>;
}

/** Options for {@link buildApp}. */
export interface AppOptions {
  /** SQLite file or `:memory:`. */
  dbPath: string;
  /** Current time. */
  clock: () => Date;
  /** Root logger. */
  logger: Logger;
  /** Overrides the summarizer (tests, the LLM engine). */
  summarizer?: Summarizer;
  /** Hosts/CIDRs exempt from the private-address guard on outbound fetches (`SITREP_FETCH_ALLOW`). */
  fetchAllow?: readonly string[];
  /** Overrides the outbound fetcher (tests). */
  fetcher?: SafeFetcher;
  /** Feed polling limits. */
  feedLimits?: { concurrency: number; perHost: number };
}

/** Builds the object graph: store, summarizer, services, importer. */
export function buildApp(options: AppOptions): App {
  const { clock } = options;
  const db = openSqliteDatabase(options.dbPath);
  const store = createSqliteStore(db);
  const summarizer = options.summarizer ?? createExtractiveSummarizer();
  const sources = createSources({
    db,
    articles: store,
    clock,
    logger: options.logger,
    ...(options.fetchAllow ? { fetchAllow: options.fetchAllow } : {}),
    ...(options.fetcher ? { fetcher: options.fetcher } : {}),
    ...(options.feedLimits ?? {}),
  });
  const services: CommandServices = {
    briefing: createBriefingService({ store, summarizer, clock }),
    stories: createStoryService({ store, clock }),
    sources: sources.service,
  };
  return {
    db,
    store,
    summarizer,
    services,
    commands: registry,
    importer: createImporter({ store, clock }),
    sources,
    close: () => store.close(),
  };
}
