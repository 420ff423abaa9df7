import { textReply } from '../src/chat/reply.ts';
import { list, str, type Command } from './command.ts';

export const trackCommand = {
  name: 'track',
  description: 'Track a story by name and aliases (quote multi-word aliases)',
  usage: 'track <name> [alias...]   e.g. track syria damascus "islamic state"',
  options: [
    { name: 'name', type: 'string', description: 'Story name, e.g. syria', required: true, positional: true },
    {
      name: 'aliases',
      type: 'string',
      description: 'Other names that also match, e.g. damascus "islamic state"',
      positional: true,
      variadic: true,
    },
  ],
  mutates: true,
  visibility: 'public',
  async run(options, ctx) {
    const { story, created, articleCount } = await ctx.services.stories.track({
      workspace: ctx.workspace,
      name: str(options, 'name') ?? '',
      aliases: list(options, 'aliases'),
      by: ctx.user.id,
    });
    const aliases = story.aliases.length ? ` (aliases: ${story.aliases.join(', ')})` : '';
    const verb = created ? 'Now tracking' : 'Updated';
    return textReply(
      `${verb} "${story.name}"${aliases}: ${articleCount} stored article${articleCount === 1 ? '' : 's'} match.`,
      'public',
      { story: story.name, aliases: story.aliases, created, articleCount },
    );
  },
} satisfies Command;
