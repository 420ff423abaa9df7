import type { ArticleStore } from './article-store.ts';
import type { BriefHistoryStore } from './brief-history-store.ts';
import type { StoryStore } from './story-store.ts';

/**
 * Articles, stories and brief history as one object: what the briefing use cases read (built by `corpusStore` in stores.ts).
 */
export type Store = ArticleStore & StoryStore & BriefHistoryStore;
