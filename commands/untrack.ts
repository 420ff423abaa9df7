import { textReply } from '../src/chat/reply.ts';
import { str, type Command } from './command.ts';

export const untrackCommand = {
  name: 'untrack',
  description: 'Stop tracking a story (its articles stay stored)',
  usage: 'untrack <name>',
  options: [
    {
      name: 'name',
      type: 'string',
      description: 'Name of a tracked story',
      required: true,
      positional: true,
      variadic: true,
      autocomplete: 'story',
    },
  ],
  mutates: true,
  visibility: 'public',
  async run(options, ctx) {
    const story = await ctx.services.stories.untrack({ workspace: ctx.workspace, name: str(options, 'name') ?? '' });
    return textReply(`Stopped tracking "${story.name}". Its articles stay stored.`, 'public', {
      story: story.name,
      removed: true,
    });
  },
} satisfies Command;
