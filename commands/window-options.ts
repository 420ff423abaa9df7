import { LANGUAGE_CODES, languageName } from '../src/core/languages.ts';
import { str, type CommandOption, type OptionValues } from './command.ts';

/** The subject of a brief or timeline: a tracked story or any search words, autocompleted from the stories. */
export const storyOption = {
  name: 'story',
  type: 'string',
  description: 'A tracked story or any search words',
  required: true,
  positional: true,
  variadic: true,
  autocomplete: 'story',
} as const satisfies CommandOption;

/** The end of a window, the same for every windowed command. */
const untilOption = {
  name: 'until',
  type: 'string',
  description: 'End of the window: a date like 2025-11-03 (included), yesterday',
} as const satisfies CommandOption;

/** `since` and `until` options; `sinceDescription` says what the command's default window is. */
export function windowOptions(sinceDescription: string): readonly CommandOption[] {
  return [{ name: 'since', type: 'string', description: sinceDescription }, untilOption];
}

/** The window a user asked for, as the briefing service takes it. */
export function windowOf(options: OptionValues): { since: string | undefined; until: string | undefined } {
  return { since: str(options, 'since'), until: str(options, 'until') };
}

/** The output language of a brief, timeline or answer: written by the LLM engine; the extractive one quotes. */
export const languageOption = {
  name: 'language',
  type: 'string',
  description: 'Write it in this language (LLM engine; the extractive engine quotes the articles as written)',
  choices: LANGUAGE_CODES.map((code) => ({ name: `${languageName(code)} (${code})`, value: code })),
} as const satisfies CommandOption;
