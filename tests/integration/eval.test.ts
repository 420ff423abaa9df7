import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEval } from '../../scripts/eval/run-eval.ts';
import { formatReport, ratios, toJsonl } from '../../scripts/eval/report.ts';
import { rougeNMulti } from '../../scripts/eval/rouge.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';
import { runScript } from '../helpers/run-cli.ts';
import { writeT17Fixture } from '../helpers/t17-fixture.ts';


// The harness reads the test process's environment, as `npm run` would.
const INHERIT_ENV = { clean: false };
const dir = mkdtempSync(join(tmpdir(), 'sitrep-eval-'));
const data = join(dir, 'data');
writeT17Fixture(data);
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe('npm run eval', () => {
  it('scores every system on every (topic, date) with the same inputs and tracks the stories', async () => {
    const report = await runEval({ data });
    expect(report.topics).toEqual(['H1N1_test', 'LibyaWar_test']);
    // No Timeline17 geopolitical folder here: every topic is averaged as a focus topic.
    expect(report.focus).toEqual(['H1N1_test', 'LibyaWar_test']);
    const systems = ['sitrep', 'lead', 'textrank', 'random', 'oracle'];
    // 1 flu date + 3 Libya dates, five systems each.
    expect(report.results).toHaveLength(4 * 5);
    expect(new Set(report.results.map((r) => r.system))).toEqual(new Set(systems));
    expect(report.emptyInstances).toBe(1);
    for (const r of report.results) {
      expect(r.rouge2).toBeGreaterThanOrEqual(0);
      expect(r.rouge2).toBeLessThanOrEqual(1);
      // The scores are what an independent scorer gets from the written summary and references.
      expect(r.rouge2).toBeCloseTo(rougeNMulti(r.summary, r.references, 2).f1);
      if (r.date === '2011-03-09') expect(r.summary).toBe('');
    }
    // The oracle is the ceiling of every system on every instance.
    for (const r of report.results) {
      const oracle = report.results.find((o) => o.system === 'oracle' && o.topic === r.topic && o.date === r.date)!;
      if (r.system === 'lead' || r.system === 'textrank' || r.system === 'random') expect(r.rouge2).toBeLessThanOrEqual(oracle.rouge2 + 1e-9);
    }
    // Budget: the Brega date has one reference sentence, so one sentence each.
    const brega = report.results.filter((r) => r.date === '2011-03-01');
    for (const r of brega) expect(r.summary.split('\n').length).toBe(1);
    const sitrep = brega.find((r) => r.system === 'sitrep')!;
    expect(sitrep.summary).toMatch(/Brega/);

    // Each topic twice: by the plain name a user would type, then by the tracked story with its aliases.
    expect(report.tracking.map((t) => `${t.label} ${t.form}`).sort()).toEqual([
      'H1N1 name + aliases',
      'H1N1 plain name',
      'LibyaWar name + aliases',
      'LibyaWar plain name',
    ]);
    const libya = report.tracking.find((t) => t.label === 'LibyaWar' && t.form === 'name + aliases')!;
    expect(libya).toMatchObject({ relevant: 3, truePositives: 3, precision: 1, recall: 1 });
    expect(report.tracking.find((t) => t.label === 'LibyaWar' && t.form === 'plain name')!.story).toEqual({ name: 'libya war', aliases: [] });

    // The LLM context of every instance with articles: within the input budget, scored against the same references.
    expect(report.contexts).toHaveLength(4 - report.emptyInstances);
    for (const c of report.contexts) {
      expect(c.inputTokens).toBeGreaterThan(0);
      expect(c.inputTokens).toBeLessThanOrEqual(6000);
      expect(c.recall2).toBeGreaterThanOrEqual(0);
      expect(c.recall2).toBeLessThanOrEqual(1);
      expect(c.oracleBigrams).toBeGreaterThanOrEqual(0);
      expect(c.oracleBigrams).toBeLessThanOrEqual(1);
    }
    // No question of the set is about these fixture topics.
    expect(report.answers).toEqual([]);

    const text = formatReport(report);
    expect(text).toMatch(/LLM context of briefs/);
    expect(text).toMatch(/LibyaWar_test \*/);
    expect(text).toMatch(/all topics \(macro\)/);
    expect(text).not.toMatch(/other topics/);
    expect(text).toMatch(/x best baseline/);
    expect(ratios(report.averages.focus).vsOracle).toBeLessThanOrEqual(1);
    const lines = toJsonl(report.results).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(20);
    expect(Object.keys(lines[0]!)).toEqual(['system', 'topic', 'date', 'summary', 'references']);
  });

  it('runs from the command line, writes the JSONL file and rejects bad arguments', async () => {
    const out = join(dir, 'out.jsonl');
    const ok = await runScript('scripts/eval.ts', ['--data', data, '--out', out, '--topics', 'LibyaWar_test'], INHERIT_ENV);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Daily summaries/);
    expect(ok.stdout).toMatch(/Story tracking/);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(15);

    const missing = await runScript('scripts/eval.ts', [], INHERIT_ENV);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Missing --data/);
    const unknown = await runScript('scripts/eval.ts', ['--data', data, '--topics', 'Nope_x'], INHERIT_ENV);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown topic: Nope_x/);
    const bogus = await runScript('scripts/eval.ts', ['--data', data, '--bogus'], INHERIT_ENV);
    expect(bogus.code).toBe(2);
  }, 60_000);

  it.skipIf(!hasSharedData)(`evaluates a real Timeline17 topic${SKIP_REASON}`, async () => {
    const report = await runEval({ data: shared('timeline17'), topics: ['LibyaWar_reuters'] });
    expect(report.focus).toEqual(['LibyaWar_reuters']);
    expect(report.focusName).toBe('geopolitical topics');
    const avg = report.averages.focus;
    // The oracle is far above everything; the random baseline is far below the real systems.
    for (const s of ['sitrep', 'lead', 'textrank']) {
      expect(avg.get(s)!.rouge2).toBeLessThan(avg.get('oracle')!.rouge2);
      expect(avg.get(s)!.rouge1).toBeGreaterThan(avg.get('random')!.rouge1);
    }
    // The plain name "libya war" finds the folder as well as the story with its aliases.
    for (const t of report.tracking) {
      expect(t).toMatchObject({ label: 'LibyaWar', relevant: 377 });
      expect(t.recall).toBeGreaterThan(0.9);
    }
  }, 120_000);
});
