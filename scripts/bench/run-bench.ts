import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.ts';
import { createBriefingService, type BriefingService } from '../../src/briefing/briefing-service.ts';
import { describeCoverage, type Brief } from '../../src/core/brief.ts';
import { UserError } from '../../src/core/errors.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { removeSearchIndex, searchIndexFile } from '../../src/store/sqlite/search/search-index.ts';
import { openSqliteEngine } from '../../src/store/sqlite/open-sqlite-stores.ts';
import { storyQuery } from '../../src/core/text-query.ts';
import { createExtractiveSummarizer } from '../../src/summarize/extractive-summarizer.ts';
import { seededRandom } from '../lib/random.ts';
import { generateCorpus, syntheticStories, type SyntheticStory } from './corpus.ts';
import { measureIndexFloor, type IndexFloor } from './index-floor.ts';
import { createNaiveStore } from './naive-store.ts';
import { latency, timed, type Latency } from './stats.ts';
import { loadVocabulary } from './vocabulary.ts';

/** Benchmark options. */
export interface BenchOptions {
  /** Articles to generate. */
  articles: number;
  /** Corpus seed. */
  seed: number;
  /** Timed runs per brief class and for ask. */
  reps: number;
  /** Timed runs of the naive baseline (it can be slow on big stores). */
  naiveReps: number;
  /** Database file; a temporary one (deleted afterwards) when absent. */
  db?: string;
  /** Timeline17-layout folder to take sentences from. */
  data?: string;
  /** Progress messages. */
  onProgress?: (message: string) => void;
}

/** One story class measured. */
export interface StoryClassResult {
  /** frequent | medium | rare. */
  name: string;
  /** The story keyword. */
  story: string;
  /** Its Zipf rank (0 = most frequent). */
  rank: number;
  /** Articles that mention it (full-text count). */
  articles: number;
  /** Brief latency through the real store. */
  brief: Latency;
  /** Brief latency with LIKE retrieval. */
  naive: Latency;
  /** Briefs whose 24-hour default window was empty and widened to the newest week. */
  widened: number;
  /** Retrieval alone, no window: the newest 150 matching articles of the whole store. */
  retrieval: Latency;
  /** The same with LIKE scans. */
  naiveRetrieval: Latency;
  /** Briefs over an explicit long window ending at the newest article: the last 30 days and the whole two years. */
  windows: WindowResult[];
}

/** Brief latency over one explicit window, real and naive (LIKE retrieval, same selection and ranking). */
export interface WindowResult {
  /** `30d` or `2y`. */
  span: string;
  /** Through the real store. */
  brief: Latency;
  /** With LIKE retrieval. */
  naive: Latency;
  /** What the brief read, as its footer says. */
  read: string;
}

/** Everything a run measured. */
export interface BenchReport {
  /** Options used. */
  articles: number;
  seed: number;
  /** Where the sentences came from. */
  vocabulary: string;
  /** Items offered to the importer (articles plus duplicates). */
  offered: number;
  /** Stored. */
  added: number;
  /** Recognised as duplicates. */
  duplicates: number;
  /** Import wall time, s: from the first batch until everything stored is searchable, generation included. */
  importSeconds: number;
  /** Import CPU time (user + system) of every thread of the process, s, generation included. */
  importCpuSeconds: number;
  /** Of the wall time, how much the corpus generator took on the main thread, s. */
  generationSeconds: number;
  /** Items per wall second. */
  importRate: number;
  /** Import CPU time split: what indexing alone and hashing alone cost on a sample. */
  floor: IndexFloor;
  /** Database size after import (the database and its search index file, with their WALs), bytes. */
  dbBytes: number;
  /** Brief latency per story class. */
  classes: StoryClassResult[];
  /** Ask latency, real and naive. */
  ask: { real: Latency; naive: Latency };
  /** Peak resident set size of the process, bytes. */
  peakRssBytes: number;
  /** Resident set size just before the import, with the harness's sentence vocabulary loaded, bytes. */
  startRssBytes: number;
}

