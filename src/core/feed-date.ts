// English month abbreviations, plus the Portuguese, Spanish, French, German and Italian ones that feeds from those
// countries put in RFC 822 dates ("Seg, 24 Set 2018"), looked up by full word, then 4, then 3 letters.
const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
  fev: 1, abr: 3, mai: 4, ago: 7, set: 8, out: 9, dez: 11,
  ene: 0, dic: 11,
  janv: 0, févr: 1, fevr: 1, mars: 2, avr: 3, juin: 5, juil: 6, août: 7, aout: 7, sept: 8, déc: 11,
  mär: 2, mrz: 2, okt: 9,
  gen: 0, mag: 4, giu: 5, lug: 6, ott: 9,
};
// RFC 822 zone names (plus a few common European ones) in minutes east of UTC.
const ZONES: Record<string, number> = {
  gmt: 0, ut: 0, utc: 0, z: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  wet: 0, west: 60, bst: 60, cet: 60, cest: 120, eet: 120, eest: 180, msk: 180,
};

const RFC822 =
  /^(?:[\p{L}]{2,12}\.?,?\s*)?(\d{1,2})\.?[\s-]+(\p{L}{3,12})\.?[\s-]+(\d{2,4})(?:\s+(\d{1,2}):?(\d{2})(?::?(\d{2}))?)?(?:\.\d+)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?/iu;

function valid(d: Date): Date | null {
  const y = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || y < 1970 || y > 2200 ? null : d;
}

/**
 * Parses the dates feeds carry: RFC 822 (RSS, with the variants seen in the wild: two-digit years, "1500" without a
 * colon, zone names like EST), ISO 8601 / RFC 3339 (Atom, JSON Feed, Dublin Core). Returns null for anything it cannot
 * read or that falls outside 1970–2200, so a broken date never becomes a plausible wrong one.
 */
export function parseFeedDate(raw: string | null | undefined): Date | null {
  const s = raw?.trim();
  if (!s) return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    // ISO 8601: a bare date is midnight UTC; a space instead of T is common.
    const iso = s.replace(/^(\d{4}-\d{2}-\d{2})\s+(\d)/, '$1T$2').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    return valid(new Date(iso));
  }
  const m = RFC822.exec(s);
  if (m) {
    const word = m[2]!.toLowerCase();
    const month = MONTHS[word] ?? MONTHS[word.slice(0, 4)] ?? MONTHS[word.slice(0, 3)];
    if (month === undefined) return null;
    let year = Number(m[3]);
    if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
    const zone = m[7];
    let offset = 0;
    if (zone && /^[+-]/.test(zone)) {
      const digits = zone.replace(':', '');
      offset = (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
    } else if (zone) {
      offset = ZONES[zone.toLowerCase()] ?? 0;
    }
    const utc = Date.UTC(year, month, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)) - offset * 60_000;
    return valid(new Date(utc));
  }
  return valid(new Date(s));
}
