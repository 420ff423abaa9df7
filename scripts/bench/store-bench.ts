import type { NewArticle } from '../../src/core/article.ts';
import { createBriefingService } from '../../src/briefing/briefing-service.ts';
import { createStoryService } from '../../src/briefing/story-service.ts';
import { UserError } from '../../src/core/errors.ts';
import { createImporter } from '../../src/ingest/files/importer.ts';
import type { Store } from '../../src/store/ports/corpus-store.ts';
import { createExtractiveSummarizer } from '../../src/summarize/extractive-summarizer.ts';
import { seededRandom } from '../lib/random.ts';
import { generateCorpus, syntheticStories } from './corpus.ts';
import { latency, timed, type Latency } from './stats.ts';
import { loadVocabulary } from './vocabulary.ts';

/** One engine under test: a fresh, empty store and how to measure its size. */
export interface BenchEngine {
  /** Label ("sqlite", "postgres"). */
  name: string;
  /** Opens the empty store. */
  open(): Promise<Store & { close(): Promise<void> }>;
  /** Bytes the engine's files or database take after the import. */
  size(): Promise<number>;
}

/** What one engine measured. */
export interface EngineResult {
  /** Engine label. */
  engine: string;
  /** Articles offered, stored. */
  offered: number;
  added: number;
  /** Import wall time, s, until everything is searchable (corpus generation excluded). */
  importSeconds: number;
  /** Items per wall second. */
  importRate: number;
  /** Database size, bytes. */
  dbBytes: number;
  /** Brief latency per story class. */
  classes: { name: string; story: string; articles: number; brief: Latency }[];
  /** Ask latency. */
  ask: Latency;
  /** Peak RSS of the process that measured this engine alone (harness included), when it ran in its own process. */
  peakRssBytes?: number;
  /** RSS once the harness had loaded its vocabulary, before the engine was opened. */
  harnessRssBytes: number;
}

const QUESTIONS = ['What happened in {k} after the talks?', 'How many people were killed in {k}?', 'Who met the president of {k} this week?'];

/**
 * The same corpus (same seed), stories and measurements on each engine in turn, for a side-by-side comparison: the
 * import through the product's importer, then briefs of a frequent, a medium and a rare story and questions through
 * the product's briefing service, at random "now" times in the corpus's second half.
 */
