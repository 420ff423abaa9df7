import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { briefJson, briefReply } from '../../src/chat/brief-reply.ts';
import { renderMarkdown } from '../../src/chat/markdown-renderer.ts';
import { UserError } from '../../src/core/errors.ts';
import { completion, dataBlock, startFakeOpenAi, type ChatBody, type FakeOpenAi } from '../fakes/fake-openai-server.ts';
import { buildSqliteApp } from '../helpers/sqlite-app.ts';
import { fixedClock } from '../helpers/app.ts';
import { digestCommand } from '../../commands/digest.ts';
import { languageCommand } from '../../commands/language.ts';
import { coerceOptions } from '../../commands/parse.ts';
import { renderMarkdown as md } from '../../src/chat/markdown-renderer.ts';
import { createRecordingPublisher, sectionBullets } from '../helpers/digests.ts';
import { khartoumArticles, llmApp, withKhartoum, type LlmTestOptions } from '../helpers/llm-app.ts';
import { silentLogger } from '../../src/core/logger.ts';

const NOW = '2025-11-20T12:00:00Z';
const clock = fixedClock(NOW);

let fake: FakeOpenAi;
let app: App | undefined;

async function setup(options: LlmTestOptions = {}): Promise<App> {
  return (app = await withKhartoum(llmApp(fake, clock.now, options), clock.now()));
}

/** Whether the request asked for the translated shape (statements with their source wording). */
function asksForSourceWording(body: ChatBody): boolean {
  return JSON.stringify(body.response_format?.json_schema?.schema ?? {}).includes('source_text');
}

/**
 * A "translator" that prefixes each passage it restates (keeping its figures) and gives the passage itself as the
 * source wording; `tamper` may change the translation, the source wording or both.
 */
function translatedBrief(
  body: ChatBody,
  tamper: (item: { text: string; source_text?: string; citations: number[] }, i: number) => object = (x) => x,
): string {
  const { passages } = dataBlock(body);
  // The passage with a figure first (the arrests of 61), then the others in order.
  const chosen = [...passages.filter((p) => /\d/.test(p.text)).slice(0, 1), ...passages.filter((p) => !/\d/.test(p.text))].slice(0, 3);
  return JSON.stringify({
    headline: `En bref : ${chosen[0]!.text}`,
    headline_source: chosen[0]!.text,
    bullets: chosen.map((p, i) => tamper({ text: `En français : ${p.text}`, source_text: p.text, citations: [p.n] }, i)),
  });
}

const briefFr = (a: App, extra: { language?: string } = { language: 'fr' }) =>
  a.services.briefing.brief({ workspace: 'local', subject: 'khartoum', ...extra });

beforeEach(async () => {
  clock.set(NOW);
  fake = await startFakeOpenAi((req) => ({ json: completion(translatedBrief(req.body)) }));
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await fake.close();
});

