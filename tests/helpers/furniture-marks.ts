/** What a bullet must never open with: the property the furniture tests check on real and fixture pages. */
const BYLINE = /^(?:By|From)\s+(?:the\s+)?\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*){0,4}(?:,|\s+(?:\p{Lu}[\p{L}]*\s+)?(?:News|Staff|Wire)\b)/u;
const TIMESTAMP =
  /^(?:[^|]{0,60}\|\s*)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:UK time|GMT|BST|[A-Z]{2,4}\b)|^(?:\p{Lu}\p{Ll}+ \d{1,2}, \d{4}|\d{1,2} \p{Lu}\p{Ll}+ \d{4})\s*[|:]/u;

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Why a bullet opens with furniture, or null when it does not. */
// "TRIPOLI, Libya (Reuters) Libyan…", with or without the dash.
const DATELINE = /^\p{Lu}{2,}[^()]{0,40}\((?:Reuters|AP|AFP|CNN|BBC)\)/u;
// A list marker, a ticker fragment left by a broken line ("L) said its…"), a photo credit, a wire version label.
const FRAGMENT = /^(?:[*•]\s|\p{Lu}{1,2}\)\s|Credit\s*:|(?:UPDATE|WRAPUP)\s*\d+\s*-)/u;

export function furnitureOpening(bullet: string, title: string): string | null {
  if (BYLINE.test(bullet)) return 'byline';
  if (TIMESTAMP.test(bullet)) return 'timestamp';
  if (DATELINE.test(bullet)) return 'dateline';
  if (FRAGMENT.test(bullet)) return 'fragment';
  if (/\(ID:\s*n[A-Z0-9]+\)/u.test(bullet)) return 'story reference';
  const t = normalise(title);
  const b = normalise(bullet);
  if (t.length >= 12 && !title.endsWith('…') && b.startsWith(t) && b.length - t.length >= 20) return 'headline';
  return null;
}
