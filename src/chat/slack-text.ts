import { parseHttpUrl } from '../core/http-url.ts';

/**
 * Slack text safety helpers shared by the Block Kit renderer: escaping untrusted text for mrkdwn, clipping without
 * breaking an entity or a surrogate pair, and turning URLs into safe link targets. Pure: no SDK, no I/O.
 */

/** Word joiner: invisible, and enough to stop Slack from auto-linking `@here` written as plain text. */
const WORD_JOINER = '\u2060';

/**
 * Escapes untrusted text (article titles, bullets, user input) for any Slack text field. `&`, `<` and `>` become
 * entities, so `<!channel>`, `<@U123>`, `<#C1>` or `<!subteam^S1>` written inside an article can never become a
 * mention or a link; a bare `@channel`/`@here`/`@everyone` gets an invisible word joiner so no auto-parsing turns it
 * into a broadcast either. Control characters (other than newlines and tabs) are dropped.
 */
export function escapeSlack(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- dropping control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/@(channel|here|everyone)\b/gi, `@${WORD_JOINER}$1`)
  );
}

/**
 * Makes untrusted text safe for a `plain_text` object (headers). Slack shows plain text as written and never parses
 * mentions in it, so entities would show literally; angle brackets become look-alike quotes (‹ ›) all the same, so no
 * reading of the text can turn `<!channel>` into a broadcast.
 */
export function plainSlack(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- dropping control characters is the point
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/</g, '\u2039')
      .replace(/>/g, '\u203a')
      .replace(/@(channel|here|everyone)\b/gi, `@${WORD_JOINER}$1`)
  );
}

/**
 * Shortens already-escaped text to at most `max` characters, ending with an ellipsis. Never cuts an entity (`&amp;`)
 * or a surrogate pair in half, so the result is still valid Slack text.
 */
export function clipEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  let cut = text.slice(0, max - 1);
  cut = cut.replace(/&[a-z]{0,4}$/i, '');
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/**
 * A URL made safe for a Slack link target (`<url|label>`), or null when it is not an http(s) URL. `|`, `<` and `>`
 * are percent-encoded (they would end the link) and `&` becomes an entity as Slack expects.
 */
export function slackLinkTarget(url: string | null | undefined): string | null {
  const parsed = parseHttpUrl(url);
  if (!parsed) return null;
  return parsed.href
    .replace(/\|/g, '%7C')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/&/g, '&amp;');
}

/** A link `<url|label>` with an escaped label, or the plain escaped label when the URL is unusable. */
export function slackLink(url: string | null | undefined, label: string): string {
  const target = slackLinkTarget(url);
  const safeLabel = escapeSlack(label).replace(/\|/g, '¦');
  return target ? `<${target}|${safeLabel}>` : safeLabel;
}
