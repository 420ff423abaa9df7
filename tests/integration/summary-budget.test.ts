import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { buildSqliteApp } from '../helpers/sqlite-app.ts';
import { BudgetExceededError, createDeadline } from '../../src/core/deadline.ts';
import { rankDevelopments } from '../../src/core/developments.ts';
import type { NewArticle } from '../../src/core/article.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { capForSummary, MAX_SUMMARY_BODY_CHARS } from '../../src/briefing/summary-limits.ts';
import { createOpenAiChatClient } from '../../src/summarize/llm-client.ts';
import { createOpenAiClient } from '../../src/summarize/openai-factory.ts';
import { loadPrompts } from '../../src/summarize/prompts.ts';
import { briefFromRequest, completion, startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai-server.ts';
import { fixedClock } from '../helpers/app.ts';
import { khartoumArticles, PROMPTS_DIR } from '../helpers/llm-app.ts';

const NOW = '2025-11-20T12:00:00Z';
const clock = fixedClock(NOW);

/** A monotonic clock the test moves by hand; `tick` is added on every reading, like CPU time passing. */
function manualMonotonic(tick = 0): { now: () => number; advance(ms: number): void } {
  let t = 1_000;
  return {
    now: () => (t += tick),
    advance(ms) {
      t += ms;
    },
  };
}

/** Many distinct reports on one story, so ranking has real work to do. */
function manyArticles(n: number): NewArticle[] {
  const places = ['Khartoum', 'Omdurman', 'Port Sudan', 'El Fasher', 'Kassala', 'Nyala', 'Wad Madani', 'Atbara'];
  return Array.from({ length: n }, (_, i) => ({
    url: `https://wire.example/sudan/${i}`,
    title: `Sudan report ${i} from ${places[i % places.length]}`,
    source: `Wire ${i % 7}`,
    publishedAt: new Date(Date.parse(NOW) - (i + 1) * 60_000),
    language: 'en',
    body: Array.from(
      { length: 6 },
      (_, k) => `Officials in ${places[(i + k) % places.length]} said on Tuesday that ${i * 7 + k} families in Sudan had received aid in report ${i}.`,
    ).join('\n\n'),
  }));
}

let app: App | undefined;
let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  await fake?.close();
  fake = undefined;
});

async function extractiveApp(limits: { timeoutMs: number; now: () => number }, articles: NewArticle[]): Promise<App> {
  app = buildSqliteApp({ dbPath: ':memory:', clock: clock.now, logger: silentLogger, summaryLimits: limits });
  await app.importer.importArticles('local', articles);
  await app.services.stories.track({ workspace: 'local', name: 'sudan', aliases: [], by: 'test' });
  return app;
}

async function llmBackedApp(limits: { timeoutMs: number; now: () => number }, llmTimeoutMs = 30_000): Promise<App> {
  const client = createOpenAiClient({ apiKey: 'test-key', baseUrl: fake!.url, timeoutMs: llmTimeoutMs, maxRetries: 0 }, silentLogger);
  app = buildSqliteApp({
    dbPath: ':memory:',
    clock: clock.now,
    logger: silentLogger,
    summaryLimits: limits,
    llm: {
      chat: createOpenAiChatClient({ client, model: 'fake-model', logger: silentLogger, tokenLimitParam: 'max_tokens' }),
      prompts: loadPrompts(PROMPTS_DIR),
      timeoutMs: llmTimeoutMs,
      inputTokenBudget: 6000,
      unverifiedPolicy: 'drop',
    },
  });
  await app.importer.importArticles('local', khartoumArticles(clock.now()));
  await app.services.stories.track({ workspace: 'local', name: 'khartoum', aliases: [], by: 'test' });
  return app;
}

