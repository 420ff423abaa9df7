import { storyKey, type Story, type StoryWithStats } from '../../core/story.ts';
import { addedAliases, initialAliases, toStory, type StoryRow } from '../row-mapping.ts';
import { storyQuery } from '../../core/text-query.ts';
import type { StoryStore } from '../ports/story-store.ts';
import { inTransaction, type PgPool } from './pg-database.ts';
import type { PgArticleStore } from './pg-article-store.ts';
import { compileTsquery } from './pg-search-text.ts';

/** Tracked stories on PostgreSQL; saving is serialised per workspace so two instances merge aliases, never lose them. */
export function createPgStoryStore(pool: PgPool, articles: PgArticleStore): StoryStore {
  const list = async (workspace: string): Promise<Story[]> =>
    (await pool.query<StoryRow>('SELECT * FROM stories WHERE workspace = $1 ORDER BY name_key', [workspace])).rows.map(toStory);
  return {
    async saveStory(workspace, input) {
      const key = storyKey(input.name);
      return inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(7303, hashtext($1))', [workspace]);
        const existing = (await client.query<StoryRow>('SELECT * FROM stories WHERE workspace = $1 AND name_key = $2', [workspace, key]))
          .rows[0];
        if (existing) {
          const story = toStory(existing);
          const merged = addedAliases(story, input.aliases);
          if (merged) {
            story.aliases = merged;
            await client.query('UPDATE stories SET aliases = $1 WHERE id = $2', [JSON.stringify(story.aliases), story.id]);
          }
          return { story, created: false };
        }
        const aliases = initialAliases(key, input.aliases);
        const r = await client.query<{ id: number }>(
          `INSERT INTO stories (workspace, name, name_key, aliases, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [workspace, input.name, key, JSON.stringify(aliases), input.createdBy, input.createdAt.getTime()],
        );
        const story: Story = {
          id: r.rows[0]!.id,
          workspace,
          name: input.name,
          aliases,
          createdBy: input.createdBy,
          createdAt: input.createdAt,
        };
        return { story, created: true };
      });
    },

    async getStory(workspace, name) {
      const r = await pool.query<StoryRow>('SELECT * FROM stories WHERE workspace = $1 AND name_key = $2', [workspace, storyKey(name)]);
      return r.rows[0] ? toStory(r.rows[0]) : null;
    },

    listStories: list,

    async listStoriesWithStats(workspace) {
      const out: StoryWithStats[] = [];
      for (const s of await list(workspace)) {
        const q = compileTsquery(storyQuery(s), await articles.languages.of(workspace));
        const c = q ? await articles.coverageOf(workspace, q) : { count: 0, newestAt: null };
        out.push({ ...s, articleCount: c.count, newestAt: c.newestAt });
      }
      return out;
    },

    async removeStory(workspace, name) {
      const r = await pool.query('DELETE FROM stories WHERE workspace = $1 AND name_key = $2', [workspace, storyKey(name)]);
      return (r.rowCount ?? 0) > 0;
    },
  };
}
