import type { Phrase, PhraseGroup, TextQuery } from '../../../core/text-query.ts';

// Words are already letters/digits only (core/text.ts), but quote them anyway: whatever reaches MATCH is a string
// literal, never an operator.
function quote(words: readonly string[]): string {
  return `"${words.join(' ').replace(/"/g, '""')}"`;
}

function phrase(p: Phrase): string {
  const forms = [
    ...new Set([
      quote(p.words),
      ...p.lastWordVariants.map((v) => quote([...p.words.slice(0, -1), v])),
      ...(p.alternatives ?? []).filter((a) => a.length > 0).map(quote),
    ]),
  ];
  return forms.length === 1 ? forms[0]! : `(${forms.join(' OR ')})`;
}

function group(g: PhraseGroup): string | null {
  const all = g.allOf.filter((p) => p.words.length > 0).map(phrase);
  if (all.length === 0) return null;
  const positive = all.length === 1 ? all[0]! : `(${all.join(' AND ')})`;
  const none = (g.noneOf ?? []).filter((p) => p.words.length > 0).map(phrase);
  // NOT binds tighter than AND and OR in FTS5: both sides in parentheses.
  return none.length === 0 ? positive : `(${positive} NOT (${none.join(' OR ')}))`;
}

/** Compiles a {@link TextQuery} to an FTS5 MATCH expression; null when it can match nothing. */
export function compileFtsQuery(q: TextQuery): string | null {
  const groups = q.anyOf.map(group).filter((g): g is string => g !== null);
  if (groups.length === 0) return null;
  return groups.join(' OR ');
}
