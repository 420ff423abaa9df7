import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../../src/core/article.ts';
import { UserError } from '../../src/core/errors.ts';
import { detokenize } from '../../src/ingest/files/timeline17.ts';

/**
 * Reading a folder in the Timeline17 layout: one sub-folder per topic holding `articles.jsonl(.gz)`,
 * `timelines.jsonl` and optionally `keywords.json`.
 */

/** One reference timeline: dated lists of sentences written by journalists. */
export type Timeline = Map<string, string[]>;

/** A topic folder. */
export interface TopicFolder {
  /** Folder name, e.g. `LibyaWar_cnn`. */
  name: string;
  /** Absolute or relative path to it. */
  path: string;
  /** The topic label shared by folders of the same story from different outlets: the part before `_`. */
  label: string;
  /** Reference timelines (one or more). */
  timelines: Timeline[];
  /** Query words from keywords.json (empty when absent). */
  keywords: string[];
}

const ARTICLES = /^articles\.jsonl(\.gz)?$/;

/** Lists the topic folders of a data directory (sorted), optionally only the named ones. */
export function listTopics(dir: string, only?: readonly string[]): TopicFolder[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError('eval.no_data', `No such data folder: ${dir}`);
  }
  const names = readdirSync(dir)
    .filter((e) => statSync(join(dir, e)).isDirectory() && readdirSync(join(dir, e)).some((f) => ARTICLES.test(f)))
    .sort();
  if (names.length === 0) {
    throw new UserError('eval.no_topics', `${dir} has no topic folders (sub-folders with articles.jsonl or articles.jsonl.gz).`);
  }
  if (only && only.length > 0) {
    const unknown = only.filter((t) => !names.includes(t));
    if (unknown.length > 0) {
      throw new UserError('eval.unknown_topic', `Unknown topic${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`, {
        hint: `Topics in ${dir}: ${names.join(', ')}`,
      });
    }
  }
  return names
    .filter((n) => !only || only.length === 0 || only.includes(n))
    .map((name) => {
      const path = join(dir, name);
      return { name, path, label: name.split('_')[0] ?? name, timelines: readTimelines(path), keywords: readKeywords(path) };
    });
}

function isEntry(x: unknown): x is [string, unknown[]] {
  return Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && Array.isArray(x[1]);
}

function toTimeline(entries: unknown[], where: string): Timeline {
  const tl: Timeline = new Map();
  for (const e of entries) {
    if (!isEntry(e)) throw new UserError('eval.bad_timeline', `${where}: expected [date, [sentences]] entries.`);
    const day = e[0].slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new UserError('eval.bad_timeline', `${where}: bad date ${JSON.stringify(e[0])}.`);
    const sentences = e[1].filter((s): s is string => typeof s === 'string').map((s) => detokenize(s).trim()).filter(Boolean);
    // A date listed twice in one timeline is one day's reference.
    tl.set(day, [...(tl.get(day) ?? []), ...sentences]);
  }
  return tl;
}

/**
 * Reads `timelines.jsonl`: one timeline per line, or a line holding an array of timelines. Reference sentences are
 * detokenised like the articles, so both sides of a comparison are written the same way.
 */
export function readTimelines(topicPath: string): Timeline[] {
  const file = join(topicPath, 'timelines.jsonl');
  if (!existsSync(file)) throw new UserError('eval.no_timelines', `${file} is missing.`);
  const out: Timeline[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const where = `${file}:${i + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        throw new UserError('eval.bad_timeline', `${where}: ${(err as Error).message}`);
      }
      if (!Array.isArray(value)) throw new UserError('eval.bad_timeline', `${where}: expected a JSON array.`);
      if (value.every(isEntry)) out.push(toTimeline(value, where));
      else if (value.every((t) => Array.isArray(t))) for (const t of value as unknown[][]) out.push(toTimeline(t, where));
      else throw new UserError('eval.bad_timeline', `${where}: expected a timeline or an array of timelines.`);
    });
  return out;
}

function readKeywords(topicPath: string): string[] {
  const file = join(topicPath, 'keywords.json');
  if (!existsSync(file)) return [];
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** UTC day of an article. */
export function dayKey(a: Pick<Article, 'publishedAt'>): string {
  return a.publishedAt.toISOString().slice(0, 10);
}

/** The day after a YYYY-MM-DD day. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
