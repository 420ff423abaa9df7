import type { ReplyBlock } from '../src/chat/reply.ts';
import type { Command } from './command.ts';

export const storiesCommand = {
  name: 'stories',
  description: 'List tracked stories with article counts',
  usage: 'stories',
  options: [],
  mutates: false,
  visibility: 'private',
  async run(_options, ctx) {
    const stories = await ctx.services.stories.list(ctx.workspace);
    const blocks: ReplyBlock[] =
      stories.length === 0
        ? [{ type: 'text', text: 'No stories are tracked yet. Start with: track syria damascus "islamic state"' }]
        : [
            {
              type: 'list',
              items: stories.map((s) => {
                const aliases = s.aliases.length ? ` (${s.aliases.join(', ')})` : '';
                const newest = s.newestAt ? `, newest ${s.newestAt.toISOString().slice(0, 10)}` : '';
                return `${s.name}${aliases}: ${s.articleCount} article${s.articleCount === 1 ? '' : 's'}${newest}`;
              }),
            },
          ];
    return {
      visibility: 'private',
      title: 'Tracked stories',
      blocks,
      data: {
        stories: stories.map((s) => ({
          name: s.name,
          aliases: s.aliases,
          articleCount: s.articleCount,
          newestAt: s.newestAt?.toISOString() ?? null,
          createdBy: s.createdBy,
          createdAt: s.createdAt.toISOString(),
        })),
      },
    };
  },
} satisfies Command;
