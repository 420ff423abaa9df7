import { briefReply } from '../src/chat/brief-reply.ts';
import { placeOf, str, type Command } from './command.ts';
import { languageOption, storyOption, windowOf, windowOptions } from './window-options.ts';

export const briefCommand = {
  name: 'brief',
  description: 'Key developments of a tracked story (or any search) with cited sources',
  usage: 'brief <story or search words> [since:24h|7d|YYYY-MM-DD|yesterday] [until:YYYY-MM-DD] [--changes] [language:fr]',
  options: [
    storyOption,
    ...windowOptions('Window: 24h, 7d, 2w, last-week or a date like 2025-11-01'),
    { name: 'changes', type: 'boolean', description: 'Only what changed since the last brief of this story here' },
    languageOption,
  ],
  mutates: false,
  visibility: 'public',
  async run(options, ctx) {
    const brief = await ctx.services.briefing.brief({
      workspace: ctx.workspace,
      subject: str(options, 'story') ?? '',
      ...windowOf(options),
      language: str(options, 'language'),
      // The previous brief "here": this channel or DM, or the workspace as a whole where there is no channel (CLI).
      scope: placeOf(ctx),
      changes: options['changes'] === true,
    });
    return briefReply(brief);
  },
} satisfies Command;
