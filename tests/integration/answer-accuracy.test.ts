import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { answerAccuracy, questionsOf, runAnswerTopic, type AnswerResult } from '../../scripts/eval/answer-task.ts';
import { createContextPacker } from '../../scripts/eval/context-pack.ts';
import { QUESTIONS } from '../../scripts/eval/questions.ts';
import { buildSqliteApp } from '../helpers/sqlite-app.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';

// The question set over real articles: a Timeline17 folder of each geopolitical story and the seed article.
const TOPICS = ['EgyptianProtest_cnn', 'LibyaWar_cnn', 'seed'];
const results: AnswerResult[] = [];

async function answerTopic(topic: string): Promise<void> {
  const clock = (): Date => new Date('2026-01-01T00:00:00Z');
  const app: App = buildSqliteApp({ dbPath: ':memory:', clock, logger: silentLogger });
  try {
    await app.importer.importPaths('eval', [topic === 'seed' ? shared('seed') : shared('timeline17', topic)]);
    results.push(...(await runAnswerTopic(app, topic, await createContextPacker())));
  } finally {
    await app.close();
  }
}

describe.skipIf(!hasSharedData)(`answers to the question set on real articles${SKIP_REASON}`, () => {
  beforeAll(async () => {
    for (const t of TOPICS) await answerTopic(t);
  }, 120_000);
  afterAll(() => results.splice(0));

  it('has at least 40 questions with expected answers, and asks every one of these topics', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(40);
    for (const t of TOPICS) expect(questionsOf(t).length).toBeGreaterThan(0);
    expect(new Set(results.map((r) => r.question)).size).toBe(TOPICS.reduce((n, t) => n + questionsOf(t).length, 0));
  });

  it('answers more questions in the first bullet than ranking by question words alone, above a floor', () => {
    const before = answerAccuracy(results, 'passages');
    const after = answerAccuracy(results, 'answers');
    // Measured 0.48 first / 0.74 any on these topics (0.41 / 0.63 before); see BENCHMARKS.md for the whole set.
    expect(after.first).toBeGreaterThanOrEqual(0.45);
    expect(after.any).toBeGreaterThanOrEqual(0.7);
    expect(after.first).toBeGreaterThan(before.first);
    expect(after.any).toBeGreaterThanOrEqual(before.any);
  });

  it('sends the LLM a context that holds most answers, within the input token budget', () => {
    const after = answerAccuracy(results, 'answers');
    expect(after.context).toBeGreaterThanOrEqual(0.8);
    for (const r of results) expect(r.inputTokens).toBeLessThanOrEqual(6000);
  });

  it('never opens an answer with a pronoun the reader cannot resolve', () => {
    const dangling = results
      .filter((r) => r.system === 'answers')
      .flatMap((r) => r.bullets)
      .filter((b) => /^(?:He|She|His|Her)\s+\p{Ll}/u.test(b) || /^His comments come as\b/u.test(b));
    expect(dangling).toEqual([]);
  });
});
