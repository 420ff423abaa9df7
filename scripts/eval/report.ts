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

/** The stdout report: the daily-summary table per topic and averaged, the ratios, and the story-tracking table. */
export function formatReport(r: EvalReport): string {
  const lines: string[] = [];
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
