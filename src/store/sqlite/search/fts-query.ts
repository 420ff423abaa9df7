import type { Phrase, TextQuery } from '../../../core/text-query.ts';

// Words are already letters/digits only (core/text.ts), but quote them anyway: whatever reaches MATCH is a string
// literal, never an operator.
function quote(words: readonly string[]): string {
  return `"${words.join(' ').replace(/"/g, '""')}"`;
}

function phrase(p: Phrase): string {
  const forms = [quote(p.words), ...p.lastWordVariants.map((v) => quote([...p.words.slice(0, -1), v]))];
  return forms.length === 1 ? forms[0]! : `(${forms.join(' OR ')})`;
}

/** Compiles a {@link TextQuery} to an FTS5 MATCH expression; null when it can match nothing. */
export function compileFtsQuery(q: TextQuery): string | null {
  const groups = q.anyOf
    .map((g) => g.allOf.filter((p) => p.words.length > 0).map(phrase))
    .filter((g) => g.length > 0)
    .map((g) => (g.length === 1 ? g[0]! : `(${g.join(' AND ')})`));
  if (groups.length === 0) return null;
  return groups.join(' OR ');
}
