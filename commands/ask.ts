import { briefReply } from '../src/chat/brief-reply.ts';
import { placeOf, str, type Command } from './command.ts';
import { languageOption, windowOf, windowOptions } from './window-options.ts';

export const askCommand = {
  name: 'ask',
  description: 'Answer a question from the stored articles, with citations',
  usage: 'ask <question> [about:story] [since:30d|YYYY-MM-DD] [until:YYYY-MM-DD] [language:fr]',
  options: [
    { name: 'question', type: 'string', description: 'Your question', required: true, positional: true, variadic: true },
    { name: 'about', type: 'string', description: 'Only read the articles of this story or search', autocomplete: 'story' },
    ...windowOptions('Only read articles from this window (default: all)'),
    { ...languageOption, description: "Answer in this language (default: the question's; LLM engine writes, extractive quotes)" },
  ],
  mutates: false,
  visibility: 'private',
  async run(options, ctx) {
    const brief = await ctx.services.briefing.answer({
      workspace: ctx.workspace,
      question: str(options, 'question') ?? '',
      about: str(options, 'about'),
      ...windowOf(options),
      language: str(options, 'language'),
      scope: placeOf(ctx),
    });
    return briefReply(brief);
  },
} satisfies Command;
