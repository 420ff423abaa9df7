import type { AddOutcome, Article, NewArticle, WorkspaceId } from '../../core/article.ts';
import type { TextQuery } from '../../core/text-query.ts';

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
   * workspace). Returns one outcome per input, in order. Calls may overlap (an import hands in the next batch while
   * one is being written): they are applied one after the other in call order, each deciding duplicates as if every
   * earlier call had been stored.
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