describe('briefs written in another language than their sources, checked through the source wording', () => {
  it('asks for the language and the source wording, and keeps a faithful translation with its citations', async () => {
    const a = await setup();
    const b = await briefFr(a);
    const req = fake.requests[0]!.body;
    expect(asksForSourceWording(req)).toBe(true);
    const schema = JSON.stringify(req.response_format!.json_schema!.schema);
    expect(schema).toContain('"headline_source"');
    expect(req.messages[0]!.content).toMatch(/Write every "text" and the headline in French/);
    expect(b.engine).toBe('llm:fake-model');
    expect(b.language).toBe('fr');
    expect(b.bullets).toHaveLength(3);
    expect(b.verification).toMatchObject({ bullets: 3, dropped: 0, unsupportedNumbers: 0, flagged: 0 });
    for (const bullet of b.bullets) {
      expect(bullet.text).toMatch(/^En français : /);
      expect(bullet.unverified).toBeUndefined();
      // The source wording is kept beside the translation, and it is what the cited article says.
      const [stored] = await a.store.getArticles('local', [b.sources[bullet.citations[0]! - 1]!.articleId]);
      expect(stored!.body).toContain(bullet.original);
    }
    expect(b.headline).toMatch(/^En bref : /);
    const json = briefJson(b);
    expect(json.language).toBe('fr');
    expect((json.bullets as { original?: string }[])[0]!.original).toBe(b.bullets[0]!.original);
    expect(renderMarkdown(briefReply(b))).toContain('En français : ');
  });

  it('flags a translation whose figures differ from its source wording, and drops it under the strict policy', async () => {
    const changed = (x: { text: string; source_text?: string; citations: number[] }) => ({ ...x, text: x.text.replace(/\b61\b/, '16') });
    fake.handle((req) => ({ json: completion(translatedBrief(req.body, changed)) }));
    const b = await briefFr(await setup());
    const tampered = b.bullets.find((x) => x.text.includes('16'));
    expect(tampered, 'the passage with "61" is among the first three').toBeDefined();
    expect(tampered!.unverified).toBe(true);
    expect(tampered!.problems!.join(' ')).toMatch(/the translation has 16, which its source wording does not/);
    expect(b.verification!.flagged).toBe(1);
    await app!.close();

    const strict = await setup({ unverifiedPolicy: 'strict' });
    const s = await briefFr(strict);
    expect(s.bullets.some((x) => x.text.includes('16'))).toBe(false);
    expect(s.bullets.some((x) => x.original?.includes('61'))).toBe(false);
    expect(s.verification!.dropped).toBe(1);
  });

  it('flags a translation far shorter than its source wording as a claim, not a figure', async () => {
    const short = (x: { text: string; source_text?: string; citations: number[] }, i: number) => (i === 1 ? { ...x, text: 'Tout va bien.' } : x);
    fake.handle((req) => ({ json: completion(translatedBrief(req.body, short)) }));
    const b = await briefFr(await setup());
    const flagged = b.bullets.find((x) => x.text === 'Tout va bien.');
    expect(flagged?.unverified).toBe(true);
    expect(flagged!.problems).toContain('the translation is much shorter than its source wording');
    expect(b.verification).toMatchObject({ unsupportedNumbers: 0, unsupportedClaims: 1, flagged: 1 });
  });

  it('drops statements without source wording or with source wording the passages do not hold', async () => {
    const tamper = (x: { text: string; source_text?: string; citations: number[] }, i: number) =>
      i === 0
        ? { text: x.text, citations: x.citations }
        : i === 1
          ? { ...x, source_text: 'Rebels seized the airport and shot down two helicopters over Omdurman.' }
          : x;
    fake.handle((req) => ({ json: completion(translatedBrief(req.body, tamper)) }));
    const b = await briefFr(await setup());
    expect(b.engine).toBe('llm:fake-model');
    expect(b.bullets).toHaveLength(1);
    expect(b.bullets[0]!.unverified).toBeUndefined();
    expect(b.verification!.dropped).toBe(2);
    expect(b.bullets.some((x) => /airport|aéroport/.test(x.text + (x.original ?? '')))).toBe(false);
  });

  it('does not trust a translated headline without its source wording: the first bullet heads the brief', async () => {
    fake.handle((req) => {
      const out = JSON.parse(translatedBrief(req.body)) as Record<string, unknown>;
      delete out['headline_source'];
      return { json: completion(JSON.stringify(out)) };
    });
    const b = await briefFr(await setup());
    expect(b.headline).toBe(b.bullets[0]!.text);
  });

  it('falls back to the extractive engine when nothing translated can be checked, and says it is not in French', async () => {
    fake.handle((req) => ({ json: completion(translatedBrief(req.body, (x) => ({ text: x.text, citations: x.citations }))) }));
    const b = await briefFr(await setup());
    expect(b.engine).toBe('extractive');
    expect(b.notes.join(' ')).toMatch(/failed the citation checks/);
    expect(b.notes.join(' ')).toMatch(/Not in French: the extractive summary written instead quotes the articles as they are written/);
  });

  it('caches each language apart, and asks for the plain shape when no language is asked for', async () => {
    const a = await setup();
    await briefFr(a);
    // The same statements, untranslated.
    fake.handle((req) => {
      const fr = JSON.parse(translatedBrief(req.body)) as { bullets: { source_text: string; citations: number[] }[] };
      return { json: completion(JSON.stringify({ headline: 'x', bullets: fr.bullets.map((b) => ({ text: b.source_text, citations: b.citations })) })) };
    });
    // The brief history keeps what the French brief showed in the sources' wording, so that what changed since is
    // told the same way whatever language the next brief is in.
    const record = await a.store.lastBrief('local', 'khartoum', 'brief', '');
    expect(record!.shown!.bullets.length).toBe(3);
    for (const b of record!.shown!.bullets) expect(b.text).not.toMatch(/^En français/);
    const plain = await briefFr(a, {});
    expect(plain.changes?.newBullets).toEqual([]);
    expect(fake.requests).toHaveLength(2);
    expect(asksForSourceWording(fake.requests[1]!.body)).toBe(false);
    expect(fake.requests[1]!.body.messages[0]!.content).toMatch(/Write each statement in the language of the sources it cites/);
    expect(plain.language).toBeUndefined();
    expect(plain.bullets.every((x) => x.original === undefined)).toBe(true);
    const again = await briefFr(a);
    expect(fake.requests).toHaveLength(2);
    expect(again.llm!.cached).toBe(true);
    expect(again.bullets[0]!.text).toMatch(/^En français : /);
  });

  it('asks no translation when the sources are already in the language asked for', async () => {
    const b = await briefFr(await setup(), { language: 'English' });
    expect(asksForSourceWording(fake.requests[0]!.body)).toBe(false);
    expect(b.language).toBe('en');
  });

  it('answers a French question in French by default', async () => {
    fake.handle((req) => {
      const p = dataBlock(req.body).passages.find((x) => /61/.test(x.text))!;
      return { json: completion(JSON.stringify({ covered: true, sentences: [{ text: `La police a arrêté 61 manifestants à Khartoum [${p.n}].`, source_text: p.text, citations: [p.n] }] })) };
    });
    const a = await setup();
    const b = await a.services.briefing.answer({ workspace: 'local', question: 'Combien de manifestants la police a-t-elle arrêtés à Khartoum ?' });
    expect(asksForSourceWording(fake.requests[0]!.body)).toBe(true);
    expect(b.engine).toBe('llm:fake-model');
    expect(b.bullets[0]!.text).toBe('La police a arrêté 61 manifestants à Khartoum.');
    expect(b.bullets[0]!.original).toMatch(/Police arrested 61 protesters in Khartoum/);
    expect(b.headline).toBe(b.bullets[0]!.text);
  });

  it('says "not covered" in the language of the answer', async () => {
    fake.handle(() => ({ json: completion(JSON.stringify({ covered: false, sentences: [] })) }));
    const a = await setup();
    const b = await a.services.briefing.answer({ workspace: 'local', question: 'Pourquoi les manifestants de Khartoum ont-ils marché ?', language: 'de' });
    expect(b.headline).toBe('Die gespeicherten Artikel behandeln das nicht.');
    expect(b.language).toBe('de');
  });
});

