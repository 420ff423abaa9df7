import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../src/adapters/console/console-chat.ts';
import type { App } from '../../src/app.ts';
import { buildSqliteApp } from '../helpers/sqlite-app.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { demoArticles, DEMO_STORIES } from '../../src/ingest/files/demo-corpus.ts';
import { createExtractiveSummarizer } from '../../src/summarize/extractive-summarizer.ts';
import type { Summarizer } from '../../src/summarize/summarizer.ts';
import { message, type Place } from '../fakes/discord-payloads.ts';
import { deliver, SlackFake } from '../fakes/slack-fake.ts';
import { fixedClock } from '../helpers/app.ts';
import { createRecordingPublisher } from '../helpers/digests.ts';
import { CHANNEL_A, completed, embedText, GUILD_A, MEMBER, PERM, startHarness, type Harness } from '../helpers/discord-harness.ts';
import { blockText, captureLogger, dmEvent, eventEnvelope, SECRET, slashForm, startSlack, type SlackHarness } from '../helpers/slack.ts';

// One request whose summarizer throws must be that request's apology, logged with its reference id; the next request
// on the same running adapter is answered as usual. The summarizer throws synchronously (not even a rejected promise)
// for anything about Sudan, and works for everything else.
const NOW = '2025-11-20T12:00:00Z';
const clock = fixedClock(NOW);

function sudanBreaks(): Summarizer {
  const real = createExtractiveSummarizer();
  return {
    name: 'flaky',
    summarize(input) {
      if (/sudan/i.test(input.subject)) throw new TypeError("Cannot read properties of undefined (reading 'text')");
      return real.summarize(input);
    },
  };
}

async function demoApp(workspace: string, logger = silentLogger): Promise<App> {
  const app = buildSqliteApp({ dbPath: ':memory:', clock: clock.now, logger, summarizer: sudanBreaks() });
  await app.importer.importArticles(workspace, demoArticles(clock.now()));
  for (const s of DEMO_STORIES) await app.services.stories.track({ workspace, ...s, by: 'test' });
  return app;
}

const apology = /Sorry, something went wrong on our side \(reference ([a-z0-9]{8})\)/;

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('a failing request never stops serve from answering the next one', () => {
  it('Slack: slash commands and DMs', async () => {
    const fake = await new SlackFake().start();
    fake.addBot({ token: 'xoxb-one', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' });
    const app = await demoApp('slack:T1');
    const slack: SlackHarness = await startSlack(fake, app, { clock: clock.now, settings: { botToken: 'xoxb-one' } });
    cleanup.push(() => fake.stop(), () => app.close(), () => slack.stop());

    await deliver(slack.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: 'sudan', responseId: 'bad' }) });
    const bad = blockText((await fake.waitForResponse((r) => r.id === 'bad')).body['blocks']);
    const ref = apology.exec(bad)?.[1];
    expect(ref).toBeDefined();
    expect(bad).not.toMatch(/Cannot read/);
    expect(slack.logger.lines.some((l) => l.level === 'error' && (l.obj as { ref?: string }).ref === ref)).toBe(true);
    await deliver(slack.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: 'syria', responseId: 'good' }) });
    expect(blockText((await fake.waitForResponse((r) => r.id === 'good')).body['blocks'])).toMatch(/Nasib/);

    await deliver(slack.endpoint, SECRET, { json: eventEnvelope({ eventId: 'Ev1', event: dmEvent({ text: 'brief sudan', ts: '1.1' }) }) });
    await slack.adapter.idle();
    expect(JSON.stringify(fake.callsOf('chat.update').at(-1)?.args ?? fake.callsOf('chat.postMessage').at(-1)?.args)).toMatch(apology);
    await deliver(slack.endpoint, SECRET, { json: eventEnvelope({ eventId: 'Ev2', event: dmEvent({ text: 'brief syria', ts: '1.2' }) }) });
    await slack.adapter.idle();
    expect(JSON.stringify(fake.callsOf('chat.update').at(-1)?.args)).toMatch(/Nasib/);
  });

  it('Discord: slash commands and mentions', async () => {
    const h: Harness = await startHarness({ summarizer: sudanBreaks() });
    cleanup.push(() => h.close());
    const inA = { guildId: GUILD_A, channelId: CHANNEL_A, userId: MEMBER, permissions: PERM.sendMessages };
    const bad = h.interact(inA, 'brief', [{ name: 'story', type: 3, value: 'sudan' }]);
    const badText = JSON.stringify((await completed(h, bad.token, 'POST')).map((r) => r.body));
    expect(badText).toMatch(apology);
    const good = h.interact(inA, 'brief', [{ name: 'story', type: 3, value: 'syria' }]);
    expect(embedText((await completed(h, good.token)).at(-1)!.body)).toMatch(/Nasib/);

    const place: Place = { guildId: GUILD_A, channelId: CHANNEL_A, userId: MEMBER };
    const say = async (content: string) => {
      const m = message(place, `<@${h.fake.botUser.id}> ${content}`, undefined, [h.fake.botUser]);
      h.fake.dispatch('MESSAGE_CREATE', m.payload);
      return h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_A}/messages` && r.body?.message_reference?.message_id === m.id);
    };
    expect(JSON.stringify((await say('brief sudan')).body)).toMatch(apology);
    expect(embedText((await say('brief syria')).body)).toMatch(/Nasib/);
  });

  it('the console chat', async () => {
    const logger = captureLogger();
    const app = await demoApp('local');
    cleanup.push(() => app.close());
    const input = new PassThrough();
    let out = '';
    const done = runConsoleChat({ commands: app.commands, services: app.services, workspace: 'local', logger, input, output: { write: (s: string) => (out += s) }, interactive: false });
    input.end(['/brief sudan', '/brief syria'].join('\n'));
    await done;
    const ref = apology.exec(out)?.[1];
    expect(ref).toBeDefined();
    expect(logger.lines.some((l) => l.level === 'error' && (l.obj as { ref?: string }).ref === ref)).toBe(true);
    expect(out.slice(out.indexOf(ref!))).toMatch(/Nasib/);
  });

  it('scheduled digests: one digest failing to build is recorded, the next one posts', async () => {
    const app = await demoApp('local');
    cleanup.push(() => app.close());
    const publisher = createRecordingPublisher();
    app.publishers.register(publisher);
    const digests = app.services.digests!;
    const channel = { platform: 'console', id: 'console' };
    const sudan = await digests.add({ workspace: 'local', channel, stories: ['sudan'], schedule: 'daily 08:00', timeZone: 'UTC', by: 'test' });
    const syria = await digests.add({ workspace: 'local', channel, stories: ['syria'], schedule: 'daily 09:00', timeZone: 'UTC', by: 'test' });
    const slot = new Date('2025-11-20T08:00:00Z');
    const failed = await app.digestRunner.runSlot(sudan.subscription, slot, 'manual');
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.detail).toMatch(/Building failed/);
    const posted = await app.digestRunner.runSlot(syria.subscription, new Date('2025-11-20T09:00:00Z'), 'manual');
    expect(posted).toMatchObject({ status: 'posted' });
    expect(publisher.posts).toHaveLength(1);
  });
});