const HOUR = 3_600_000;

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

const QUESTIONS = [
  'What happened in {k} after the talks?',
  'What did officials in {k} say about the attack?',
  'How many people were killed in {k}?',
  'Who met the president of {k} this week?',
];

/** Generates, imports and measures. */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const progress = options.onProgress ?? (() => undefined);
  const dir = options.db ? null : mkdtempSync(join(tmpdir(), 'sitrep-bench-'));
  const dbPath = options.db ?? join(dir!, 'bench.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  removeSearchIndex(dbPath);
  let now = new Date('2025-01-01T00:00:00Z');
  const engine = openSqliteEngine(dbPath);
  const app = buildApp({ stores: engine.stores, clock: () => now, logger: silentLogger });
  try {
    const vocabulary = loadVocabulary(options.data);
    progress(`vocabulary: ${vocabulary.count} sentences from ${vocabulary.origin}`);

    // Import, timed end to end: from the first batch until everything stored is searchable. The index is built on a
    // second thread while the main thread goes on, so the generator's time is counted too (it cannot be told apart
    // from the indexing it overlaps); it is also reported on its own.
    let offered = 0;
    let added = 0;
    let duplicates = 0;
    let generation = 0;
    let newest = 0;
    let oldest = Infinity;
    const stories = syntheticStories(300, options.seed, vocabulary);
    const corpus = generateCorpus(vocabulary, { articles: options.articles, seed: options.seed, storyList: stories });
    const startRssBytes = process.memoryUsage().rss;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (;;) {
      const g = performance.now();
      const next = corpus.next();
      generation += performance.now() - g;
      if (next.done) break;
      const batch = next.value;
      const report = await app.importer.importArticles('bench', batch);
      offered += batch.length;
      added += report.added;
      duplicates += report.duplicates;
      for (const a of batch) {
        newest = Math.max(newest, a.publishedAt.getTime());
        oldest = Math.min(oldest, a.publishedAt.getTime());
      }
      if (offered % 100_000 < batch.length) progress(`imported ${offered} (${Math.round(offered / ((performance.now() - t0) / 1000))}/s)`);
    }
    await app.store.searchable();
    const wall = performance.now() - t0;
    const u = process.cpuUsage(c0);
    // Every thread of the process: the indexing thread's time is in here.
    const cpu = (u.user + u.system) / 1000;
    engine.db.pragma('wal_checkpoint(TRUNCATE)');
    engine.db.pragma('search.wal_checkpoint(TRUNCATE)');
    const index = searchIndexFile(dbPath);
    const dbBytes = fileSize(dbPath) + fileSize(`${dbPath}-wal`) + fileSize(index) + fileSize(`${index}-wal`);

    const classes: [string, SyntheticStory][] = [
      ['frequent', stories[0]!],
      ['medium', stories[19]!],
      ['rare', stories[249]!],
    ];
    for (const [, s] of classes) {
      await app.services.stories.track({ workspace: 'bench', name: s.keyword.toLowerCase(), aliases: [], by: 'bench' });
    }
    const summarizer = createExtractiveSummarizer();
    const clock = (): Date => now;
    const real = app.services.briefing;
    const naiveStore = createNaiveStore(app.store, engine.db);
    const naive = createBriefingService({ store: naiveStore, summarizer, clock });
    const rand = seededRandom(options.seed ^ 0xbe9c);
    // "Now" falls somewhere in the corpus's second half, so the default 24-hour window has coverage to read.
    const someNow = (): Date => new Date(oldest + (0.5 + 0.5 * rand()) * (newest - oldest));

    async function briefRuns(service: BriefingService, subject: string, reps: number): Promise<{ ms: number[]; widened: number }> {
      const ms: number[] = [];
      let widened = 0;
      for (let i = 0; i < reps; i++) {
        now = someNow();
        let brief;
        const t = await timed(async () => {
          brief = await service.brief({ workspace: 'bench', subject }).catch((e: unknown) => {
            if (e instanceof UserError) return null;
            throw e;
          });
        });
        ms.push(t);
        if (brief && (brief as { notes: string[] }).notes.some((n) => n.startsWith('Nothing in the last'))) widened++;
      }
      return { ms, widened };
    }

    const results: StoryClassResult[] = [];
    for (const [name, s] of classes) {
      const subject = s.keyword.toLowerCase();
      progress(`brief ${name} story "${subject}"`);
      await briefRuns(real, subject, 3); // warm-up: statement preparation, page cache
      const r = await briefRuns(real, subject, options.reps);
      const n = await briefRuns(naive, subject, options.naiveReps);
      const query = storyQuery({ name: subject, aliases: [] });
      const count = (await app.store.coverage('bench', { anyOf: [{ allOf: [{ words: [subject], lastWordVariants: [] }] }] })).count;
      const retrieval: number[] = [];
      const naiveRetrieval: number[] = [];
      for (let i = 0; i < options.naiveReps; i++) {
        retrieval.push(await timed(() => app.store.searchArticles('bench', query, { limit: 150, order: 'newest' })));
        naiveRetrieval.push(await timed(() => naiveStore.searchArticles('bench', query, { limit: 150, order: 'newest' })));
      }
      const windows: WindowResult[] = [];
      for (const [span, since] of [['30d', '30d'], ['2y', new Date(oldest).toISOString()]] as const) {
        const at = new Date(newest + HOUR);
        const once = async (service: BriefingService): Promise<Brief | null> => {
          now = at;
          return service.brief({ workspace: 'bench', subject, since }).catch((e: unknown) => {
            if (e instanceof UserError) return null;
            throw e;
          });
        };
        await once(real);
        const realMs: number[] = [];
        const naiveMs: number[] = [];
        let last: Brief | null = null;
        for (let i = 0; i < options.reps; i++) realMs.push(await timed(async () => void (last = await once(real))));
        for (let i = 0; i < options.naiveReps; i++) naiveMs.push(await timed(async () => void (await once(naive))));
        const b = last as Brief | null;
        const read = b?.coverage ? describeCoverage(b.articlesConsidered, b.coverage) : 'nothing found';
        windows.push({ span, brief: latency(realMs), naive: latency(naiveMs), read });
      }
      results.push({
        windows,
        name,
        story: subject,
        rank: s.rank,
        articles: count,
        brief: latency(r.ms),
        naive: latency(n.ms),
        widened: r.widened,
        retrieval: latency(retrieval),
        naiveRetrieval: latency(naiveRetrieval),
      });
    }

    progress('ask');
    const askMs: number[] = [];
    const naiveAskMs: number[] = [];
    for (let i = 0; i < options.reps; i++) {
      const [, s] = classes[i % classes.length]!;
      const question = QUESTIONS[i % QUESTIONS.length]!.replace('{k}', s.keyword);
      now = new Date(newest + HOUR);
      askMs.push(await timed(() => real.answer({ workspace: 'bench', question })));
      if (i < options.naiveReps) naiveAskMs.push(await timed(() => naive.answer({ workspace: 'bench', question })));
    }
    // Peak memory of the product's work (import, briefs, asks), before the floor measurement below allocates its sample.
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    progress('import floor: full-text indexing and hashing alone, on a sample');
    const sample = [
      ...generateCorpus(vocabulary, { articles: Math.min(options.articles, 20_000), seed: options.seed + 1, storyList: stories }),
    ].flat();
    const floor = measureIndexFloor(sample, dbPath);
    return {
      articles: options.articles,
      seed: options.seed,
      vocabulary: vocabulary.origin,
      offered,
      added,
      duplicates,
      importSeconds: wall / 1000,
      importCpuSeconds: cpu / 1000,
      generationSeconds: generation / 1000,
      importRate: offered / (wall / 1000),
      floor,
      dbBytes,
      classes: results,
      ask: { real: latency(askMs), naive: latency(naiveAskMs) },
      peakRssBytes,
      startRssBytes,
    };
  } finally {
    await app.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
