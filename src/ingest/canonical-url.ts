import { parseHttpUrl } from '../core/http-url.ts';

/**
 * Canonical form of an article URL, so the same page reached through tracking links, AMP variants or different
 * capitalisation is one article. Returns null for anything that is not an absolute http(s) URL.
 */
export function canonicalUrl(raw: string | null | undefined): string | null {
  const url = parseHttpUrl(raw);
  if (!url) return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  url.hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  if ((url.protocol === 'http:' && url.port === '80') || (url.protocol === 'https:' && url.port === '443')) url.port = '';
  // AMP variants: amp.example.com, /amp/ path segments, ?amp=1, trailing .amp or /amp.
  url.hostname = url.hostname.replace(/^amp\./, '');
  url.pathname = url.pathname.replace(/\/amp(\/|$)/, '/').replace(/\.amp$/, '').replace(/\.amp\.html$/, '.html');
  const drop: string[] = [];
  for (const key of url.searchParams.keys()) {
    const k = key.toLowerCase();
    if (
      k.startsWith('utm_') ||
      ['fbclid', 'gclid', 'dclid', 'msclkid', 'mc_cid', 'mc_eid', 'igshid', 'amp', 'outputtype', 'ref_src', 'cmpid'].includes(k)
    ) {
      drop.push(key);
    }
  }
  for (const k of drop) url.searchParams.delete(k);
  url.searchParams.sort();
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString();
}
