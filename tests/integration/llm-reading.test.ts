import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { apiError, dataBlock, startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai-server.ts';
import { behaviour, type OfferedItem } from '../fakes/llm-behaviours.ts';
import { fixedClock } from '../helpers/app.ts';
import { llmApp } from '../helpers/llm-app.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';
import { buildSqliteApp } from '../helpers/sqlite-app.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { SENTENCE_BUDGET } from '../../src/core/developments.ts';
import { candidateSentences } from '../../src/core/sentences.ts';

// The LLM engine reads the articles deeper than the extractive one (summarizer.ts, LLM_READING); when the model fails,
// its fallback must still write what the extractive engine writes, from the default reading.
const clock = fixedClock('2011-02-03T12:00:00Z');
const apps: App[] = [];
let fake: FakeOpenAi | undefined;
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  await fake?.close();
  fake = undefined;
});

async function withEgypt<A extends App>(app: A): Promise<A> {
  apps.push(app);
  await app.importer.importPaths('local', [shared('timeline17', 'EgyptianProtest_cnn')]);
  return app;
}

const request = { workspace: 'local', subject: 'egypt protests', since: '2011-01-31', until: '2011-02-03' };

describe.skipIf(!hasSharedData)(`LLM reading depth on EgyptianProtest_cnn${SKIP_REASON}`, () => {
  it('sends the model passages from deeper in the articles, and falls back to the extractive brief unchanged', async () => {
    const extractive = await withEgypt(buildSqliteApp({ dbPath: ':memory:', clock: clock.now, logger: silentLogger }));
    const plain = await extractive.services.briefing.brief(request);
    expect(plain.engine).toBe('extractive');
    expect(plain.bullets.length).toBe(7);

    fake = await startFakeOpenAi(() => ({ status: 500, json: apiError('the model is down') }));
    const llm = await withEgypt(llmApp(fake, clock.now, { maxRetries: 0 }));
    const fallen = await llm.services.briefing.brief(request);
    expect(fallen.engine).toBe('extractive');
    expect(fallen.notes.some((n) => /extractive summary/.test(n))).toBe(true);
    expect(fallen.bullets.map((b) => b.text)).toEqual(plain.bullets.map((b) => b.text));

    // What the model was sent: passages that the default reading never ranks, past the first
    // min(25, 1,000 / articles) sentences of every article that holds them.
    const sent = dataBlock(fake.requests[0]!.body).passages.map((p) => p.text);
    const hits = await extractive.store.recentArticles('local', { from: new Date('2011-01-31'), to: new Date('2011-02-04'), limit: 10_000 });
    const articles = await extractive.store.getArticles('local', hits.map((h) => h.id));
    const defaultDepth = Math.max(6, Math.min(25, Math.floor(SENTENCE_BUDGET / articles.length)));
    const first = new Map<string, number>();
    for (const a of articles) {
      candidateSentences(a.id, a.body, 1_000, a.title).forEach((c, i) => first.set(c.text, Math.min(i, first.get(c.text) ?? i)));
    }
    const deepOnly = sent.filter((t) => (first.get(t) ?? -1) >= defaultDepth);
    expect(deepOnly.length).toBeGreaterThan(0);
  });

  it('spreads the deeper candidates over the same events, so a faithful model writes as many bullets as the extractive engine', async () => {
    const extractive = await withEgypt(buildSqliteApp({ dbPath: ':memory:', clock: clock.now, logger: silentLogger }));
    const plain = await extractive.services.briefing.brief(request);
    const offered: OfferedItem[] = [];
    fake = await startFakeOpenAi(behaviour('faithful', offered));
    const llm = await withEgypt(llmApp(fake, clock.now));
    const written = await llm.services.briefing.brief(request);
    expect(written.engine).toBe('llm:fake-model');
    expect(offered.length).toBe(plain.bullets.length);
    expect(written.bullets.length).toBe(plain.bullets.length);
    expect(written.bullets.every((b) => b.unverified !== true)).toBe(true);
  });
});
