import type { Logger } from '../core/logger.ts';
import type { ArticleStore } from './ports/article-store.ts';
import type { ChannelSettingsStore } from './ports/channel-settings-store.ts';
import type { BriefHistoryStore } from './ports/brief-history-store.ts';
import type { Store } from './ports/corpus-store.ts';
import type { DigestStore } from './ports/digest-store.ts';
import type { FeedStore } from './ports/feed-store.ts';
import type { LeaderLock } from './ports/leader-lock.ts';
import type { LlmStore } from './ports/llm-store.ts';
import type { NearDuplicateStore } from './ports/near-duplicate-store.ts';
import type { SlackStore } from './ports/slack-store.ts';
import type { StoryStore } from './ports/story-store.ts';
import type { ThreadStore } from './ports/thread-store.ts';

/**
 * Every store port of one database, as returned by each engine (`openStores` picks the engine). The ports share the
 * engine's connection(s); `close` releases them once, for all ports.
 */
export interface Stores {
  /** The article corpus and its full-text search. */
  articles: ArticleStore;
  /** Tracked stories. */
  stories: StoryStore;
  /** What each brief, digest or timeline covered. */
  briefs: BriefHistoryStore;
  /** Feed subscriptions, their items and health. */
  feeds: FeedStore;
  /** Digest subscriptions and the run ledger. */
  digests: DigestStore;
  /** Slack OAuth installations and the event ledger. */
  slack: SlackStore;
  /** LLM summary cache and token usage. */
  llm: LlmStore;
  /** Near-duplicate links between feed articles. */
  nearDuplicates: NearDuplicateStore;
  /** Named locks held by one instance at a time (the Discord gateway's leader). */
  leader: LeaderLock;
  /** What each posted brief's chat thread is about (Discord follow-ups). */
  threads: ThreadStore;
  /** Per-channel settings (the language briefs are written in). */
  channels: ChannelSettingsStore;
  /** Articles stored but not searchable yet (0 for an engine that indexes as it writes): a queue depth for metrics. */
  indexBacklog(): Promise<number>;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** What opening a store needs besides its target, shared by every engine. */
export interface StoresOptions {
  /** Logger for the engine's own messages (index rebuilds, migrations, pool errors). */
  logger: Logger;
  /** Current time (lease expiries, migration records). */
  clock: () => Date;
  /**
   * Told once while opening how many stored articles are not yet searchable (after an upgrade, or when an index kept
   * beside the data was lost), so the caller can explain a long first wait. Engines that index as they write never
   * call it.
   */
  searchBacklog?: (articles: number) => void;
}

/** Articles, stories and brief history of `stores` as the one object the briefing use cases take. */
export function corpusStore(stores: Stores): Store {
  const { articles: a, stories: s, briefs: b } = stores;
  return {
    addArticles: (...args) => a.addArticles(...args),
    getArticles: (...args) => a.getArticles(...args),
    searchArticles: (...args) => a.searchArticles(...args),
    coverage: (...args) => a.coverage(...args),
    recentArticles: (...args) => a.recentArticles(...args),
    countArticles: (...args) => a.countArticles(...args),
    searchable: () => a.searchable(),
    saveStory: (...args) => s.saveStory(...args),
    getStory: (...args) => s.getStory(...args),
    listStories: (...args) => s.listStories(...args),
    listStoriesWithStats: (...args) => s.listStoriesWithStats(...args),
    removeStory: (...args) => s.removeStory(...args),
    recordBrief: (...args) => b.recordBrief(...args),
    lastBrief: (...args) => b.lastBrief(...args),
  };
}
