import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { freeTextQuery, questionQuery, storyQuery, type TextQuery } from '../../src/core/text-query.ts';
import { compileTsquery } from '../../src/store/postgres/pg-search-text.ts';
import { compileFtsQuery } from '../../src/store/sqlite/search/fts-query.ts';
import { expectLinear, RUNS, text, timing } from './property-helpers.ts';

// A real FTS5 table with the tokenizer the store uses: whatever the user typed, MATCH must never be a syntax error.
const db = new Database(':memory:');
db.exec("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2')");
db.prepare('INSERT INTO t (title, body) VALUES (?, ?)').run('Syrian talks resume', 'Negotiators met in Damascus on Monday; “NEAR(” and OR * are words here.');
const match = db.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?');
afterAll(() => db.close());

function runs(q: TextQuery): void {
  const expr = compileFtsQuery(q);
  if (expr === null) {
    expect(q.anyOf.every((g) => g.allOf.every((p) => p.words.length === 0))).toBe(true);
    return;
  }
  expect(() => match.get(expr)).not.toThrow();
}

describe('full-text query building: properties on arbitrary and hostile text', () => {
  it('never yields an FTS5 MATCH syntax error, for stories, free text and questions', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 4 }), (s, aliases) => {
        runs(storyQuery({ name: s, aliases }));
        runs(freeTextQuery(s));
        runs(questionQuery(s));
      }),
      RUNS,
    );
  });

  it('never yields a MATCH syntax error for stories with -exclusions and quoted phrases in hostile text', () => {
    const alias = fc.tuple(fc.constantFrom('', '-', '"', '-"', '“', '- '), text, fc.constantFrom('', '"', '”')).map(([a, b, c]) => `${a}${b}${c}`);
    fc.assert(
      fc.property(fc.tuple(fc.constantFrom('', '"'), text), fc.array(alias, { maxLength: 4 }), ([q, name], aliases) => {
        runs(storyQuery({ name: `${q}${name}${q}`, aliases }));
      }),
      RUNS,
    );
  });

  it('compiles stories to tsquery text of quoted lexemes and operators only', () => {
    // A quoted lexeme (quotes doubled, backslashes escaped), or an operator: nothing else may reach ::tsquery.
    const shape = /^(?:'(?:[^'\\]|''|\\\\)*'|[()|&!]|<->|\s)*$/u;
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.constantFrom('', '-', '"'), text).map(([a, b]) => a + b), { maxLength: 4 }), (name, aliases) => {
        const q = compileTsquery(storyQuery({ name, aliases }));
        if (q !== null) expect(q).toMatch(shape);
      }),
      RUNS,
    );
  });

  it('excludes an article whatever syntax surrounds the -word', () => {
    fc.assert(
      fc.property(fc.constantFrom('', '"', '*', 'OR ', 'NEAR(', '(', ')', '^', ':', '!'), (syntax) => {
        expect((match.get(compileFtsQuery(storyQuery({ name: 'syria', aliases: [] }))!) as { n: number }).n).toBe(1);
        const expr = compileFtsQuery(storyQuery({ name: `${syntax}syrian${syntax}`, aliases: [`-${syntax}damascus${syntax}`] }));
        expect((match.get(expr!) as { n: number }).n).toBe(0);
      }),
      RUNS,
    );
  });

  it('finds a stored word however it is surrounded by query syntax', () => {
    fc.assert(
      fc.property(fc.constantFrom('syria', 'damascus', 'negotiators', 'near', 'or'), fc.constantFrom('', '"', '*', 'OR ', ' AND', 'NEAR(', '(', ')', '^', '-', ':'), (w, syntax) => {
        const expr = compileFtsQuery(freeTextQuery(`${syntax} ${w} ${syntax}`));
        expect(expr).not.toBeNull();
        expect((match.get(expr!) as { n: number }).n).toBe(1);
      }),
      RUNS,
    );
  });

  timing('builds queries in time linear in the input', () => {
    expectLinear((s) => compileFtsQuery(storyQuery({ name: s, aliases: [] })));
    expectLinear((s) => compileFtsQuery(questionQuery(s)));
  });
});
