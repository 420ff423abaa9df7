/**
 * Leftovers of Penn-Treebank tokenisation in text that should read as prose: the measure behind the detokeniser
 * tests on real Timeline17 imports.
 */
const MARKS: [string, RegExp][] = [
  ['backtick', /`/],
  ['doubled single quote', /''/],
  ['bracket token', /-[LR][RSC]B-/],
  ['spaced punctuation', /\p{L} [,;:!?%](\s|$)|\p{L} \.(\n|$)/u],
  ['split clitic', /\p{L} (n't|'s|'re|'ve|'ll|'d|'m)\b/u],
  ['lone quote', /(^|\s)["'](\s|$)/mu],
];

/**
 * A double quote written against the wrong word: one that closes while none is open, or opens inside an open
 * quotation. Quotations may run over several sentences (lines), so the state carries across lines.
 */
function misattachedQuote(text: string): boolean {
  let open = false;
  for (const line of text.split('\n')) {
    for (let i = line.indexOf('"'); i >= 0; i = line.indexOf('"', i + 1)) {
      const left = line[i - 1] ?? ' ';
      const right = line[i + 1] ?? ' ';
      const closes = /[\p{L}\p{N}.,!?;:'\u2019)]/u.test(left) && /[\s.,;:!?)'\u2019—-]|^$/u.test(right);
      const opens = /[\s(—-]/u.test(left) && /[\p{L}\p{N}'(\u2018]/u.test(right);
      if (closes && !open) return true;
      // A new paragraph of a long quotation opens again without closing the last one.
      if (opens && open && line.slice(0, i).trim() !== '') return true;
      if (opens) open = true;
      else if (closes) open = false;
    }
  }
  return false;
}

/** The kinds of token artefact found in a text (empty when it reads as prose). */
export function tokenArtefacts(text: string): string[] {
  const found = MARKS.filter(([, re]) => re.test(text)).map(([name]) => name);
  if (misattachedQuote(text)) found.push('misattached quote');
  return found;
}
