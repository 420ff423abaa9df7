import { briefReply } from '../src/chat/brief-reply.ts';
import { str, type Command } from './command.ts';

export const askCommand = {
  name: 'ask',
  description: 'Answer a question from the stored articles, with citations',
  usage: 'ask <question> [since:30d|YYYY-MM-DD] [until:YYYY-MM-DD]',
  options: [
    { name: 'question', type: 'string', description: 'Your question', required: true, positional: true, variadic: true },
    { name: 'since', type: 'string', description: 'Only read articles from this window (default: all)' },
    { name: 'until', type: 'string', description: 'End of the window: a date like 2025-11-03 (included), yesterday' },
  ],
  mutates: false,
  visibility: 'private',
  async run(options, ctx) {
    const brief = await ctx.services.briefing.answer({
      workspace: ctx.workspace,
      question: str(options, 'question') ?? '',
      since: str(options, 'since'),
      until: str(options, 'until'),
    });
    return briefReply(brief);
  },
} satisfies Command;
