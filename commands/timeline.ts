import { briefReply } from '../src/chat/brief-reply.ts';
import { withVolumeChart } from '../src/chat/volume-reply.ts';
import { placeOf, str, type Command } from './command.ts';
import { languageOption, storyOption, windowOf, windowOptions } from './window-options.ts';

export const timelineCommand = {
  name: 'timeline',
  description: 'Dated developments of a story, oldest first, with cited sources',
  usage: 'timeline <story> [since:30d|YYYY-MM-DD] [until:YYYY-MM-DD] [language:fr]',
  options: [storyOption, ...windowOptions('Window: 30d, 8w or a date like 2025-10-01 (default 30d)'), languageOption],
  mutates: false,
  visibility: 'public',
  async run(options, ctx) {
    const brief = await ctx.services.briefing.timeline({
      workspace: ctx.workspace,
      subject: str(options, 'story') ?? '',
      ...windowOf(options),
      language: str(options, 'language'),
      scope: placeOf(ctx),
    });
    // Story volume over the timeline's window, drawn as a chart where the platform takes an image.
    const volume = await ctx.services.volume?.ofSubject(ctx.workspace, brief.story, brief.window);
    return withVolumeChart(briefReply(brief), `Articles about ${brief.story}`, volume ? [volume] : []);
  },
} satisfies Command;
