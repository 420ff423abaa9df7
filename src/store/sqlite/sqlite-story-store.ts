import { storyKey, type Story, type StoryWithStats } from '../../core/story.ts';
import { addedAliases, initialAliases, toStory, type StoryRow } from '../row-mapping.ts';
import { storyQuery } from '../../core/text-query.ts';
import type { StoryInput, StoryStore } from '../ports/story-store.ts';
import type { ArticleSearch } from './search/article-search.ts';
import type { SearchIndex } from './search/search-index.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

/** The SQLite {@link StoryStore}; article counts come from the same searches as briefs. */
export function createSqliteStoryStore(db: SqliteDatabase, index: SearchIndex, search: ArticleSearch): StoryStore {
  const storyByKey = db.prepare('SELECT * FROM stories WHERE workspace = ? AND name_key = ?');
  const insertStory = db.prepare(`INSERT INTO stories (workspace, name, name_key, aliases, created_by, created_at)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const updateAliases = db.prepare('UPDATE stories SET aliases = ? WHERE id = ?');
  const listStoriesStmt = db.prepare('SELECT * FROM stories WHERE workspace = ? ORDER BY name_key');
  const deleteStory = db.prepare('DELETE FROM stories WHERE workspace = ? AND name_key = ?');

  return {
    async saveStory(workspace, input: StoryInput) {
      const key = storyKey(input.name);
      return db.transaction(() => {
        const existing = storyByKey.get(workspace, key) as StoryRow | undefined;
        if (existing) {
          const story = toStory(existing);
          const merged = addedAliases(story, input.aliases);
          if (merged) {
            story.aliases = merged;
            updateAliases.run(JSON.stringify(story.aliases), story.id);
          }
          return { story, created: false };
        }
        const aliases = initialAliases(key, input.aliases);
        const info = insertStory.run(
          workspace,
          input.name,
          key,
          JSON.stringify(aliases),
          input.createdBy,
          input.createdAt.getTime(),
        );
        const story: Story = {
          id: Number(info.lastInsertRowid),
          workspace,
          name: input.name,
          aliases,
          createdBy: input.createdBy,
          createdAt: input.createdAt,
        };
        return { story, created: true };
      })();
    },

    async getStory(workspace, name) {
      const row = storyByKey.get(workspace, storyKey(name)) as StoryRow | undefined;
      return row ? toStory(row) : null;
    },

    async listStories(workspace) {
      return (listStoriesStmt.all(workspace) as StoryRow[]).map(toStory);
    },

    async listStoriesWithStats(workspace) {
      const stories = (listStoriesStmt.all(workspace) as StoryRow[]).map(toStory);
      if (stories.length > 0) await index.ready();
      return stories.map((s): StoryWithStats => {
        const c = search.coverage(workspace, storyQuery(s));
        return { ...s, articleCount: c.count, newestAt: c.newestAt };
      });
    },

    async removeStory(workspace, name) {
      return deleteStory.run(workspace, storyKey(name)).changes > 0;
    },
  };
}
