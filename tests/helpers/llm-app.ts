import { resolve } from 'node:path';
import type { NewArticle } from '../../src/core/article.ts';
import type { App, AppOptions } from '../../src/app.ts';
import { buildSqliteApp } from './sqlite-app.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createOpenAiChatClient } from '../../src/summarize/llm-client.ts';
import { createOpenAiClient } from '../../src/summarize/openai-factory.ts';
import { loadPrompts } from '../../src/summarize/prompts.ts';
import type { FakeOpenAi } from '../fakes/fake-openai-server.ts';
import { ROOT } from './shared-data.ts';

/** The bundled prompt folder. */
export const PROMPTS_DIR = resolve(ROOT, 'prompts');

/** Settings a test may change. */
export type LlmTestOptions = Partial<NonNullable<AppOptions['llm']>> & { maxRetries?: number; model?: string };

/** An in-memory app whose summaries come from the real openai SDK talking to the fake server. */
export function llmApp(fake: FakeOpenAi, now: () => Date, options: LlmTestOptions = {}): App {
  const { maxRetries = 1, model = 'fake-model', ...llm } = options;
  const timeoutMs = llm.timeoutMs ?? 10_000;
  const client = createOpenAiClient({ apiKey: 'test-key', baseUrl: fake.url, timeoutMs, maxRetries }, silentLogger);
  return buildSqliteApp({
    dbPath: ':memory:',
    clock: now,
    logger: silentLogger,
    llm: {
      chat: createOpenAiChatClient({ client, model, logger: silentLogger, tokenLimitParam: 'max_tokens' }),
      prompts: loadPrompts(PROMPTS_DIR),
      timeoutMs,
      inputTokenBudget: 6000,
      unverifiedPolicy: 'drop',
      price: { inputPerMillion: 0.4, outputPerMillion: 1.6 },
      ...llm,
    },
  });
}

/** Imports {@link khartoumArticles} into an app and tracks the story "khartoum". */
export async function withKhartoum<A extends App>(app: A, now: Date): Promise<A> {
  await app.importer.importArticles('local', khartoumArticles(now));
  await app.services.stories.track({ workspace: 'local', name: 'khartoum', aliases: [], by: 'test' });
  return app;
}

/** Four reports about one event; the first says 61 protesters were arrested. */
export function khartoumArticles(now: Date): NewArticle[] {
  const at = (h: number): Date => new Date(now.getTime() - h * 3_600_000);
  return [
    {
      url: 'https://wire-a.example/khartoum-arrests',
      title: 'Police arrest 61 protesters in Khartoum',
      source: 'Wire A',
      publishedAt: at(2),
      language: 'en',
      body: 'Police arrested 61 protesters in Khartoum on Tuesday after a march against rising bread prices, officials said.\n\nThe protesters had gathered outside the central bank before security forces dispersed them with tear gas.',
    },
    {
      url: 'https://wire-b.example/khartoum-march',
      title: 'Khartoum bread march broken up with tear gas',
      source: 'Wire B',
      publishedAt: at(3),
      language: 'en',
      body: 'Security forces used tear gas to break up a march in Khartoum against rising bread prices on Tuesday, witnesses said.\n\nOrganisers said they would march again on Friday if prices were not cut.',
    },
    {
      url: 'https://wire-c.example/khartoum-bank',
      title: 'Protest at Khartoum central bank',
      source: 'Wire C',
      publishedAt: at(4),
      language: 'en',
      body: 'Hundreds of people protested outside the central bank in Khartoum against the price of bread, which has doubled since June.\n\nThe government blamed the rise on the cost of imported wheat.',
    },
    {
      url: 'https://wire-d.example/khartoum-wheat',
      title: 'Khartoum says wheat imports drive bread prices',
      source: 'Wire D',
      publishedAt: at(5),
      language: 'en',
      body: 'The government in Khartoum said on Tuesday that the cost of imported wheat had pushed bread prices up, and promised subsidies for bakeries.\n\nOfficials did not say when the subsidies would begin.',
    },
  ];
}
