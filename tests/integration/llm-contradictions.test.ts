import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { NewArticle } from '../../src/core/article.ts';
import { completion, startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai-server.ts';
import { behaviour, readContext, type OfferedItem } from '../fakes/llm-behaviours.ts';
import { fixedClock } from '../helpers/app.ts';
import { llmApp } from '../helpers/llm-app.ts';

// Written for this test: two outlets give different counts of the same raids.
const at = new Date('2025-11-18T09:00:00Z');
const reports: NewArticle[] = [
  { url: 'https://north.example/raids', title: 'NATO jets strike Misrata', source: 'North Wire', publishedAt: at, language: 'en', body: 'NATO aircraft flew 61 raids over Misrata on Tuesday, alliance officials said. The strikes hit tanks near the port.' },
  { url: 'https://south.example/raids', title: 'Alliance raids hit Misrata', source: 'South Post', publishedAt: new Date(at.getTime() + 3_600_000), language: 'en', body: 'NATO aircraft flew 85 raids over Misrata on Tuesday, alliance officials said. The strikes hit tanks near the port.' },
];

let fake: FakeOpenAi | undefined;
let app: App | undefined;
const clock = fixedClock('2025-11-18T20:00:00Z');
beforeEach(() => clock.set('2025-11-18T20:00:00Z'));
afterEach(async () => {
  await app?.close();
  await fake?.close();
  app = undefined;
  fake = undefined;
});

async function briefWith(handler: Parameters<typeof startFakeOpenAi>[0]) {
  fake = await startFakeOpenAi(handler);
  app = llmApp(fake, clock.now, { unverifiedPolicy: 'mark' });
  await app.importer.importArticles('w', reports);
  await app.services.stories.track({ workspace: 'w', name: 'misrata', aliases: [], by: 't' });
  return app.services.briefing.brief({ workspace: 'w', subject: 'misrata', since: '2025-11-18' });
}

describe('contradictions with the LLM engine are read on the cited sources, not on what the model wrote', () => {
  it('flags the dispute when the model smooths it into one bullet without a figure', async () => {
    const brief = await briefWith((req) => {
      const ctx = readContext(req.body);
      const both = [...ctx.sources.keys()];
      const bullets = [{ text: 'NATO aircraft flew raids over Misrata on Tuesday, striking tanks near the port.', citations: both }];
      return { json: completion(JSON.stringify({ headline: 'NATO raids over Misrata', bullets })) };
    });
    expect(brief.engine).toBe('llm:fake-model');
    expect(brief.bullets).toHaveLength(1);
    expect(brief.contradictions).toHaveLength(1);
    const values = brief.contradictions![0]!.values;
    const valueOf = (n: number) => values.find((v) => v.citations.includes(n))?.value;
    const byOutlet = new Map(brief.sources.map((s) => [s.source, s.n]));
    expect(valueOf(byOutlet.get('North Wire')!)).toBe('61');
    expect(valueOf(byOutlet.get('South Post')!)).toBe('85');
  });

  it('keeps the values of the sources when an adversarial model changes a figure', async () => {
    const offered: OfferedItem[] = [];
    const brief = await briefWith(behaviour('claims', offered));
    const shown = (brief.contradictions ?? []).flatMap((c) => c.values.map((v) => v.value));
    // Whatever figures the model invented (a changed count, 7,319 evacuated), only the sources' values are shown.
    expect(shown.length).toBeGreaterThan(0);
    for (const v of shown) expect(['61', '85']).toContain(v);
    expect(offered.some((o) => o.label === 'changed-figure' || o.label === 'outside-number')).toBe(true);
  });
});
