import { formatAnswers, formatContexts } from './answer-report.ts';
import type { DailyResult } from './daily-task.ts';
import { SYSTEM_NAMES, type Avg, type EvalReport } from './run-eval.ts';

const f3 = (x: number): string => x.toFixed(3);
const pad = (s: string, n: number): string => s.padEnd(n);

function row(label: string, dates: string, cells: (Avg | undefined)[]): string {
  return [pad(label, 32), dates.padStart(5), ...cells.map((c) => pad(c ? `${f3(c.rouge1)} / ${f3(c.rouge2)}` : '-', 17))].join('  ');
}

/** Ratios that the goal is stated in. */
export function ratios(avg: ReadonlyMap<string, Avg>): { vsBaseline: number; vsOracle: number; baseline: string } {
  const s = avg.get('sitrep')?.rouge2 ?? 0;
  const lead = avg.get('lead')?.rouge2 ?? 0;
  const tr = avg.get('textrank')?.rouge2 ?? 0;
  const best = Math.max(lead, tr);
  return { vsBaseline: best > 0 ? s / best : 0, vsOracle: (avg.get('oracle')?.rouge2 ?? 0) > 0 ? s / avg.get('oracle')!.rouge2 : 0, baseline: lead >= tr ? 'lead' : 'textrank' };
}

/** The cross-validated headline: per folder and scheme, the held-out score against the baselines and the oracle. */
export function formatCrossValidation(r: EvalReport): string[] {
  const cv = r.crossValidation;
  if (!cv) return [];
  const lines: string[] = [];
  const mean = (topic: string, system: string): number => r.perTopic.find((p) => p.topic === topic && p.system === system)?.rouge2 ?? 0;
  lines.push('Cross-validated ROUGE-2 (headline): every weight chosen on the folders of the other outlets / other topics');
  lines.push(['topic'.padEnd(32), 'leave-outlet-out'.padEnd(30), 'leave-topic-out'.padEnd(30), 'best baseline', 'oracle', 'ratios (outlet / topic)'].join('  '));
  const sums = { outlet: 0, topic: 0, base: 0, oracle: 0, n: 0 };
  for (const topic of r.topics) {
    const o = cv.find((h) => h.topic === topic && h.scheme === 'outlet')!;
    const t = cv.find((h) => h.topic === topic && h.scheme === 'topic')!;
    const base = Math.max(mean(topic, 'lead'), mean(topic, 'textrank'));
    const oracle = mean(topic, 'oracle');
    const ratio = (x: number): string => (base > 0 ? `${(x / base).toFixed(2)}x` : '-');
    lines.push(
      [
        pad(`${topic}${r.focus.includes(topic) ? ' *' : ''}`, 32),
        pad(`${f3(o.rouge2)} (${o.chosen})`, 30),
        pad(`${f3(t.rouge2)} (${t.chosen})`, 30),
        f3(base).padStart(13),
        f3(oracle).padStart(6),
        `${ratio(o.rouge2)} / ${ratio(t.rouge2)}`,
      ].join('  '),
    );
    if (r.focus.includes(topic)) {
      sums.outlet += o.rouge2;
      sums.topic += t.rouge2;
      sums.base += base;
      sums.oracle += oracle;
      sums.n++;
    }
  }
  if (sums.n > 0) {
    const m = (x: number): number => x / sums.n;
    const below = r.focus.filter((topic) => {
      const base = Math.max(mean(topic, 'lead'), mean(topic, 'textrank'));
      return cv.filter((h) => h.topic === topic).some((h) => h.rouge2 < 1.5 * base);
    });
    lines.push(
      `* ${r.focusName} (macro): leave-outlet-out ${f3(m(sums.outlet))}, leave-topic-out ${f3(m(sums.topic))}; ` +
        `mean best baseline ${f3(m(sums.base))}, oracle ${f3(m(sums.oracle))}; ` +
        `${((m(sums.outlet) / m(sums.oracle)) * 100).toFixed(0)}% / ${((m(sums.topic) / m(sums.oracle)) * 100).toFixed(0)}% of the oracle.`,
    );
    lines.push(
      below.length === 0
        ? `Goal 1.5 x best baseline on every ${r.focusName.replace(/s$/, '')} folder, cross-validated: met.`
        : `Goal 1.5 x best baseline on every ${r.focusName.replace(/s$/, '')} folder, cross-validated: NOT met on ${below.join(', ')}.`,
    );
  }
  lines.push('');
  return lines;
}

