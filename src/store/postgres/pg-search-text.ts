import type { Phrase, TextQuery } from '../../core/text-query.ts';
import type { PgQueryable } from './pg-database.ts';

/** The text search configuration every article and query goes through (migration 1: English stems, no stopwords). */
export const SEARCH_CONFIG = 'sitrep_english';

/**
 * Folds text into what the index sees: diacritics removed, lower case, and every run of characters that is neither a
 * letter nor a digit turned into one space. This is the tokenisation of SQLite's `unicode61 remove_diacritics 2`
 * (hyphens, apostrophes, dots and commas separate words; `Bogotá` is `bogota`), done here so that PostgreSQL's own
 * parser, which would keep URLs, e-mail addresses, hosts and hyphenated words as single tokens, only ever sees plain
 * words. Documents and queries are folded by this one function, so they always agree.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** SQL for the tsvector of an article from its folded title ($title) and body ($body) parameters. */
export function searchVectorSql(title: string, body: string): string {
  return `setweight(to_tsvector('${SEARCH_CONFIG}', ${title}), 'A') || setweight(to_tsvector('${SEARCH_CONFIG}', ${body}), 'B')`;
}

function phraseForms(p: Phrase): string[] {
  const forms = [p.words, ...p.lastWordVariants.map((v) => [...p.words.slice(0, -1), v])];
  return [...new Set(forms.map((f) => foldForSearch(f.join(' '))).filter((f) => f.length > 0))];
}

/**
 * A {@link TextQuery} as a SQL expression of type tsquery whose only inputs are bind parameters. Each phrase form goes
 * through `phraseto_tsquery`, which reads its argument as plain text (never as operators: `syria OR *`, quotes,
 * `NEAR(`, `&|!:*()` are only ever words or separators), and the structure is assembled with the tsquery operators
 * `||` (any of) and `&&` (all of). Null when the query can match nothing.
 */
export function tsqueryExpression(q: TextQuery): { sql: string; params: string[] } | null {
  const params: string[] = [];
  const param = (text: string): string => {
    params.push(text);
    return `phraseto_tsquery('${SEARCH_CONFIG}', $${params.length})`;
  };
  const groups: string[] = [];
  for (const g of q.anyOf) {
    const phrases = g.allOf.map((p) => phraseForms(p)).filter((forms) => forms.length > 0);
    // A phrase with no words left after folding could never match: the whole group cannot.
    if (phrases.length === 0 || phrases.length < g.allOf.filter((p) => p.words.length > 0).length) continue;
    const all = phrases.map((forms) => `(${forms.map(param).join(' || ')})`);
    groups.push(all.length === 1 ? all[0]! : `(${all.join(' && ')})`);
  }
  if (groups.length === 0) return null;
  return { sql: groups.join(' || '), params };
}

/** Compiles queries to tsquery text (PostgreSQL writes it, with its own quoting), remembering recent ones. */
export interface TsqueryCompiler {
  /** The tsquery of a {@link TextQuery} as text for a `$n::tsquery` parameter, or null when it matches nothing. */
  compile(q: TextQuery): Promise<string | null>;
}

const CACHE_SIZE = 500;

/** A compiler that asks the database to stem and assemble each query once. */
export function createTsqueryCompiler(db: PgQueryable): TsqueryCompiler {
  const cache = new Map<string, string | null>();
  return {
    async compile(q) {
      const key = JSON.stringify(q);
      const known = cache.get(key);
      if (known !== undefined) return known;
      const expr = tsqueryExpression(q);
      let text: string | null = null;
      if (expr) {
        const r = await db.query<{ q: string }>(`SELECT (${expr.sql})::text AS q`, expr.params);
        text = r.rows[0]?.q ? r.rows[0].q : null;
      }
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(key, text);
      return text;
    },
  };
}
