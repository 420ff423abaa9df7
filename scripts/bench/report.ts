import { cpus, totalmem } from 'node:os';
import type { BenchReport } from './run-bench.ts';
import type { Latency } from './stats.ts';

const ms = (x: number): string => (Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(1) : x.toFixed(0));
const lat = (l: Latency): string => `${ms(l.p50)} / ${ms(l.p95)}`;
const ratio = (naive: number, real: number): string => (Number.isNaN(naive) || real <= 0 ? '-' : `${(naive / real).toFixed(1)}x`);

/** The machine, for the record. */
export function machine(): string {
  const c = cpus();
  return `${c.length} x ${c[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}`;
}

/** The human-readable report. */
export function formatBench(r: BenchReport): string {
  const lines = [
    `Sitrep benchmark: ${r.articles.toLocaleString('en')} articles, seed ${r.seed}`,
    `sentences from ${r.vocabulary}`,
    '',
    `import     ${r.offered.toLocaleString('en')} items (${r.added.toLocaleString('en')} stored, ${r.duplicates.toLocaleString('en')} duplicates) in ${r.importSeconds.toFixed(1)} s until searchable (corpus generation's ${r.generationSeconds.toFixed(1)} s included): ${Math.round(r.importRate).toLocaleString('en')} items/s wall, ${Math.round(r.offered / r.importCpuSeconds).toLocaleString('en')} items per CPU-second of all threads`,
    `           one-thread floor on ${r.floor.sample.toLocaleString('en')} of them: table + full-text index alone ${Math.round(r.floor.ftsOnlyRate).toLocaleString('en')}/CPU-s, table alone ${Math.round(r.floor.tableOnlyRate).toLocaleString('en')}/CPU-s, content hash ${r.floor.hashMicros.toFixed(0)} µs/article`,
    `db size    ${(r.dbBytes / 2 ** 20).toFixed(0)} MiB (${Math.round(r.dbBytes / Math.max(1, r.added))} bytes per article)`,
    '',
    'brief latency, ms p50 / p95 (retrieval + ranking + extractive summary)',
    `${'story'.padEnd(10)}${'articles'.padStart(10)}  ${'sitrep'.padEnd(15)}${'naive LIKE'.padEnd(17)}p95 ratio  widened`,
    ...r.classes.map(
      (c) =>
        `${c.name.padEnd(10)}${c.articles.toLocaleString('en').padStart(10)}  ${lat(c.brief).padEnd(15)}${lat(c.naive).padEnd(17)}${ratio(c.naive.p95, c.brief.p95).padEnd(11)}${c.widened}/${c.brief.runs}`,
    ),
    '',
    'brief over an explicit window ending at the newest article, ms p50 / p95 (the whole window is read)',
    ...r.classes.flatMap((c) =>
      c.windows.map(
        (w) =>
          `${`${c.name} ${w.span}`.padEnd(20)}  ${lat(w.brief).padEnd(15)}${lat(w.naive).padEnd(17)}${ratio(w.naive.p95, w.brief.p95).padEnd(11)}${w.read}`,
      ),
    ),
    '',
    'retrieval alone, no window: newest 150 matches in the whole store, ms p50 / p95',
    ...r.classes.map(
      (c) =>
        `${c.name.padEnd(10)}${''.padStart(10)}  ${lat(c.retrieval).padEnd(15)}${lat(c.naiveRetrieval).padEnd(17)}${ratio(c.naiveRetrieval.p95, c.retrieval.p95)}`,
    ),
    '',
    `ask        p50 / p95 ${lat(r.ask.real)} ms; naive ${lat(r.ask.naive)} ms (p95 ratio ${ratio(r.ask.naive.p95, r.ask.real.p95)})`,
    `peak RSS   ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB (import, briefs, asks); ${(r.startRssBytes / 2 ** 20).toFixed(0)} MiB before the import, with the harness's sentences loaded`,
  ];
  return lines.join('\n');
}
