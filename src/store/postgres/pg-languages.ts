import { newStemmer, type SnowballStemmer } from 'snowball-stemmers';
import type { PgPool } from './pg-database.ts';

/**
 * The languages the PostgreSQL full-text index stems in their own way, besides the English stemming every article
 * gets: an ISO 639-1 code (the primary subtag of an article's BCP-47 language) to its Snowball algorithm. English
 * (and any language not listed) keeps the Porter stem alone.
 */
const ALGORITHMS: Readonly<Record<string, string>> = {
  ar: 'arabic',
  ca: 'catalan',
  cs: 'czech',
  da: 'danish',
  de: 'german',
  es: 'spanish',
  eu: 'basque',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hu: 'hungarian',
  hy: 'armenian',
  it: 'italian',
  nl: 'dutch',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sl: 'slovene',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
};
/** Codes that name the same stemmer as another. */
const SAME: Readonly<Record<string, string>> = { nb: 'no', nn: 'no' };

/** The code an article's language is stemmed under ("fr" for "fr-CA"), or null for English and unknown languages. */
export function stemmingLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.toLowerCase().split(/[-_]/)[0] ?? '';
  const code = SAME[primary] ?? primary;
  return ALGORITHMS[code] ? code : null;
}

const stemmers = new Map<string, SnowballStemmer>();
// Words repeat; bounded per language, emptied when full, as the English stem cache.
const CACHE_MAX = 50_000;
const caches = new Map<string, Map<string, string>>();

/**
 * The lexeme of a (folded, lower-case) word in a language's own stemming, tagged with the language ("fr:gouvern") so
 * that it can never meet an English stem of another word.
 */
export function languageLexeme(code: string, word: string): string {
  let cache = caches.get(code);
  if (!cache) caches.set(code, (cache = new Map()));
  let lexeme = cache.get(word);
  if (lexeme === undefined) {
    let stemmer = stemmers.get(code);
    if (!stemmer) stemmers.set(code, (stemmer = newStemmer(ALGORITHMS[code]!)));
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(word, (lexeme = `${code}:${stemmer.stem(word)}`));
  }
  return lexeme;
}

/** Which stemming languages a workspace's articles are in, read from `article_languages` and kept for a few seconds. */
export interface LanguageCache {
  /** The workspace's stemming languages, sorted (empty: English only). */
  of(workspace: string): Promise<readonly string[]>;
  /** Forgets what is kept of a workspace (after this process stored articles in it). */
  forget(workspace: string): void;
}

/** How long a workspace's languages are kept: another instance's new language shows within this. */
const TTL_MS = 10_000;

export function createLanguageCache(pool: PgPool): LanguageCache {
  const kept = new Map<string, { at: number; value: Promise<readonly string[]> }>();
  return {
    of(workspace) {
      const now = Date.now();
      const hit = kept.get(workspace);
      if (hit && now - hit.at < TTL_MS) return hit.value;
      const value = pool
        .query<{ language: string }>('SELECT language FROM article_languages WHERE workspace = $1 ORDER BY language', [workspace])
        .then((r) => r.rows.map((x) => x.language).filter((c) => ALGORITHMS[c] !== undefined));
      value.catch(() => kept.delete(workspace));
      kept.set(workspace, { at: now, value });
      return value;
    },
    forget(workspace) {
      kept.delete(workspace);
    },
  };
}