describe('a channel that chooses its language', () => {
  const run = (a: App, words: string[], channel: { platform: string; id: string } | null = { platform: 'slack', id: 'C1' }) =>
    languageCommand.run(coerceOptions(languageCommand, words.length ? { language: words.join(' ') } : {}), {
      workspace: 'local',
      user: { id: 'U1' },
      ...(channel ? { channel } : {}),
      services: a.services,
    });

  it('writes briefs and answers shown in that channel in its language, unless asked otherwise', async () => {
    const a = await setup();
    expect(md(await run(a, []))).toMatch(/written in the language of their sources/);
    expect(md(await run(a, ['français']))).toMatch(/now written in French by the LLM engine/);
    expect(md(await run(a, []))).toMatch(/written in French \(fr\)/);
    const here = await a.services.briefing.brief({ workspace: 'local', subject: 'khartoum', scope: 'slack:C1' });
    expect(here.language).toBe('fr');
    expect(asksForSourceWording(fake.requests.at(-1)!.body)).toBe(true);
    expect(here.bullets[0]!.text).toMatch(/^En français : /);
    // Another channel, and the same channel with an explicit language, are not written in French.
    const elsewhere = await a.services.briefing.brief({ workspace: 'local', subject: 'khartoum', scope: 'slack:C2' });
    expect(elsewhere.language).toBeUndefined();
    const english = await a.services.briefing.brief({ workspace: 'local', subject: 'khartoum', scope: 'slack:C1', language: 'en' });
    expect(english.language).toBe('en');
    const answer = await a.services.briefing.answer({ workspace: 'local', question: 'How many protesters were arrested in Khartoum?', scope: 'slack:C1' });
    expect(answer.language).toBe('fr');
    expect(md(await run(a, ['off']))).toMatch(/language of their sources again/);
    expect(await a.services.briefing.channelLanguage('local', 'slack:C1')).toBeNull();
  });

  it('refuses an unknown language, changing nothing; without a channel it sets what the terminal reads', async () => {
    const a = await setup();
    await run(a, ['de']);
    await expect(run(a, ['klingon'])).rejects.toThrow('"klingon" is not a language Sitrep writes in.');
    expect(await a.services.briefing.channelLanguage('local', 'slack:C1')).toBe('de');
    await run(a, ['es'], null);
    expect(await a.services.briefing.channelLanguage('local', '')).toBe('es');
    expect((await a.services.briefing.brief({ workspace: 'local', subject: 'khartoum', scope: '' })).language).toBe('es');
    // A brief with no place at all (an MCP tool call) reads no setting.
    expect((await a.services.briefing.brief({ workspace: 'local', subject: 'khartoum' })).language).toBeUndefined();
  });
});

