import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandServices } from '../../commands/command.ts';
import type { App } from '../../src/app.ts';
import { demoArticles, DEMO_STORIES } from '../../src/ingest/files/demo-corpus.ts';
import { deliver, slackSignature, SlackFake } from '../fakes/slack-fake.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { blockText, dmEvent, eventEnvelope, SECRET, slashForm, startSlack, type SlackHarness } from '../helpers/slack.ts';

const NOW = '2025-11-20T12:00:00Z';
const WS = 'slack:T1';
const BOT = { token: 'xoxb-team-one-secret', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' };

describe('Slack over HTTP (real Bolt against a loopback Slack)', () => {
  const clock = fixedClock(NOW);
  let fake: SlackFake;
  let app: App;
  let slack: SlackHarness | undefined;

  beforeEach(async () => {
    fake = await new SlackFake().start();
    fake.addBot(BOT);
    app = memoryApp(clock.now);
    await app.importer.importArticles(WS, demoArticles(clock.now()));
    for (const s of DEMO_STORIES) await app.services.stories.track({ workspace: WS, ...s, by: 'test' });
  });
  afterEach(async () => {
    await slack?.stop();
    slack = undefined;
    await fake.stop();
    await app.close();
  });

  const start = async (settings: Parameters<typeof startSlack>[2]['settings'] = {}, services?: CommandServices) => {
    slack = await startSlack(fake, app, { clock: clock.now, settings: { botToken: BOT.token, ...settings }, ...(services ? { services } : {}) });
    return slack;
  };

  /** The app's services with a timeline that fails with an unexpected (non-user) error. */
  const timelineOnFire = (): CommandServices => ({
    ...app.services,
    briefing: {
      ...app.services.briefing,
      timeline: async () => {
        throw new Error('database is on fire');
      },
    },
  });

  it('acks a signed /brief before the brief is written, then posts cited blocks to response_url', async () => {
    // The brief waits for a gate the test opens only after the ack arrived: the ack cannot depend on the slow work.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let briefStarted = false;
    const services: CommandServices = {
      ...app.services,
      briefing: {
        ...app.services.briefing,
        brief: async (req) => {
          briefStarted = true;
          await gate;
          return app.services.briefing.brief(req);
        },
      },
    };
    const s = await start({}, services);
    expect(s.info).toMatchObject({ mode: 'http', workspaces: 'single', teamId: 'T1' });

    const res = await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: 'syria since:7d', responseId: 'r1' }) });
    expect(res.status).toBe(200);
    const ack = (await res.json()) as { response_type: string; text: string };
    expect(ack).toMatchObject({ response_type: 'ephemeral' });
    expect(ack.text).toMatch(/Working on \/brief/);
    expect(fake.responses).toHaveLength(0);

    open();
    const post = await fake.waitForResponse((r) => r.id === 'r1');
    expect(briefStarted).toBe(true);
    expect(post.body['response_type']).toBe('in_channel');
    const expected = await app.services.briefing.brief({ workspace: WS, subject: 'syria', since: '7d' });
    const text = blockText(post.body['blocks']);
    expect(expected.sources.length).toBeGreaterThan(1);
    for (const src of expected.sources) {
      expect(text).toContain(`<${src.url}|[${src.n}]>`);
    }
    const blocks = post.body['blocks'] as { type: string }[];
    expect(blocks[0]).toMatchObject({ type: 'header' });
    expect(blocks.filter((b) => b.type === 'section').length).toBeGreaterThanOrEqual(expected.bullets.length);
    expect(text).toContain('extractive engine');
  });

  it('answers 401 to a forged signature or a stale timestamp, and runs nothing', async () => {
    const s = await start();
    const form = { form: slashForm(fake, { command: '/stories', text: '', responseId: 'forged' }) };
    const forged = await deliver(s.endpoint, SECRET, form, { signature: slackSignature('wrong-secret', Math.floor(Date.now() / 1000), 'x') });
    expect(forged.status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const old = await deliver(s.endpoint, SECRET, form, { timestamp: stale });
    expect(old.status).toBe(401);
    // The same request, correctly signed now, works: the 401s were about the signature, not the payload.
    const ok = await deliver(s.endpoint, SECRET, form);
    expect(ok.status).toBe(200);
    const post = await fake.waitForResponse((r) => r.id === 'forged');
    expect(fake.responses).toHaveLength(1);
    expect(post.body['response_type']).toBe('ephemeral');
    expect(blockText(post.body['blocks'])).toMatch(/syria/);
  });

  it('answers Slack\'s URL verification challenge and the health check', async () => {
    const s = await start();
    const res = await deliver(s.endpoint, SECRET, { json: { token: 'x', type: 'url_verification', challenge: 'c-123' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-123' });
    const health = await fetch(`${s.base}/health`);
    expect(await health.text()).toBe('ok');
  });

  it('answers a bad command line with the usage, in the ack itself', async () => {
    const s = await start();
    const res = await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: '', responseId: 'u1' }) });
    const ack = (await res.json()) as { response_type: string; blocks: unknown };
    expect(ack.response_type).toBe('ephemeral');
    expect(blockText(ack.blocks)).toMatch(/Missing story/);
    expect(blockText(ack.blocks)).toMatch(/Usage: brief &lt;story or search words&gt;/);
    const quoted = await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: '"sudan ceasefire', responseId: 'u2' }) });
    expect(blockText(((await quoted.json()) as { blocks: unknown }).blocks)).toMatch(/Unclosed quote/);
    expect(fake.responses).toHaveLength(0);
    // A command Slack still routes here but this version does not have gets a clear answer, not a timeout.
    const unknown = await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/retired', text: 'list', responseId: 'u3' }) });
    expect(unknown.status).toBe(200);
    expect(((await unknown.json()) as { text: string }).text).toMatch(/no \/retired command\. Its commands: \/brief, \/ask/);
  });

  it('shows a UserError as itself and anything else as an apology with a logged reference id', async () => {
    const s = await start({}, timelineOnFire());
    await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: 'atlantis', responseId: 'e1' }) });
    const userError = await fake.waitForResponse((r) => r.id === 'e1');
    expect(userError.body['response_type']).toBe('ephemeral');
    expect(blockText(userError.body['blocks'])).toMatch(/No stored articles match \\"atlantis\\"/);

    await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/timeline', text: 'syria', responseId: 'e2' }) });
    const apology = await fake.waitForResponse((r) => r.id === 'e2');
    const text = blockText(apology.body['blocks']);
    expect(text).not.toMatch(/on fire/);
    const ref = /reference ([a-z0-9]{8})/.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(s.logger.lines.some((l) => l.level === 'error' && (l.obj as { ref?: string }).ref === ref)).toBe(true);
  });

  it('answers a DM question in its thread: a placeholder at once, then the answer in its place', async () => {
    const s = await start();
    const res = await deliver(s.endpoint, SECRET, {
      json: eventEnvelope({
        eventId: 'Ev1',
        event: dmEvent({ text: 'what is happening at the Jordan border?', ts: '1763640100.000200', threadTs: '1763640000.000100' }),
      }),
    });
    expect(res.status).toBe(200);
    const update = await fake.waitForCall('chat.update');
    await s.adapter.idle();
    const [placeholder, ...more] = fake.callsOf('chat.postMessage');
    expect(more).toHaveLength(0);
    expect(placeholder?.token).toBe(BOT.token);
    expect(placeholder?.args).toMatchObject({ channel: 'D1', thread_ts: '1763640000.000100', text: ':hourglass_flowing_sand: Working on your question…' });
    expect(fake.calls.indexOf(placeholder!)).toBeLessThan(fake.calls.indexOf(update));
    const [posted] = fake.messagesIn('D1');
    expect(fake.callsOf('chat.update')).toHaveLength(1);
    expect(update.token).toBe(BOT.token);
    expect(update.args).toMatchObject({ channel: 'D1', ts: posted?.ts });
    expect(blockText(update.args['blocks'])).toMatch(/Nasib|Jordan/);
    expect(String(update.args['text'])).not.toMatch(/Working on/);
    expect(fake.messagesIn('D1')).toHaveLength(1);
    expect(fake.callsOf('chat.delete')).toHaveLength(0);
  });

  it('posts the answer as a new reply in the thread when the placeholder cannot be updated, and deletes the placeholder', async () => {
    fake.script('chat.update', { error: 'cant_update_message' });
    const s = await start();
    await deliver(s.endpoint, SECRET, {
      json: eventEnvelope({ eventId: 'EvNoUpdate', event: dmEvent({ text: 'brief syria', ts: '1763640110.000200', threadTs: '1763640000.000100' }) }),
    });
    const deleted = await fake.waitForCall('chat.delete');
    await s.adapter.idle();
    const [placeholder, answer, ...more] = fake.callsOf('chat.postMessage');
    expect(more).toHaveLength(0);
    expect(placeholder?.args['text']).toBe(':hourglass_flowing_sand: Working on /brief…');
    expect(fake.callsOf('chat.update')).toHaveLength(1);
    expect(answer?.args).toMatchObject({ channel: 'D1', thread_ts: '1763640000.000100' });
    expect(blockText(answer?.args['blocks'])).toMatch(/Brief: syria/);
    expect(fake.calls.indexOf(answer!)).toBeLessThan(fake.calls.indexOf(deleted));
    // What stays in the DM is the answer alone.
    expect(fake.messagesIn('D1').map((m) => blockText(m.blocks))).toEqual([blockText(answer?.args['blocks'])]);
    expect(deleted.args).toMatchObject({ channel: 'D1' });
  });

  it('replaces the placeholder with the apology when the command fails, and answers without one when it cannot be posted', async () => {
    const s = await start({}, timelineOnFire());
    await deliver(s.endpoint, SECRET, { json: eventEnvelope({ eventId: 'EvFail', event: dmEvent({ text: 'timeline syria', ts: '1763640120.000200' }) }) });
    const update = await fake.waitForCall('chat.update');
    await s.adapter.idle();
    expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(blockText(update.args['blocks'])).toMatch(/reference [a-z0-9]{8}/);
    expect(blockText(update.args['blocks'])).not.toMatch(/on fire/);

    fake.script('chat.postMessage', { error: 'internal_error' });
    await deliver(s.endpoint, SECRET, { json: eventEnvelope({ eventId: 'EvNoPlaceholder', event: dmEvent({ text: 'stories', ts: '1763640130.000200' }) }) });
    await s.logger.waitFor('slack placeholder could not be posted');
    const answer = await fake.waitForCall('chat.postMessage', (c) => c.args['blocks'] !== undefined && /syria/.test(blockText(c.args['blocks'])));
    await s.adapter.idle();
    expect(fake.callsOf('chat.postMessage')).toHaveLength(3);
    expect(fake.callsOf('chat.update')).toHaveLength(1);
    expect(fake.callsOf('chat.delete')).toHaveLength(0);
    expect(answer.args['channel']).toBe('D1');
  });

  it('answers an event delivered twice (Slack retry headers) once, with one placeholder', async () => {
    const s = await start();
    const envelope = eventEnvelope({ eventId: 'EvRetry', event: dmEvent({ text: 'brief syria', ts: '1763640200.000300' }) });
    await deliver(s.endpoint, SECRET, { json: envelope });
    await fake.waitForCall('chat.postMessage');
    const retry = await deliver(s.endpoint, SECRET, { json: envelope }, { retryNum: 1 });
    expect(retry.status).toBe(200);
    const again = await deliver(s.endpoint, SECRET, { json: envelope }, { retryNum: 2 });
    expect(again.status).toBe(200);
    await s.logger.waitFor('duplicate slack event ignored', 2);
    await s.adapter.idle();
    expect(fake.callsOf('chat.postMessage').map((c) => c.args['text'])).toEqual([':hourglass_flowing_sand: Working on /brief…']);
    expect(fake.callsOf('chat.update')).toHaveLength(1);
    expect(fake.messagesIn('D1')).toHaveLength(1);
    expect(s.logger.lines.filter((l) => l.msg === 'duplicate slack event ignored')).toHaveLength(2);
  });

  it('runs a command typed without the slash after a mention, and ignores bots, edits and other subtypes', async () => {
    const s = await start();
    const ignored = [
      { ...dmEvent({ text: 'brief syria', ts: '1.2' }), bot_id: 'B9' },
      { ...dmEvent({ text: 'brief syria', ts: '1.3' }), subtype: 'message_changed' },
      { ...dmEvent({ text: 'brief syria', ts: '1.4' }), subtype: 'bot_message' },
      { ...dmEvent({ text: 'brief syria', ts: '1.5' }), edited: { user: 'U1', ts: '1.6' } },
      { type: 'app_mention', channel: 'C7', user: 'U1', text: '<@UBOT1> brief syria', ts: '1.7', bot_id: 'B9' },
    ];
    for (const [i, event] of ignored.entries()) {
      await deliver(s.endpoint, SECRET, { json: eventEnvelope({ eventId: `EvIgnored${i}`, event }) });
    }
    await s.logger.waitFor('slack message ignored', ignored.length);
    await deliver(s.endpoint, SECRET, {
      json: eventEnvelope({
        eventId: 'EvMention',
        event: { type: 'app_mention', channel: 'C7', user: 'U1', text: '<@UBOT1> brief syria', ts: '1763640300.000400' },
      }),
    });
    const call = await fake.waitForCall('chat.update');
    await s.adapter.idle();
    const [placeholder, ...more] = fake.callsOf('chat.postMessage');
    expect(more).toHaveLength(0);
    expect(placeholder?.args['channel']).toBe('C7');
    expect(placeholder?.args['thread_ts']).toBeUndefined();
    expect(call.args['channel']).toBe('C7');
    expect((call.args['blocks'] as { type: string; text?: { text: string } }[])[0]?.text?.text).toMatch(/^Brief: syria/);

    // Help asked in a channel goes to the asker only.
    await deliver(s.endpoint, SECRET, {
      json: eventEnvelope({ eventId: 'EvHelp', event: { type: 'app_mention', channel: 'C7', user: 'U1', text: '<@UBOT1> help', ts: '1.8' } }),
    });
    const help = await fake.waitForCall('chat.postEphemeral');
    expect(help.args).toMatchObject({ channel: 'C7', user: 'U1' });
    expect(blockText(help.args['blocks'])).toMatch(/\/brief &lt;story or search words&gt;/);
    // Help is answered at once: no placeholder.
    await s.adapter.idle();
    expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('restricts /track to admins when configured, with a clear refusal, and lets an admin through', async () => {
    fake.admins.add('UADMIN');
    const s = await start({ allowChanges: { everyone: false, admins: true, userIds: [] } });
    await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/track', text: 'yemen houthi', user: 'UPLAIN', responseId: 't1' }) });
    const refused = await fake.waitForResponse((r) => r.id === 't1');
    expect(refused.body['response_type']).toBe('ephemeral');
    expect(blockText(refused.body['blocks'])).toMatch(/Only workspace admins and owners can use \/track in this workspace/);
    expect((await app.services.stories.list(WS)).map((x) => x.name)).not.toContain('yemen');

    await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/track', text: 'yemen houthi', user: 'UADMIN', responseId: 't2' }) });
    const done = await fake.waitForResponse((r) => r.id === 't2');
    expect(done.body['response_type']).toBe('in_channel');
    expect(blockText(done.body['blocks'])).toMatch(/Now tracking \\"yemen\\"/);
    expect((await app.services.stories.list(WS)).map((x) => x.name)).toContain('yemen');
    // Read-only commands stay open to everyone.
    await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/stories', text: '', user: 'UPLAIN', responseId: 't3' }) });
    expect(blockText((await fake.waitForResponse((r) => r.id === 't3')).body['blocks'])).toMatch(/yemen/);
  });

  it('escapes mentions and broadcasts written inside articles', async () => {
    await app.importer.importArticles(WS, [
      {
        url: 'https://example.org/a?x=1&y=2',
        title: 'Oil depot fire <!channel> alert',
        source: 'Wire <@U999>',
        publishedAt: new Date('2025-11-20T08:00:00Z'),
        language: 'en',
        body: 'A fire broke out at the Qatif oil depot on Thursday, <!here> officials said. <@U123> and <!subteam^S1> were notified & <#C42> too.\n\nFirefighters contained the Qatif fire by noon, officials said.',
      },
    ]);
    const s = await start();
    await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: 'qatif since:7d', responseId: 'x1' }) });
    const post = await fake.waitForResponse((r) => r.id === 'x1');
    const text = blockText(post.body['blocks']) + String(post.body['text']);
    expect(text).toMatch(/Qatif/);
    for (const raw of ['<!channel>', '<!here>', '<@U123>', '<@U999>', '<!subteam^S1>', '<#C42>']) expect(text).not.toContain(raw);
    expect(text).toContain('&lt;!here&gt;');
    expect(text).toContain('&lt;@U123&gt;');
    expect(text).toContain('<https://example.org/a?x=1&amp;y=2|[1]>');
  });

  it('never logs a token', async () => {
    const s = await start();
    await deliver(s.endpoint, SECRET, { json: eventEnvelope({ eventId: 'EvLog', event: dmEvent({ text: 'brief syria', ts: '2.1' }) }) });
    await fake.waitForCall('chat.postMessage');
    await s.adapter.idle();
    expect(s.logger.lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(s.logger.lines)).not.toContain(BOT.token);
  });
});