/** The timeline task table: date F1 per topic for sitrep and the date-count baseline. */
export function formatTimelines(r: EvalReport): string[] {
  if (r.timelines.length === 0) return [];
  const systems = [...new Set(r.timelines.map((t) => t.system))];
  const lines = ['Timelines: date F1, whole period, as many dates as the references (mean over reference timelines)'];
  lines.push(['topic'.padEnd(32), 'dates', ...systems.map((s) => pad(s, 10))].join('  '));
  const sums = new Map<string, { focus: number; all: number }>();
  for (const topic of r.topics) {
    const rows = r.timelines.filter((t) => t.topic === topic);
    if (rows.length === 0) continue;
    lines.push([pad(`${topic}${r.focus.includes(topic) ? ' *' : ''}`, 32), String(rows[0]!.k).padStart(5), ...systems.map((s) => pad(f3(rows.find((x) => x.system === s)?.dateF1 ?? 0), 10))].join('  '));
    for (const x of rows) {
      const m = sums.get(x.system) ?? { focus: 0, all: 0 };
      m.all += x.dateF1 / r.topics.length;
      if (r.focus.includes(topic)) m.focus += x.dateF1 / r.focus.length;
      sums.set(x.system, m);
    }
  }
  lines.push([pad(`* ${r.focusName} (macro)`, 32), ''.padStart(5), ...systems.map((s) => pad(f3(sums.get(s)?.focus ?? 0), 10))].join('  '));
  lines.push([pad('all topics (macro)', 32), ''.padStart(5), ...systems.map((s) => pad(f3(sums.get(s)?.all ?? 0), 10))].join('  '));
  lines.push('Published anchors on the full Timeline17 (other protocol): date-wise 0.544, clustering 0.407, oracle 0.926.');
  lines.push('');
  return lines;
}

/** The stdout report: the daily-summary table per topic and averaged, the ratios, and the story-tracking table. */
export function formatReport(r: EvalReport): string {
  const lines: string[] = [...formatCrossValidation(r)];
  lines.push('Daily summaries: ROUGE-1 / ROUGE-2 F1, mean over dates (window d..d+1, budget = reference sentences, max 5)');
  lines.push(['topic'.padEnd(32), 'dates', ...SYSTEM_NAMES.map((s) => pad(s, 17))].join('  '));
  for (const topic of r.topics) {
    const cells = SYSTEM_NAMES.map((s) => r.perTopic.find((p) => p.topic === topic && p.system === s));
    const dates = r.perTopic.find((p) => p.topic === topic)?.dates ?? 0;
    lines.push(row(`${topic}${r.focus.includes(topic) ? ' *' : ''}`, String(dates), cells));
  }
  const avgRow = (label: string, m: ReadonlyMap<string, Avg>): void => {
    if (m.size > 0) lines.push(row(label, '', SYSTEM_NAMES.map((s) => m.get(s))));
  };
  avgRow(`* ${r.focusName} (macro)`, r.averages.focus);
  if (r.averages.others.size > 0) {
    avgRow('other topics (macro)', r.averages.others);
    avgRow('all topics (macro)', r.averages.all);
  }
  const q = ratios(r.averages.focus);
  lines.push(
    `ROUGE-2 on the ${r.focusName}: sitrep = ${q.vsBaseline.toFixed(2)} x best baseline (${q.baseline}), ` +
      `${(q.vsOracle * 100).toFixed(0)}% of the oracle.`,
  );
  if (r.averages.others.size > 0) {
    const o = ratios(r.averages.others);
    lines.push(`ROUGE-2 on the other topics: sitrep = ${o.vsBaseline.toFixed(2)} x best baseline (${o.baseline}), ${(o.vsOracle * 100).toFixed(0)}% of the oracle.`);
  }
  if (r.emptyInstances > 0) lines.push(`${r.emptyInstances} dates have no article in their window and score 0 for every system.`);
  lines.push('');
  lines.push(...formatTimelines(r));
  lines.push(...formatContexts(r.contexts, r.focus));
  lines.push(...formatAnswers(r.answers));
  lines.push('Story tracking (one store with every topic; precision/recall against folder labels)');
  lines.push(['story'.padEnd(16), 'tracked as'.padEnd(48), 'matched', 'relevant', 'precision', 'recall', 'false positives by folder label'].join('  '));
  for (const t of r.tracking) {
    const as = [t.story.name, ...t.story.aliases].map((x) => (x.includes(' ') ? `"${x}"` : x)).join(' ');
    const fp = Object.entries(t.falsePositives).sort((a, b) => b[1] - a[1]).map(([l, n]) => `${l} ${n}`).join(', ');
    lines.push([pad(t.label, 16), pad(as, 48), String(t.matched).padStart(7), String(t.relevant).padStart(8), f3(t.precision).padStart(9), f3(t.recall).padStart(6), fp || '-'].join('  '));
  }
  return lines.join('\n');
}

/** One JSONL line per (system, topic, date), for independent re-scoring. */
export function toJsonl(results: readonly DailyResult[]): string {
  return results
    .map((r) => JSON.stringify({ system: r.system, topic: r.topic, date: r.date, summary: r.summary, references: r.references }))
    .join('\n') + (results.length ? '\n' : '');
}
