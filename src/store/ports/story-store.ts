import type { WorkspaceId } from '../../core/article.ts';
import type { Story, StoryWithStats } from '../../core/story.ts';

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
