import { parseHttpUrl } from '../core/http-url.ts';

/** Zero-width space: breaks a mention token without changing what a reader sees. */
const ZWSP = '\u200b';

/**
 * Makes untrusted text unable to mention anyone: `@everyone`/`@here` and the `<@id>`, `<@!id>`, `<@&role>`, `<#channel>`
 * and `</command:id>` tokens get a zero-width space after their first character. `allowed_mentions: { parse: [] }`
 * already stops pings; this also stops the text from rendering as a clickable mention or a fake command.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<(?=[@#/])/g, `<${ZWSP}`);
}

/**
 * Escapes Discord Markdown in untrusted text so it reads as written: no bold, links, spoilers, code, quotes, headings
 * or lists smuggled in by an article, and mentions neutralised.
 */
export function escapeDiscord(text: string): string {
  const escaped = neutraliseMentions(text)
    .replace(/([\\*_~`|>[\]#])/g, '\\$1')
    // Line starts that Discord turns into lists or subtext.
    .replace(/^(\s*)([-+])(\s)/gm, '$1\\$2$3')
    .replace(/^(\s*\d+)\.(\s)/gm, '$1\\.$2');
  return escaped;
}

/**
 * A URL safe to put in a Markdown link target, or undefined: only http(s), no whitespace or parentheses left raw (they
 * would end the link early), at most 1,000 characters.
 */
export function linkTarget(url: string | null | undefined): string | undefined {
  const parsed = parseHttpUrl(url);
  if (!parsed) return undefined;
  const href = parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\s/g, '%20');
  return href.length <= 1000 ? href : undefined;
}

/** Cuts text to at most `max` characters, ending with "…" when cut (on a word boundary when one is near). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(' ');
  const base = space > max * 0.8 ? cut.slice(0, space) : cut;
  // Never leave a dangling escape backslash or half of a surrogate pair at the cut.
  return `${base.replace(/\\+$/, '').replace(/[\ud800-\udbff]$/, '')}…`;
}
