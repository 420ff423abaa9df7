import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { generateCorpus, syntheticStories } from './corpus.ts';
import { loadVocabulary } from './vocabulary.ts';

/**
 * Writes the benchmark's corpus as JSONL (`url`, `title`, `source`, `publishedAt`, `text` per line), the format
 * `sitrep import` reads, so that the command-line import can be timed on exactly what the benchmark imports. Returns
 * the number of lines (articles plus the corpus's duplicates).
 */
export async function writeCorpus(file: string, options: { articles: number; seed: number; data?: string }): Promise<number> {
  const vocabulary = loadVocabulary(options.data);
  const stories = syntheticStories(300, options.seed, vocabulary);
  const out = createWriteStream(file);
  let lines = 0;
  try {
    for (const batch of generateCorpus(vocabulary, { articles: options.articles, seed: options.seed, storyList: stories })) {
      const text = batch
        .map((a) => JSON.stringify({ url: a.url, title: a.title, source: a.source, publishedAt: a.publishedAt.toISOString(), text: a.body }))
        .join('\n');
      lines += batch.length;
      if (!out.write(`${text}\n`)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return lines;
}
