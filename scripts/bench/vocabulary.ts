import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { splitSentences, words } from '../../src/core/text.ts';
import { demoArticles } from '../../src/ingest/demo-corpus.ts';
import { detokenize } from '../../src/ingest/timeline17.ts';

/** The sentences synthetic articles are recombined from, and where they came from. */
export interface Vocabulary {
  /** Distinct sentences of 8–45 words, in a stable order. */
  sentences: string[];
  /** "timeline17 (<dir>)" or "demo corpus". */
  origin: string;
}

function usable(s: string): boolean {
  const n = words(s).length;
  return n >= 8 && n <= 45 && /^[A-Z"]/.test(s) && /[.!]["']?$/.test(s) && !/\((?:CNN|Reuters)\)|https?:|www\./.test(s);
}

/**
 * Reads every sentence of a Timeline17-layout folder (articles.jsonl[.gz] per topic), detokenised. Without that folder
 * it falls back to the sentences of the built-in demo corpus, so the benchmark still runs (with a much smaller
 * vocabulary, which the report states).
 */
export function loadVocabulary(dir: string | undefined): Vocabulary {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (s: string): void => {
    const t = s.trim();
    if (usable(t) && !seen.has(t)) {
      // A copy, not a slice: a slice would keep the whole decompressed file alive.
      const own = Buffer.from(t, 'utf8').toString('utf8');
      seen.add(own);
      out.push(own);
    }
  };
  if (dir && existsSync(dir)) {
    for (const topic of readdirSync(dir).sort()) {
      const folder = join(dir, topic);
      const file = ['articles.jsonl.gz', 'articles.jsonl'].map((f) => join(folder, f)).find((f) => existsSync(f));
      if (!file) continue;
      const raw = readFileSync(file);
      const text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        let body: unknown;
        try {
          body = (JSON.parse(line) as { text?: unknown }).text;
        } catch {
          continue;
        }
        if (typeof body !== 'string') continue;
        // Skip the first line: Timeline17 glues headline and highlights to it.
        for (const l of detokenize(body).split('\n').slice(1)) for (const s of splitSentences(l)) add(s);
      }
    }
    if (out.length > 1000) return { sentences: out, origin: `timeline17 (${dir})` };
  }
  for (const a of demoArticles(new Date(0))) for (const s of splitSentences(a.body)) add(s);
  return { sentences: out, origin: 'demo corpus (Timeline17 folder not found)' };
}
