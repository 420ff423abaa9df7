import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { stemmer } from 'stemmer';
import { describe, expect, it } from 'vitest';
import { languageLexeme, stemmingLanguage } from '../../src/store/postgres/pg-languages.ts';
import { tsvectorLiteral } from '../../src/store/postgres/pg-search-text.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';
import { RUNS, text } from './property-helpers.ts';

/**
 * The PostgreSQL article vector is built for speed (stems cached, one pass over the words, positions capped as it goes).
 * Here it is checked against the plainest statement of what it must hold, word by word in text order: every lexeme of
 * the title (weight A) and body (weight B) at its position, positions capped at 16,383 and at 255 per lexeme, each
 * word's stem in the article's stemming language beside its base term. Both are compared as PostgreSQL reads a
 * literal: lexemes and positions as sets.
 */

const porterStems = new Map<string, string>();
function porter(word: string): string {
  let s = porterStems.get(word);
  if (s === undefined) porterStems.set(word, (s = stemmer(word)));
  return s;
}

function referenceVector(title: string, body: string, language: string | null): string {
  const code = stemmingLanguage(language);
  const out = new Map<string, string[]>();
  const put = (term: string, at: string): void => {
    const list = out.get(term) ?? [];
    if (list.length < 255) list.push(at);
    out.set(term, list);
  };
  let pos = 0;
  for (const [t, weight] of [
    [title, 'A'],
    [body, 'B'],
  ] as const) {
    const folded = t.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
    for (const word of (folded.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length <= 500)) {
      pos = Math.min(pos + 1, 16_383);
      put(/^[a-z]+$/.test(word) ? porter(word) : word, `${pos}${weight}`);
      if (code && /\p{L}/u.test(word)) put(languageLexeme(code, word), `${pos}${weight}`);
    }
  }
  return canonical([...out]);
}

/** Lexemes sorted, each with its sorted, distinct positions: equal for literals PostgreSQL reads as the same vector. */
function canonical(entries: [string, string[]][]): string {
  return entries
    .map(([term, at]) => `${term}:${[...new Set(at)].sort().join(',')}`)
    .sort()
    .join(' ');
}

/** A literal as PostgreSQL reads it (its lexemes are letters and digits, never quotes), in canonical form. */
function parseLiteral(literal: string): string {
  const entries: [string, string[]][] = [];
  for (const m of literal.matchAll(/'((?:[^']|'')*)':([0-9AB,]+)/g)) entries.push([m[1]!.replace(/''/g, "'"), m[2]!.split(',')]);
  if (new Set(entries.map(([t]) => t)).size !== entries.length) throw new Error('a lexeme is listed twice');
  return canonical(entries);
}

function sameVector(title: string, body: string, language: string | null): void {
  const got = parseLiteral(tsvectorLiteral(title, body, language));
  const want = referenceVector(title, body, language);
  if (got !== want) expect(got).toBe(want);
}

const LANGUAGES = [null, 'en', 'de', 'fr', 'pt-BR', 'ar', 'xx'];

describe('PostgreSQL article vectors match the word-by-word reference', () => {
  it('on arbitrary and hostile text, in every kind of language tag', () => {
    fc.assert(fc.property(text, text, fc.constantFrom(...LANGUAGES), (t, b, l) => sameVector(t, b, l)), RUNS);
  });

  it('when a lexeme passes 255 positions and positions pass 16,383', () => {
    sameVector('talks talk', 'talk talks talking '.repeat(200) + 'word '.repeat(17_000) + 'talk end', null);
    sameVector('Verhandlungen', 'Verhandlung Verhandlungen '.repeat(150), 'de');
    for (const n of [254, 255, 256, 257]) sameVector('', 'veto '.repeat(n), null);
  });

  it.skipIf(!hasSharedData)(`on every Timeline17 article, the seed and the real feed files${SKIP_REASON}`, () => {
    // Timeline17 is English (stored with no language or "en"); the feeds are in several languages.
    const texts: [string, string, string | null][] = [];
    const root = shared('timeline17');
    for (const topic of readdirSync(root)) {
      const file = readdirSync(`${root}/${topic}`).find((f) => /^articles\.jsonl(\.gz)?$/.test(f));
      if (!file) continue;
      const buf = readFileSync(`${root}/${topic}/${file}`);
      const raw = (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
      for (const line of raw.split('\n').filter((l) => l.trim())) {
        const row = JSON.parse(line) as Record<string, unknown>;
        texts.push([String(row['title'] ?? ''), String(row['text'] ?? row['body'] ?? ''), texts.length % 2 ? 'en' : null]);
      }
    }
    for (const f of readdirSync(shared('seed'))) texts.push(['', readFileSync(shared('seed', f), 'utf8'), 'en']);
    for (const [i, f] of readdirSync(shared('feeds')).entries()) texts.push([f, readFileSync(shared('feeds', f), 'utf8'), LANGUAGES[i % LANGUAGES.length]!]);
    expect(texts.length).toBeGreaterThan(3000);
    for (const [t, b, l] of texts) sameVector(t, b, l);
  });
});
