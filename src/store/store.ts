import type { AddOutcome, Article, NewArticle, WorkspaceId } from '../core/article.ts';
import type { Story, StoryWithStats } from '../core/story.ts';
import type { TextQuery } from '../core/text-query.ts';

/** Time bounds for a search; `from` inclusive, `to` exclusive. */
export interface TimeRange {
  /** Earliest publication time, inclusive. */
  from?: Date;
  /** Latest publication time, exclusive. */
  to?: Date;
}

/** One search hit: enough to rank and fetch. */
export interface ArticleHit {
  /** Article id. */
  id: number;
  /** Publication time. */
  publishedAt: Date;
  /** Relevance (higher is better) for relevance-ordered searches; 0 for newest-first searches. */
  score: number;
}

/** Options for {@link ArticleStore.searchArticles}. */
export interface SearchOptions extends TimeRange {
  /** At most this many hits (the candidate bound that keeps briefs fast on huge stores). */
  limit: number;
  /** `newest`: newest first (briefs, timelines); `relevance`: best text match first (questions). */
  order: 'newest' | 'relevance';
}

/** Coverage figures for a query. */
export interface Coverage {
  /** Number of matching articles. */
  count: number;
  /** Oldest matching publication time, or null. */
  oldestAt: Date | null;
  /** Newest matching publication time, or null. */
  newestAt: Date | null;
}

/** Articles: the corpus of one workspace. Every method is scoped to a workspace and never sees another's rows. */
export interface ArticleStore {
  /**
   * Stores articles in one transaction, skipping duplicates (same canonical URL or same normalised text in the same
   * workspace). Returns one outcome per input, in order.
   */
  addArticles(workspace: WorkspaceId, articles: readonly NewArticle[], ingestedAt?: Date): Promise<AddOutcome[]>;
  /** The articles with these ids in this workspace (ids from other workspaces are silently absent), in id order. */
  getArticles(workspace: WorkspaceId, ids: readonly number[]): Promise<Article[]>;
  /** Full-text search within a time range, bounded by `limit`. An empty query matches nothing. */
  searchArticles(workspace: WorkspaceId, query: TextQuery, options: SearchOptions): Promise<ArticleHit[]>;
  /** How many articles match a query (optionally in a range) and their time span. */
  coverage(workspace: WorkspaceId, query: TextQuery, range?: TimeRange): Promise<Coverage>;
  /** Newest articles regardless of topic, newest first. */
  recentArticles(workspace: WorkspaceId, options: TimeRange & { limit: number }): Promise<ArticleHit[]>;
  /** Total number of articles in the workspace. */
  countArticles(workspace: WorkspaceId): Promise<number>;
  /**
   * Resolves once every article stored so far can be found by search. Searches wait for this themselves; a bulk
   * import calls it at the end so that it finishes with everything searchable.
   */
  searchable(): Promise<void>;
}

/** Input for {@link StoryStore.saveStory}. */
export interface StoryInput {
  /** Validated display name. */
  name: string;
  /** Validated aliases. */
  aliases: string[];
  /** Who creates it. */
  createdBy: string;
  /** When. */
  createdAt: Date;
}

/** Tracked stories of a workspace. */
export interface StoryStore {
  /**
   * Creates the story, or when one with the same name (case- and accent-insensitive) exists, adds the new aliases to
   * it. Returns the stored story and whether it was new.
   */
  saveStory(workspace: WorkspaceId, input: StoryInput): Promise<{ story: Story; created: boolean }>;
  /** The story with this name (case- and accent-insensitive), or null. */
  getStory(workspace: WorkspaceId, name: string): Promise<Story | null>;
  /** All stories, by name. */
  listStories(workspace: WorkspaceId): Promise<Story[]>;
  /** All stories with their article counts and newest article time. */
  listStoriesWithStats(workspace: WorkspaceId): Promise<StoryWithStats[]>;
  /** Removes the story (never its articles); false when there was none. */
  removeStory(workspace: WorkspaceId, name: string): Promise<boolean>;
}

/** What a brief, digest or timeline covered, so later ones can say what is new. */
export interface BriefRecord {
  /** Record id. */
  id: number;
  /** Story name or free-text query it was about. */
  subject: string;
  /** brief | digest | timeline | answer. */
  kind: string;
  /** Window start. */
  windowFrom: Date;
  /** Window end. */
  windowTo: Date;
  /** Engine that wrote it ("extractive", "llm:gpt-4.1-mini"). */
  engine: string;
  /** When it was produced. */
  createdAt: Date;
  /** Articles it cited. */
  articleIds: number[];
}

/** History of produced briefs. */
export interface BriefHistoryStore {
  /** Records a brief and the articles it cited; returns the record id. */
  recordBrief(workspace: WorkspaceId, record: Omit<BriefRecord, 'id'>): Promise<number>;
  /** The most recent record for this subject (case-insensitive) and kind, or null. */
  lastBrief(workspace: WorkspaceId, subject: string, kind: string): Promise<BriefRecord | null>;
}

/** The whole store. Async so that a PostgreSQL implementation can follow without changing callers. */
export interface Store extends ArticleStore, StoryStore, BriefHistoryStore {
  /** Closes the underlying database. */
  close(): Promise<void>;
}
