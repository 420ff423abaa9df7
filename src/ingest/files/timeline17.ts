/**
 * Undoes the Penn-Treebank-style tokenisation of the Timeline17 dataset: bracket tokens, spaced punctuation and
 * clitics, ``/'' quote marks, and the tokeniser's escaped slashes ("Getty\/AFP").
 */
export function detokenize(text: string): string {
  let s = text
    .replace(/-LRB-/g, '(')
    .replace(/-RRB-/g, ')')
    .replace(/-LSB-/g, '[')
    .replace(/-RSB-/g, ']')
    .replace(/-LCB-/g, '{')
    .replace(/-RCB-/g, '}')
    .replace(/``|''/g, '"')
    .replace(/\\\//g, '/');
  s = s
    .replace(/ ([.,;:!?%)\]}])/g, '$1')
    .replace(/([([{$]) /g, '$1')
    .replace(/ (n't|'s|'re|'ve|'ll|'d|'m)\b/gi, '$1')
    .replace(/ ' /g, "' ")
    .replace(/ -- /g, ' — ');
  // Straight double quotes: alternate opening/closing to attach them to the quoted words.
  let open = false;
  s = s.replace(/ ?" ?/g, (m) => {
    open = !open;
    if (open) return m.startsWith(' ') ? ' "' : '"';
    return m.endsWith(' ') ? '" ' : '"';
  });
  return s
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}
