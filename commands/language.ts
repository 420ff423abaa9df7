import { textReply } from '../src/chat/reply.ts';
import { LANGUAGE_CODES, languageName } from '../src/core/languages.ts';
import { placeOf, str, type Command } from './command.ts';

const CLEAR = new Set(['off', 'none', 'sources', 'default']);

/** `off`, `none`, `sources`, `default`: no output language, the sources' own. */
export function clearsLanguage(text: string): boolean {
  return CLEAR.has(text.trim().toLowerCase());
}

export const languageCommand = {
  name: 'language',
  description: "The language this channel's briefs, timelines and answers are written in (LLM engine)",
  usage: `language [${LANGUAGE_CODES.join('|')}|off]`,
  options: [
    {
      name: 'language',
      type: 'string',
      description: `A language (${LANGUAGE_CODES.join(', ')}, or its name), or off; empty shows the current one`,
      positional: true,
    },
  ],
  mutates: true,
  visibility: 'public',
  async run(options, ctx) {
    // Without a channel (the terminal) the setting is the workspace's own, which the terminal's commands read.
    const scope = placeOf(ctx);
    const briefing = ctx.services.briefing;
    const asked = str(options, 'language')?.trim();
    if (!asked) {
      const now = await briefing.channelLanguage(ctx.workspace, scope);
      const text = now
        ? `Briefs here are written in ${languageName(now)} (${now}). Change it with /language <code>, or /language off.`
        : 'Briefs here are written in the language of their sources. Choose one with /language fr (or another code).';
      return textReply(text, 'private', { channel: scope || null, language: now });
    }
    const language = await briefing.setChannelLanguage({
      workspace: ctx.workspace,
      scope,
      language: clearsLanguage(asked) ? null : asked,
      by: ctx.user.id,
    });
    const text = language
      ? `Briefs, timelines and answers here are now written in ${languageName(language)} by the LLM engine; the extractive engine quotes the articles as they are written.`
      : 'Briefs here are written in the language of their sources again.';
    return textReply(text, 'public', { channel: scope || null, language });
  },
} satisfies Command;