describe('the time budget of the summarizing step', () => {
  it('stops ranking cooperatively: a synchronous loop notices the deadline and raises our error', () => {
    const mono = manualMonotonic(1);
    const articles = manyArticles(60).map((a, i) => ({ ...a, id: i + 1 }));
    const deadline = createDeadline(200, mono.now);
    let caught: unknown;
    try {
      rankDevelopments(articles, { deadline });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BudgetExceededError);
    expect(caught).toMatchObject({ code: 'summary.over_budget', budgetMs: 200 });
    // The same ranking without a deadline finishes.
    expect(rankDevelopments(articles).length).toBeGreaterThan(10);
  });

  it('fails a brief, a timeline and an answer that run past it with a clear message, and answers within it', async () => {
    const mono = manualMonotonic(5);
    const a = await extractiveApp({ timeoutMs: 500, now: mono.now }, manyArticles(80));
    const req = { workspace: 'local', subject: 'sudan', since: '7d' };
    for (const run of [() => a.services.briefing.brief(req), () => a.services.briefing.timeline(req), () => a.services.briefing.answer({ workspace: 'local', question: 'how many families in Sudan received aid?' })]) {
      const err = await run().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(BudgetExceededError);
      expect((err as Error).message).toBe('Writing this summary took longer than its 500 ms limit, so it was stopped.');
    }
    await a.close();
    const roomy = await extractiveApp({ timeoutMs: 1_000_000, now: manualMonotonic(5).now }, manyArticles(80));
    expect((await roomy.services.briefing.brief(req)).bullets.length).toBeGreaterThan(0);
  });

  it('cuts what a summary reads of a huge article at a word boundary, and leaves normal articles alone', () => {
    const [small] = manyArticles(1).map((x, i) => ({ ...x, id: i + 1, workspace: 'local', ingestedAt: new Date(NOW), contentHash: 'h' }));
    const huge = { ...small!, id: 2, body: 'word '.repeat(MAX_SUMMARY_BODY_CHARS) };
    const capped = capForSummary(new Map([[1, small!], [2, huge]]));
    expect(capped.get(1)).toBe(small);
    const body = capped.get(2)!.body;
    expect(body.length).toBeLessThanOrEqual(MAX_SUMMARY_BODY_CHARS);
    expect(body.length).toBeGreaterThan(MAX_SUMMARY_BODY_CHARS - 10);
    expect(body.endsWith('word')).toBe(true);
    // A pair of UTF-16 halves is never split.
    const emoji = { ...small!, id: 3, body: '\u{1F600}'.repeat(MAX_SUMMARY_BODY_CHARS) };
    const cut = capForSummary(new Map([[3, emoji]])).get(3)!.body;
    expect(cut.length % 2).toBe(0);
    expect(/[\uD800-\uDBFF]$/.test(cut)).toBe(false);
  });

  it('falls back to the extractive brief when the LLM step uses its share, saying so', async () => {
    const mono = manualMonotonic();
    // The server's answer arrives 19 s into a 20 s budget: past the LLM's share (20 s less 2 s for the fallback).
    fake = await startFakeOpenAi((req) => {
      mono.advance(19_000);
      return { json: completion(briefFromRequest(req.body)) };
    });
    const a = await llmBackedApp({ timeoutMs: 20_000, now: mono.now });
    const b = await a.services.briefing.brief({ workspace: 'local', subject: 'khartoum' });
    expect(b.engine).toBe('extractive');
    expect(b.notes).toContain('LLM unavailable (timeout during verification); extractive summary.');
    expect(b.bullets.length).toBeGreaterThan(0);
  });

  it('fails the request when not even the fallback fits in what is left', async () => {
    const mono = manualMonotonic();
    fake = await startFakeOpenAi((req) => {
      mono.advance(25_000);
      return { json: completion(briefFromRequest(req.body)) };
    });
    const a = await llmBackedApp({ timeoutMs: 20_000, now: mono.now });
    await expect(a.services.briefing.brief({ workspace: 'local', subject: 'khartoum' })).rejects.toMatchObject({ code: 'summary.over_budget' });
  });

  it('gives a stalled LLM only its share of the budget on the real clock', async () => {
    fake = await startFakeOpenAi(() => ({ hang: true }));
    const a = await llmBackedApp({ timeoutMs: 1_600, now: () => performance.now() });
    const started = performance.now();
    const b = await a.services.briefing.brief({ workspace: 'local', subject: 'khartoum' });
    const took = performance.now() - started;
    expect(b.engine).toBe('extractive');
    expect(b.notes.some((n) => n.startsWith('LLM unavailable (timeout'))).toBe(true);
    // The LLM's own timeout is 30 s here: only the request's budget can have ended it this early.
    expect(took).toBeLessThan(10_000);
  });

  it('skips the LLM when too little time is left for it', async () => {
    fake = await startFakeOpenAi();
    // A 300 ms budget keeps a quarter for the fallback: 225 ms is below what an LLM request is worth.
    const tight = await llmBackedApp({ timeoutMs: 300, now: manualMonotonic().now });
    const b = await tight.services.briefing.brief({ workspace: 'local', subject: 'khartoum' });
    expect(b.engine).toBe('extractive');
    expect(b.notes).toContain('Too little of the time limit was left for the LLM; extractive summary.');
    expect(fake.requests.length).toBe(0);
  });
});
