import { textReply } from '../src/chat/reply.ts';
import { aliasSyntax } from '../src/core/story.ts';
import { list, str, type Command } from './command.ts';

export const trackCommand = {
  name: 'track',
  description: 'Track a story by name and aliases ("quoted phrase", -word to exclude)',
  usage: 'track <name> [alias...]   e.g. track syria damascus "islamic state" -football',
  options: [
    { name: 'name', type: 'string', description: 'Story name, e.g. syria', required: true, positional: true },
    {
      name: 'aliases',
      type: 'string',
      description: 'Other names that also match, e.g. damascus "islamic state"; -word excludes articles, e.g. -football',
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
    const excluded = story.aliases.filter((a) => aliasSyntax(a).kind === 'exclude');
    const others = story.aliases.filter((a) => aliasSyntax(a).kind !== 'exclude');
    const aliases = [
      others.length ? `aliases: ${others.join(', ')}` : '',
      excluded.length ? `excluding: ${excluded.map((a) => aliasSyntax(a).text).join(', ')}` : '',
    ].filter(Boolean);
    const aliasText = aliases.length ? ` (${aliases.join('; ')})` : '';
    const verb = created ? 'Now tracking' : 'Updated';
    return textReply(
      `${verb} "${story.name}"${aliasText}: ${articleCount} stored article${articleCount === 1 ? '' : 's'} match.`,
      'public',
      { story: story.name, aliases: story.aliases, created, articleCount },
    );
  },
} satisfies Command;
