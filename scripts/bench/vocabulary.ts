import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { splitSentences, words } from '../../src/core/text.ts';
import { demoArticles } from '../../src/ingest/files/demo-corpus.ts';
import { detokenize } from '../../src/ingest/files/timeline17.ts';

/** The sentences synthetic articles are recombined from, and where they came from. */
export interface Vocabulary {
  /** How many distinct sentences of 8–45 words there are. */
  count: number;
  /** The i-th sentence (a fresh string), in a stable order. */
  sentence(i: number): string;
  /** "timeline17 (<dir>)" or "demo corpus". */
  origin: string;
}

/**
 * Packs the sentences into one UTF-8 buffer outside the JavaScript heap. The benchmark measures the peak memory of a
 * process that also runs this generator: as separate strings the vocabulary would be a large long-lived heap, and
 * V8 lets the heap grow to a multiple of what is live before collecting, which would count several times that
 * against the importer being measured (the figures are in docs/performance-log.md).
 */
function pack(sentences: readonly string[], origin: string): Vocabulary {
  const offsets = new Uint32Array(sentences.length + 1);
  let bytes = 0;
  sentences.forEach((t, i) => {
    offsets[i] = bytes;
    bytes += Buffer.byteLength(t, 'utf8');
  });
  offsets[sentences.length] = bytes;
  const text = Buffer.allocUnsafeSlow(bytes);
  sentences.forEach((t, i) => text.write(t, offsets[i]!, 'utf8'));
  return {
    count: sentences.length,
    sentence: (i) => text.toString('utf8', offsets[i]!, offsets[i + 1]!),
    origin,
  };
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
      seen.add(t);
      out.push(t);
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
    if (out.length > 1000) return pack(out, `timeline17 (${dir})`);
  }
  for (const a of demoArticles(new Date(0))) for (const s of splitSentences(a.body)) add(s);
  return pack(out, 'demo corpus (Timeline17 folder not found)');
}
