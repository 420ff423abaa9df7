import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../helpers/run-cli.ts';


// The harness reads the test process's environment, as `npm run` would.
const INHERIT_ENV = { clean: false };
const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


// `npm run bench -- --quick` end to end, so the benchmark cannot rot. Numbers are not asserted (no timing
// assertions in tests): only that every measurement is produced and the corpus went through the real store.
describe('npm run bench -- --quick', () => {
  it('generates 10,000 articles, imports them through the real store and reports every measurement', async () => {
    const json = join(dir, 'quick.json');
    const r = await runScript('scripts/bench.ts', ['--quick', '--reps', '5', '--json', json], INHERIT_ENV);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Sitrep benchmark: 10,000 articles/);
    expect(r.stdout).toMatch(/brief latency/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown> & {
      classes: {
        name: string;
        articles: number;
        brief: { runs: number; p95: number };
        naive: { runs: number };
        retrieval: { runs: number };
        naiveRetrieval: { runs: number };
      }[];
      floor: { sample: number; ftsOnlyRate: number; tableOnlyRate: number; hashMicros: number };
      ask: { real: { runs: number }; naive: { runs: number } };
    };
    expect(report['articles']).toBe(10_000);
    expect(report['added']).toBe(10_000);
    expect(report['duplicates']).toBeGreaterThan(0);
    expect(report['offered']).toBe((report['added'] as number) + (report['duplicates'] as number));
    expect(report['importRate']).toBeGreaterThan(0);
    expect(report['dbBytes']).toBeGreaterThan(1_000_000);
    expect(report['peakRssBytes']).toBeGreaterThan(0);
    expect(report.classes.map((c) => c.name)).toEqual(['frequent', 'medium', 'rare']);
    const [frequent, medium, rare] = report.classes;
    expect(frequent!.articles).toBeGreaterThan(medium!.articles);
    expect(medium!.articles).toBeGreaterThan(rare!.articles);
    for (const c of report.classes) {
      expect(c.brief.runs).toBe(5);
      expect(c.naive.runs).toBe(5);
      expect(c.retrieval.runs).toBe(5);
      expect(c.naiveRetrieval.runs).toBe(5);
      expect(c.brief.p95).toBeGreaterThan(0);
    }
    expect(report.ask.real.runs).toBe(5);
    expect(report.floor.sample).toBeGreaterThan(9_000);
    expect(report.floor.tableOnlyRate).toBeGreaterThan(report.floor.ftsOnlyRate);
  }, 180_000);

  it('rejects a bad article count', async () => {
    const r = await runScript('scripts/bench.ts', ['--articles', 'lots'], INHERIT_ENV);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--articles must be a positive integer/);
  });
});
