import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { machine, formatBench } from './bench/report.ts';
import { runBench } from './bench/run-bench.ts';
import { runOneEngine, runStoreComparison } from './bench/store-engines.ts';
import { writeCorpus } from './bench/write-corpus.ts';

const USAGE =
  'Usage: npm run bench -- [--articles N | --quick] [--reps N] [--seed N] [--db file] [--data dir] [--json file]\n' +
  '       npm run bench -- --store postgres [--pg postgres://…] [--articles N] [--reps N]   (SQLite and PostgreSQL side by side)\n' +
  '       npm run bench -- --corpus-out <file.jsonl> [--articles N] [--seed N] [--data dir]   (write the corpus, for `sitrep import`)';

function int(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${value}".`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        articles: { type: 'string' },
        quick: { type: 'boolean' },
        reps: { type: 'string' },
        seed: { type: 'string' },
        db: { type: 'string' },
        data: { type: 'string' },
        json: { type: 'string' },
        'corpus-out': { type: 'string' },
        store: { type: 'string' },
        pg: { type: 'string' },
        // Internal: one engine of `--store postgres`, run in a child process of its own.
        'engine-run': { type: 'string' },
        target: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  let articles: number;
  let reps: number;
  let seed: number;
  try {
    articles = values.quick ? 10_000 : int(values.articles, 'articles', 100_000);
    reps = int(values.reps, 'reps', values.quick ? 20 : 40);
    seed = int(values.seed, 'seed', 42);
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const started = Date.now();
  if (values['corpus-out']) {
    const n = await writeCorpus(values['corpus-out'], { articles, seed, data: values.data ?? '../shared/data/timeline17' });
    console.error(`wrote ${n.toLocaleString('en')} lines to ${values['corpus-out']} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return 0;
  }
  if (values['engine-run'] === 'sqlite' || values['engine-run'] === 'postgres') {
    const data = values.data ?? '../shared/data/timeline17';
    console.log(await runOneEngine(values['engine-run'], values.target ?? '', { articles, seed, reps, data, onProgress: (m) => console.error(m) }));
    return 0;
  }
  if (values.store !== undefined) {
    if (values.store !== 'postgres') {
      console.error(`--store takes "postgres" (SQLite is measured beside it), got "${values.store}".\n${USAGE}`);
      return 2;
    }
    const text = await runStoreComparison({
      articles,
      seed,
      reps,
      data: values.data ?? '../shared/data/timeline17',
      server: values.pg ?? 'postgres://postgres@127.0.0.1:5432/test',
      onProgress: (m) => console.error(m),
    });
    console.log(`${machine()}; ${new Date().toISOString().slice(0, 10)}`);
    console.log(text);
    console.error(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return 0;
  }
  const report = await runBench({
    articles,
    seed,
    reps,
    naiveReps: articles >= 500_000 ? Math.min(reps, 5) : Math.min(reps, 20),
    data: values.data ?? '../shared/data/timeline17',
    ...(values.db ? { db: values.db } : {}),
    onProgress: (m) => console.error(m),
  });
  console.log(`${machine()}; ${new Date().toISOString().slice(0, 10)}`);
  console.log(formatBench(report));
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ machine: machine(), date: new Date().toISOString(), ...report }, null, 2)}\n`);
  console.error(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
