import { Parser } from 'htmlparser2';
import { parseHttpUrl } from '../../core/http-url.ts';

const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|feed\+json|rdf\+xml|json|xml)$|^text\/xml$/i;

/**
 * Feed URLs a web page announces with `<link rel="alternate" type="application/rss+xml" href="…">` (RSS, Atom,
 * JSON Feed), absolute, in page order, without repeats.
 */
export function discoverFeeds(html: string, pageUrl: string): string[] {
  const found: string[] = [];
  let base = pageUrl;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && attrs['href']) {
          try {
            base = new URL(attrs['href'], pageUrl).toString();
          } catch {
            // A broken <base> is ignored, as browsers do.
          }
        }
        if (name !== 'link') return;
        const rel = (attrs['rel'] ?? '').toLowerCase().split(/\s+/);
        if (!rel.includes('alternate') || !FEED_TYPES.test((attrs['type'] ?? '').trim()) || !attrs['href']) return;
        // An unparsable or non-web href names no feed.
        const u = parseHttpUrl(attrs['href'], base)?.toString();
        if (u && !found.includes(u)) found.push(u);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  // Feed links live in the head; a megabyte is far more than any head needs.
  parser.write(html.slice(0, 1_000_000));
  parser.end();
  return found;
}
