import type { Article } from '../../src/core/article.ts';
import type { Development } from '../../src/core/developments.ts';
import { terms } from '../../src/core/text.ts';
import { writeSummary } from '../../src/briefing/write-summary.ts';
import { LLM_READING, type Summarizer } from '../../src/summarize/summarizer.ts';
import type { ContextPacker } from './context-pack.ts';
import type { DailyInstance, DailyResult } from './daily-task.ts';
import { ngrams, rougeNMulti, rougeTokens } from './rouge.ts';
import { createOracleSystem, type DailyInput } from './systems.ts';

/**
 * The LLM's context as part of quality: for every (topic, date) instance, the passages the LLM engine would be sent
 * for the brief (the same ranking and spreading as the extractive brief, packed into the input token budget), and
 * (a) ROUGE-2 recall of the references against that context, (b) the oracle restricted to the context's sentences
 * against the unrestricted oracle, (c) the share of the unrestricted oracle summary's bigrams found in the context.
 */

/** One instance's context measures. */
export interface ContextResult {
  /** Topic folder. */
  topic: string;
  /** Day d. */
  date: string;
  /** Passages packed. */
  passages: number;
  /** Tokens of the whole LLM request (prompt and context). */
  inputTokens: number;
  /** ROUGE-2 recall of the references against the packed passages. */
  recall2: number;
  /** ROUGE-2 F1 of the oracle chosen from the packed passages only. */
  contextOracle: number;
  /** ROUGE-2 F1 of the unrestricted oracle. */
  oracle: number;
  /** Share of the unrestricted oracle summary's bigrams present in the packed passages (1 when it has none). */
  oracleBigrams: number;
}

/** The developments writeSummary hands the engine for a brief, captured instead of written. */
async function briefDevelopments(input: DailyInput, articles: Map<number, Article>): Promise<Development[]> {
  let captured: readonly Development[] = [];
  // Read as the LLM engine reads (summarizer.ts, LLM_READING): this measures what that engine is sent.
  const capture: Summarizer = {
    name: 'capture',
    reading: LLM_READING,
    async summarize(req) {
      captured = req.developments;
      return { headline: '', bullets: [], engine: 'capture', notes: [] };
    },
  };
  const from = new Date(`${input.date}T00:00:00Z`);
  await writeSummary(capture, {
    kind: 'brief',
    workspace: 'eval',
    subject: input.story.name,
    terms: terms([input.story.name, ...input.story.aliases].join(' ')),
    window: { from, to: new Date(from.getTime() + 2 * 86_400_000) },
    articles,
    maxBullets: input.budget,
    minBullets: input.budget,
  });
  return [...captured];
}

/** Measures the packed context of every instance with input articles. `scored` holds the unrestricted oracle's results. */
export async function runContextTask(
  instances: readonly DailyInstance[],
  articleOf: (id: number) => Article | undefined,
  pack: ContextPacker,
  scored: readonly DailyResult[],
): Promise<ContextResult[]> {
  const out: ContextResult[] = [];
  for (const inst of instances) {
    const input = inst.input;
    if (input.articles.length === 0) continue;
    const articles = new Map<number, Article>();
    for (const a of input.articles) {
      const full = articleOf(a.id);
      if (full) articles.set(a.id, full);
    }
    const developments = await briefDevelopments(input, articles);
    const packed = pack('brief', input.story.name, developments, articles);
    const contextText = packed.lines.map((l) => l.text).join('\n');
    // The oracle over the context: the same greedy search, its pool the packed passages.
    const pseudo = packed.lines.map((l, i) => ({ id: i + 1, title: '', source: 'context', publishedAt: new Date(0), body: l.text }));
    const restricted = await createOracleSystem(() => inst.references).summarize({ ...input, articles: pseudo });
    const oracleResult = scored.find((r) => r.system === 'oracle' && r.topic === input.topic && r.date === input.date);
    const oracleGrams = ngrams(rougeTokens(oracleResult?.summary ?? ''), 2);
    const contextGrams = ngrams(rougeTokens(contextText), 2);
    let found = 0;
    let total = 0;
    for (const [g, c] of oracleGrams) {
      total += c;
      found += Math.min(c, contextGrams.get(g) ?? 0);
    }
    out.push({
      topic: input.topic,
      date: input.date,
      passages: packed.lines.length,
      inputTokens: packed.inputTokens,
      recall2: rougeNMulti(contextText, inst.references, 2).recall,
      contextOracle: rougeNMulti(restricted.slice(0, input.budget).join('\n'), inst.references, 2).f1,
      oracle: oracleResult?.rouge2 ?? 0,
      oracleBigrams: total > 0 ? found / total : 1,
    });
  }
  return out;
}

/** The q-quantile (nearest rank) of some numbers; 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
