import type { WorkspaceId } from '../core/article.ts';
import { UserError } from '../core/errors.ts';
import { MAX_ALIASES, normaliseStoryName, type Story, type StoryWithStats } from '../core/story.ts';
import type { Store } from '../store/ports/corpus-store.ts';

/** Managing tracked stories. */
export interface StoryService {
  /** Tracks a story (or adds aliases to an existing one). */
  track(req: { workspace: WorkspaceId; name: string; aliases: readonly string[]; by: string }): Promise<{
    story: Story;
    created: boolean;
    articleCount: number;
  }>;
  /** Stops tracking a story; its articles stay. */
  untrack(req: { workspace: WorkspaceId; name: string }): Promise<Story>;
  /** Tracked stories with article counts. */
  list(workspace: WorkspaceId): Promise<StoryWithStats[]>;
  /** Story names starting with (or containing) a prefix, for autocomplete. */
  suggest(workspace: WorkspaceId, prefix: string, limit?: number): Promise<string[]>;
}

export function createStoryService(deps: { store: Store; clock: () => Date }): StoryService {
  const { store, clock } = deps;
  return {
    async track({ workspace, name, aliases, by }) {
      const clean = normaliseStoryName(name);
      if (aliases.length > MAX_ALIASES) {
        throw new UserError('story.too_many_aliases', `A story can have at most ${MAX_ALIASES} aliases; got ${aliases.length}.`);
      }
      const cleanAliases = aliases.map((a) => normaliseStoryName(a, 'alias'));
      const { story, created } = await store.saveStory(workspace, {
        name: clean,
        aliases: cleanAliases,
        createdBy: by,
        createdAt: clock(),
      });
      const stats = (await store.listStoriesWithStats(workspace)).find((s) => s.id === story.id);
      return { story, created, articleCount: stats?.articleCount ?? 0 };
    },

    async untrack({ workspace, name }) {
      const clean = name.trim();
      const story = clean ? await store.getStory(workspace, clean) : null;
      if (!story || !(await store.removeStory(workspace, clean))) {
        const names = (await store.listStories(workspace)).map((s) => s.name);
        throw new UserError('story.not_found', `No tracked story is called "${clean.slice(0, 80)}".`, {
          hint: names.length ? `Tracked stories: ${names.join(', ')}` : 'No stories are tracked.',
        });
      }
      return story;
    },

    list: (workspace) => store.listStoriesWithStats(workspace),

    async suggest(workspace, prefix, limit = 25) {
      const p = prefix.trim().toLocaleLowerCase('en');
      const names = (await store.listStories(workspace)).map((s) => s.name);
      const starts = names.filter((n) => n.toLocaleLowerCase('en').startsWith(p));
      const contains = names.filter((n) => !starts.includes(n) && n.toLocaleLowerCase('en').includes(p));
      return [...starts, ...contains].slice(0, limit);
    },
  };
}
