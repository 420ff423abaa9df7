/**
 * The one test of "is this a web address we may link to or fetch": parses `raw` (trimmed; relative to `base` when one
 * is given) and returns it only when its scheme is http or https. Everything else (javascript:, data:, file:, mailto:,
 * unparsable text) is null, so links in chat and fetches from feeds apply the same rule.
 */
export function parseHttpUrl(raw: string | null | undefined, base?: string | null): URL | null {
  const text = raw?.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = base ? new URL(text, base) : new URL(text);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}
