import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { App } from '../../src/app.ts';
import { rankAnswerPassages } from '../../src/briefing/answer-ranking.ts';
import { summaryLimits } from '../../src/briefing/summary-limits.ts';
import { mentionedDays } from '../../src/core/dates.ts';
import { canonicalNumber, numberValues } from '../../src/core/numbers.ts';
import { createExtractiveSummarizer } from '../../src/summarize/extractive-summarizer.ts';
import { createContextPacker, type ContextPacker } from './context-pack.ts';
import { QUESTIONS, type EvalQuestion, type Expected } from './questions.ts';

/**
 * The answer task: every question of the question set asked of the store holding its topic's articles, the way `ask`
 * ranks and writes (extractive engine, three bullets at most), with answer types on (`answers`, the product) and off
 * (`passages`, the ranking before them). Scored by whether the expected answer is in the first bullet and in any
 * bullet, and whether it is in the context the LLM engine would be sent (`context`: the context-restricted oracle).
 */

/** The two rankings compared. */
export const ANSWER_SYSTEMS = ['passages', 'answers'] as const;

/** One question's outcome for one system. */
export interface AnswerResult {
  /** `passages` or `answers`. */
  system: (typeof ANSWER_SYSTEMS)[number];
  /** Topic folder. */
  topic: string;
  /** The question. */
  question: string;
  /** The expected answer, as written in the set. */
  expected: string;
  /** The bullets written. */
  bullets: string[];
  /** The answer is in the first bullet. */
  first: boolean;
  /** The answer is in some bullet. */
  any: boolean;
  /** The answer is in the packed LLM context. */
  inContext: boolean;
  /** Tokens of the packed context (passages and source list). */
  contextTokens: number;
  /** Tokens of the whole LLM request (prompt and context). */
  inputTokens: number;
}

/** How an expected answer reads in reports. */
export function describeExpected(e: Expected): string {
  if ('date' in e) return e.date;
  if ('number' in e) return canonicalNumber(e.number);
  const any = e.entity.any?.join(' | ') ?? '';
  const all = e.entity.all?.join(' & ') ?? '';
  return [all, any].filter(Boolean).join(' ; ');
}

function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

/**
 * Whether a text states the expected answer. A date counts when the text names that day, resolved against the
 * publication day of the article it comes from ("on Friday" in a Saturday article is the day before); a figure when
 * any of its values equals the expected one ("20bn" is 20 and 20,000,000,000).
 */
export function answerIn(e: Expected, text: string, publishedAt: readonly Date[]): boolean {
  if ('date' in e) {
    const want = Date.parse(`${e.date}T00:00:00Z`);
    return text.includes(e.date) || publishedAt.some((p) => mentionedDays(text, p).includes(want));
  }
  if ('number' in e) return numberValues(text).has(canonicalNumber(e.number));
  const { any, all } = e.entity;
  return (!any || any.some((n) => mentions(text, n))) && (!all || all.every((n) => mentions(text, n)));
}

/** The questions of a topic, or none. */
export function questionsOf(topic: string): EvalQuestion[] {
  return QUESTIONS.filter((x) => x.topic === topic);
}

/** The seed folder beside a Timeline17 data folder (`../seed`), when present. */
export function seedFolder(data: string): string | null {
  const dir = join(dirname(data), 'seed');
  return existsSync(dir) ? dir : null;
}

/** Answers one topic's questions from an app that holds (only) its articles in workspace `eval`. */
export async function runAnswerTopic(app: App, topic: string, packer?: ContextPacker): Promise<AnswerResult[]> {
  const pack = packer ?? (await createContextPacker());
  const summarizer = createExtractiveSummarizer();
  const out: AnswerResult[] = [];
  for (const item of questionsOf(topic)) {
    for (const system of ANSWER_SYSTEMS) {
      const ranked = await rankAnswerPassages(app.store, 'eval', item.question, { from: new Date(0), to: new Date(8.64e15) }, 40, summaryLimits(), {
        answerTypes: system === 'answers',
      });
      const written =
        ranked.developments.length === 0
          ? { bullets: [] }
          : await summarizer.summarize({
              kind: 'answer',
              workspace: 'eval',
              subject: item.question,
              window: { from: new Date(0), to: new Date(8.64e15) },
              developments: ranked.developments,
              articles: ranked.articles,
              maxBullets: 3,
              minBullets: 1,
            });
      const dates = (ids: readonly number[]): Date[] =>
        ids.map((id) => ranked.articles.get(id)?.publishedAt).filter((d): d is Date => d !== undefined);
      const hits = written.bullets.map((b) => answerIn(item.expect, b.text, dates(b.articleIds)));
      const context = pack('answer', item.question, ranked.developments, ranked.articles);
      out.push({
        system,
        topic,
        question: item.question,
        expected: describeExpected(item.expect),
        bullets: written.bullets.map((b) => b.text),
        first: hits[0] === true,
        any: hits.some(Boolean),
        inContext: context.lines.some((l) => answerIn(item.expect, l.text, dates([l.articleId]))),
        contextTokens: context.tokens,
        inputTokens: context.inputTokens,
      });
    }
  }
  return out;
}

/** Accuracy of one system: shares of questions answered in the first bullet, in any bullet, in the context. */
export function answerAccuracy(results: readonly AnswerResult[], system: string): { n: number; first: number; any: number; context: number } {
  const rs = results.filter((r) => r.system === system);
  const share = (f: (r: AnswerResult) => boolean): number => (rs.length ? rs.filter(f).length / rs.length : 0);
  return { n: rs.length, first: share((r) => r.first), any: share((r) => r.any), context: share((r) => r.inContext) };
}
