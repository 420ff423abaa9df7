/** A cited source as the mix needs it. */
export interface MixSource {
  /** Citation number. */
  n: number;
  /** Outlet name. */
  source: string;
  /** URL when known. */
  url: string | null;
  /** Language tag when known. */
  language: string | null;
}

/** Who is reporting what a brief or digest says. */
export interface SourceMix {
  /** Distinct outlets among the sources the bullets cite. */
  outlets: number;
  /** Distinct web domains among the cited sources with a URL (`www.` ignored). */
  domains: number;
  /** Languages of the cited sources, most cited first; unknown languages are left out. */
  languages: string[];
  /** Indices (from 0) of the bullets that rest on one outlet only. */
  singleSourceBullets: number[];
  /** The outlet cited most, and its share of all citations (0–1). */
  topOutlet: { name: string; share: number } | null;
}

/** The host of a URL without `www.`, or null. */
export function domainOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/**
 * The source mix of bullets citing numbered sources: outlet, domain and language counts, the bullets only one outlet
 * reports, and how much of the citations one outlet carries.
 */
export function sourceMixOf(bullets: readonly { citations: readonly number[] }[], sources: readonly MixSource[]): SourceMix {
  const byN = new Map(sources.map((s) => [s.n, s]));
  const outletKey = (s: MixSource): string => s.source.trim().toLowerCase();
  const outlets = new Set<string>();
  const domains = new Set<string>();
  const langCount = new Map<string, number>();
  const outletCites = new Map<string, { name: string; count: number }>();
  let cites = 0;
  const singleSourceBullets: number[] = [];
  bullets.forEach((b, i) => {
    const cited = b.citations.flatMap((n) => byN.get(n) ?? []);
    if (cited.length > 0 && new Set(cited.map(outletKey)).size === 1) singleSourceBullets.push(i);
    for (const s of cited) {
      cites++;
      outlets.add(outletKey(s));
      const domain = domainOf(s.url);
      if (domain) domains.add(domain);
      const o = outletCites.get(outletKey(s)) ?? { name: s.source, count: 0 };
      o.count++;
      outletCites.set(outletKey(s), o);
      const lang = s.language?.toLowerCase().split('-')[0];
      if (lang) langCount.set(lang, (langCount.get(lang) ?? 0) + 1);
    }
  });
  const top = [...outletCites.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))[0];
  return {
    outlets: outlets.size,
    domains: domains.size,
    languages: [...langCount.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l]) => l),
    singleSourceBullets,
    topOutlet: top && cites > 0 ? { name: top.name, share: top.count / cites } : null,
  };
}

/** One line for readers: "3 outlets, 2 domains, in en · 2 of 7 developments from a single outlet · 45% of citations from Reuters". */
export function describeSourceMix(mix: SourceMix, bullets: number): string {
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  const parts = [
    [
      plural(mix.outlets, 'outlet'),
      mix.domains > 0 ? plural(mix.domains, 'web domain') : 'no web addresses',
      mix.languages.length ? `in ${mix.languages.join(', ')}` : 'language not recorded',
    ].join(', '),
  ];
  if (mix.singleSourceBullets.length > 0) {
    parts.push(`${mix.singleSourceBullets.length} of ${bullets} developments from a single outlet`);
  }
  if (mix.topOutlet && mix.outlets > 1) parts.push(`${Math.round(mix.topOutlet.share * 100)}% of citations from ${mix.topOutlet.name}`);
  return `Who is reporting: ${parts.join(' · ')}`;
}