describe('a digest written in another language', () => {
  async function digestIn(a: App, language: string | undefined) {
    const publisher = createRecordingPublisher();
    a.publishers.register(publisher);
    const { subscription } = await a.services.digests!.add({
      workspace: 'local',
      channel: { platform: 'console', id: 'ops' },
      stories: ['khartoum'],
      schedule: 'daily 11:00',
      timeZone: 'UTC',
      by: 't',
      language,
    });
    return { publisher, id: subscription.id };
  }

  it('keeps the language with the subscription, writes each run in it, and remembers what it said in the sources\' words', async () => {
    const a = await setup();
    const { publisher, id } = await digestIn(a, 'French');
    const listing = await a.services.digests!.list('local');
    expect(listing[0]!.subscription.language).toBe('fr');
    const outcome = await a.services.digests!.run({ workspace: 'local', id });
    expect(outcome.status).toBe('posted');
    expect(asksForSourceWording(fake.requests.at(-1)!.body)).toBe(true);
    const bullets = sectionBullets(publisher.posts[0]!.reply)['khartoum']!;
    expect(bullets.length).toBeGreaterThan(0);
    for (const text of bullets) expect(text).toMatch(/^En français : /);
    // The run ledger holds the checked source wording, which is what later digests compare new bullets with.
    const said = (await a.digestStore.recentPostedStories(id, 5)).flatMap((r) => r.bullets);
    expect(said.length).toBe(bullets.length);
    for (const text of said) expect(text).not.toMatch(/^En français/);
    expect(said.some((t) => /Police arrested 61 protesters/.test(t))).toBe(true);
  });

  it("added in a channel without a language of its own, takes the channel's; off keeps the sources' own", async () => {
    const a = await setup();
    const channel = { platform: 'console' as const, id: 'ops' };
    const ctx = { workspace: 'local', user: { id: 'U1' }, channel, services: a.services };
    await languageCommand.run(coerceOptions(languageCommand, { language: 'es' }), ctx);
    const add = (at: string, extra: Record<string, unknown> = {}) =>
      digestCommand.run(coerceOptions(digestCommand, { action: 'add', target: `daily ${at}`, stories: 'khartoum', tz: 'UTC', ...extra }), ctx);
    const inherited = await add('11:00');
    expect(md(inherited)).toMatch(/, in Spanish, posted to console:ops/);
    expect((await add('12:00', { language: 'off' })).data).toMatchObject({ language: null });
    expect((await add('13:00', { language: 'de' })).data).toMatchObject({ language: 'de' });
    // A channel without a language gets a digest in the sources' language.
    const other = await digestCommand.run(coerceOptions(digestCommand, { action: 'add', target: 'daily 11:00', stories: 'khartoum' }), {
      ...ctx,
      channel: { platform: 'console', id: 'desk' },
    });
    expect((other.data as { language: unknown }).language).toBeNull();
    expect((await a.services.digests!.list('local')).map((l) => l.subscription.language)).toEqual(['es', null, 'de', null]);
  });

  it('refuses an unknown language when the digest is added', async () => {
    const a = await setup();
    await expect(digestIn(a, 'xx')).rejects.toThrow('"xx" is not a language Sitrep writes in.');
    expect(await a.services.digests!.list('local')).toEqual([]);
  });

  it('without an LLM, the digest quotes the articles and says it cannot translate', async () => {
    app = await withKhartoum(buildSqliteApp({ dbPath: ':memory:', clock: clock.now, logger: silentLogger }), clock.now());
    const { publisher, id } = await digestIn(app, 'es');
    await app.services.digests!.run({ workspace: 'local', id });
    const md = renderMarkdown(publisher.posts[0]!.reply, { plain: true });
    // Said once, for the whole digest.
    expect(md.match(/Not in Spanish: the extractive engine quotes the articles as they are written and cannot translate/g)).toHaveLength(1);
    expect(md).toMatch(/^- .*bread prices.* \[\d\]/m);
  });
});

describe('the language option without an LLM, and bad values', () => {
  it('the extractive engine quotes the articles and says it cannot translate', async () => {
    app = buildSqliteApp({ dbPath: ':memory:', clock: clock.now, logger: silentLogger });
    await app.importer.importArticles('local', khartoumArticles(clock.now()));
    const b = await app.services.briefing.brief({ workspace: 'local', subject: 'khartoum', language: 'français' });
    expect(b.engine).toBe('extractive');
    expect(b.language).toBe('fr');
    expect(b.bullets.length).toBeGreaterThan(0);
    expect(b.notes).toContain(
      'Not in French: the extractive engine quotes the articles as they are written and cannot translate. With an LLM configured (OPENAI_API_KEY or OPENAI_BASE_URL) this is written in French.',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a language it does not know, naming the ones it does, and stores nothing', async () => {
    const a = await setup();
    const err = await briefFr(a, { language: 'klingon' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('"klingon" is not a language Sitrep writes in.');
    expect((err as UserError).hint).toMatch(/Use one of: en \(English\), fr \(French\), .*ru \(Russian\)\./);
    expect(fake.requests).toHaveLength(0);
    expect(await a.store.lastBrief('local', 'khartoum', 'brief', '')).toBeNull();
  });
});