export async function benchEngines(
  engines: readonly BenchEngine[],
  o: { articles: number; seed: number; reps: number; data: string; onProgress: (m: string) => void },
): Promise<EngineResult[]> {
  const vocabulary = loadVocabulary(o.data);
  const stories = syntheticStories(300, o.seed, vocabulary);
  const harnessRssBytes = process.memoryUsage().rss;
  const out: EngineResult[] = [];
  for (const engine of engines) {
    let now = new Date('2025-01-01T00:00:00Z');
    const clock = (): Date => now;
    const store = await engine.open();
    try {
      const importer = createImporter({ store, clock });
      let offered = 0;
      let added = 0;
      let newest = 0;
      let oldest = Infinity;
      const started = performance.now();
      // The whole corpus as one stream, as `sitrep import` hands a file to the importer: it batches, and a store that
      // prepares a batch while the one before is written (PostgreSQL) overlaps the two. The time spent generating the
      // corpus is taken out of the import's.
      let generationMs = 0;
      function* corpus(): Generator<NewArticle> {
        const batches = generateCorpus(vocabulary, { articles: o.articles, seed: o.seed, storyList: stories });
        for (;;) {
          const t = performance.now();
          const next = batches.next();
          generationMs += performance.now() - t;
          if (next.done) return;
          const batch = next.value;
          for (const a of batch) {
            newest = Math.max(newest, a.publishedAt.getTime());
            oldest = Math.min(oldest, a.publishedAt.getTime());
            yield a;
          }
          offered += batch.length;
          if (offered % 20_000 < batch.length) o.onProgress(`${engine.name}: generated ${offered} (${Math.round(offered / ((performance.now() - started) / 1000))}/s)`);
        }
      }
      let importMs = await timed(async () => {
        added += (await importer.importArticles('bench', corpus())).added;
      });
      importMs -= generationMs;
      importMs += await timed(() => store.searchable());
      const dbBytes = await engine.size();
      const briefing = createBriefingService({ store, summarizer: createExtractiveSummarizer(), clock });
      const storyService = createStoryService({ store, clock });
      const classes = [
        ['frequent', stories[0]!],
        ['medium', stories[19]!],
        ['rare', stories[249]!],
      ] as const;
      const rand = seededRandom(o.seed ^ 0xbe9c);
      const someNow = (): Date => new Date(oldest + (0.5 + 0.5 * rand()) * (newest - oldest));
      const results: EngineResult['classes'] = [];
      for (const [name, s] of classes) {
        const subject = s.keyword.toLowerCase();
        await storyService.track({ workspace: 'bench', name: subject, aliases: [], by: 'bench' });
        const ms: number[] = [];
        for (let i = 0; i < o.reps + 3; i++) {
          now = someNow();
          const t = await timed(() =>
            briefing.brief({ workspace: 'bench', subject }).catch((e: unknown) => {
              if (!(e instanceof UserError)) throw e;
            }),
          );
          // The first three runs warm caches and prepared plans.
          if (i >= 3) ms.push(t);
        }
        const count = (await store.coverage('bench', { anyOf: [{ allOf: [{ words: [subject], lastWordVariants: [] }] }] })).count;
        results.push({ name, story: subject, articles: count, brief: latency(ms) });
        o.onProgress(`${engine.name}: brief ${name} p95 ${latency(ms).p95.toFixed(0)} ms`);
      }
      const askMs: number[] = [];
      for (let i = 0; i < o.reps; i++) {
        const [, s] = classes[i % classes.length]!;
        now = new Date(newest + 3_600_000);
        askMs.push(await timed(() => briefing.answer({ workspace: 'bench', question: QUESTIONS[i % QUESTIONS.length]!.replace('{k}', s.keyword) })));
      }
      out.push({ engine: engine.name, offered, added, importSeconds: importMs / 1000, importRate: offered / (importMs / 1000), dbBytes, classes: results, ask: latency(askMs), harnessRssBytes });
    } finally {
      await store.close();
    }
  }
  return out;
}

const ms = (x: number): string => (Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(1) : x.toFixed(0));

/** The side-by-side table. */
export function formatEngines(results: readonly EngineResult[], articles: number): string {
  const head = `${''.padEnd(26)}${results.map((r) => r.engine.padStart(16)).join('')}`;
  const row = (label: string, f: (r: EngineResult) => string): string => `${label.padEnd(26)}${results.map((r) => f(r).padStart(16)).join('')}`;
  return [
    `Stores side by side: ${articles.toLocaleString('en')} articles`,
    head,
    row('import, articles/s', (r) => Math.round(r.importRate).toLocaleString('en')),
    row('import, s', (r) => r.importSeconds.toFixed(1)),
    row('database size, MiB', (r) => (r.dbBytes / 2 ** 20).toFixed(0)),
    ...['frequent', 'medium', 'rare'].map((c) =>
      row(`brief ${c} p50/p95, ms`, (r) => {
        const x = r.classes.find((k) => k.name === c);
        return x ? `${ms(x.brief.p50)} / ${ms(x.brief.p95)}` : '-';
      }),
    ),
    row('  (matching articles)', (r) => r.classes.map((c) => c.articles).join('/')),
    row('ask p50/p95, ms', (r) => `${ms(r.ask.p50)} / ${ms(r.ask.p95)}`),
    row('peak RSS, MiB', (r) => (r.peakRssBytes === undefined ? '-' : (r.peakRssBytes / 2 ** 20).toFixed(0))),
    row('  (harness alone)', (r) => (r.harnessRssBytes / 2 ** 20).toFixed(0)),
  ].join('\n');
}
