import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SitrepError, UserError } from '../src/core/errors.ts';
import { formatReport, toJsonl } from './eval/report.ts';
import { runEval } from './eval/run-eval.ts';

const USAGE = 'Usage: npm run eval -- --data <dir> [--out <file.jsonl>] [--topics a,b] [--seed n] [--cv]';

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { data: { type: 'string' }, out: { type: 'string' }, topics: { type: 'string' }, seed: { type: 'string' }, cv: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.data) {
    console.error(`Missing --data.\n${USAGE}`);
    return 2;
  }
  const seed = values.seed === undefined ? 17 : Number(values.seed);
  if (!Number.isInteger(seed)) {
    console.error(`--seed must be an integer.\n${USAGE}`);
    return 2;
  }
  const topics = values.topics?.split(',').map((t) => t.trim()).filter(Boolean) ?? [];
  try {
    const started = Date.now();
    const report = await runEval({ data: values.data, topics, seed, cv: values.cv === true, onProgress: (m) => console.error(m) });
    console.log(formatReport(report));
    if (values.out) {
      writeFileSync(values.out, toJsonl(report.results));
      console.error(`wrote ${report.results.length} lines to ${values.out}`);
    }
    console.error(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } catch (err) {
    if (err instanceof UserError) {
      console.error(`Error: ${err.message}${err.hint ? `\n${err.hint}` : ''}`);
      return 1;
    }
    console.error(err instanceof SitrepError ? `${err.code}: ${err.message}` : err);
    return 70;
  }
}

process.exitCode = await main(process.argv.slice(2));
