import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript, runSitrep } from '../helpers/run-cli.ts';


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
        windows: { span: string; brief: { runs: number }; naive: { runs: number }; read: string }[];
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
      expect(c.windows.map((w) => w.span)).toEqual(['30d', '2y']);
      for (const w of c.windows) {
        expect([w.brief.runs, w.naive.runs]).toEqual([5, 5]);
        expect(w.read).toMatch(/^(read \d+ of |nothing found$)/);
      }
    }
    expect(r.stdout).toMatch(/brief over an explicit window/);
    expect(report.ask.real.runs).toBe(5);
    expect(report.floor.sample).toBeGreaterThan(9_000);
    expect(report.floor.tableOnlyRate).toBeGreaterThan(report.floor.ftsOnlyRate);
  }, 180_000);

  it('writes its corpus as JSONL that `sitrep import` stores whole, duplicates recognised', async () => {
    const file = join(dir, 'corpus.jsonl');
    const w = await runScript('scripts/bench.ts', ['--corpus-out', file, '--articles', '1500'], INHERIT_ENV);
    expect(w.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(1_500);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(first).sort()).toEqual(['publishedAt', 'source', 'text', 'title', 'url']);
    const r = await runSitrep(['--db', join(dir, 'import.db'), '--format', 'json', 'import', file]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { added: number; duplicates: number; rejected: unknown[] };
    expect(report.added).toBe(1_500);
    expect(report.duplicates).toBe(lines.length - 1_500);
    expect(report.rejected).toEqual([]);
  }, 60_000);

  it('rejects a bad article count', async () => {
    const r = await runScript('scripts/bench.ts', ['--articles', 'lots'], INHERIT_ENV);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--articles must be a positive integer/);
  });
});
