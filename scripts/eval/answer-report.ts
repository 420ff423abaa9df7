import { answerAccuracy, ANSWER_SYSTEMS, type AnswerResult } from './answer-task.ts';
import { quantile, type ContextResult } from './context-task.ts';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const f3 = (x: number): string => x.toFixed(3);

/** The answer-task table: accuracy before (passages) and after (answers) answer types, and the context's share. */
export function formatAnswers(answers: readonly AnswerResult[]): string[] {
  if (answers.length === 0) return [];
  const lines = ['Answers: questions whose expected answer is in the first bullet / in any bullet / in the packed LLM context'];
  lines.push(['ranking'.padEnd(12), 'questions', 'first bullet', 'any bullet', 'LLM context', 'context tokens p50 / p95'].join('  '));
  for (const system of ANSWER_SYSTEMS) {
    const a = answerAccuracy(answers, system);
    const tokens = answers.filter((r) => r.system === system).map((r) => r.inputTokens);
    lines.push(
      [
        system.padEnd(12),
        String(a.n).padStart(9),
        pct(a.first).padStart(12),
        pct(a.any).padStart(10),
        pct(a.context).padStart(11),
        `${quantile(tokens, 0.5)} / ${quantile(tokens, 0.95)}`.padStart(24),
      ].join('  '),
    );
  }
  lines.push('');
  return lines;
}

/** The brief-context table: what of the references and of the oracle the packed LLM context holds, and its size. */
export function formatContexts(contexts: readonly ContextResult[], focus: readonly string[]): string[] {
  if (contexts.length === 0) return [];
  const lines = ['LLM context of briefs: per (topic, date), the passages packed within the input token budget'];
  lines.push(
    ['topic'.padEnd(32), 'dates', 'R-2 recall', 'context oracle', 'oracle', 'ratio', 'oracle bigrams', 'tokens p50 / p95'].join('  '),
  );
  const row = (label: string, rs: readonly ContextResult[]): string => {
    const mean = (f: (r: ContextResult) => number): number => rs.reduce((s, r) => s + f(r), 0) / Math.max(1, rs.length);
    const oracle = mean((r) => r.oracle);
    const tokens = rs.map((r) => r.inputTokens);
    return [
      label.padEnd(32),
      String(rs.length).padStart(5),
      f3(mean((r) => r.recall2)).padStart(10),
      f3(mean((r) => r.contextOracle)).padStart(14),
      f3(oracle).padStart(6),
      (oracle > 0 ? pct(mean((r) => r.contextOracle) / oracle) : '-').padStart(5),
      pct(mean((r) => r.oracleBigrams)).padStart(14),
      `${quantile(tokens, 0.5)} / ${quantile(tokens, 0.95)}`.padStart(16),
    ].join('  ');
  };
  const topics = [...new Set(contexts.map((c) => c.topic))];
  for (const t of topics) lines.push(row(`${t}${focus.includes(t) ? ' *' : ''}`, contexts.filter((c) => c.topic === t)));
  const inFocus = contexts.filter((c) => focus.includes(c.topic));
  if (inFocus.length > 0 && inFocus.length < contexts.length) lines.push(row('* focus topics (pooled)', inFocus));
  lines.push(row('all dates (pooled)', contexts));
  lines.push('Goal: the context oracle at least 90% of the unrestricted oracle at no more than 6,000 input tokens.');
  lines.push('');
  return lines;
}
