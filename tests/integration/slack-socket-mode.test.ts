import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { demoArticles, DEMO_STORIES } from '../../src/ingest/files/demo-corpus.ts';
import { SlackFake } from '../fakes/slack-fake.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { blockText, dmEvent, eventEnvelope, slashForm, startSlack, type SlackHarness } from '../helpers/slack.ts';

const NOW = '2025-11-20T12:00:00Z';
const BOT = { token: 'xoxb-socket-bot', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' };
const APP_TOKEN = 'xapp-1-A1-socket-app-token';

describe('Slack over Socket Mode (real Bolt against a loopback WebSocket)', () => {
  const clock = fixedClock(NOW);
  let fake: SlackFake;
  let app: App;
  let slack: SlackHarness;

  beforeEach(async () => {
    fake = await new SlackFake().start();
    fake.addBot(BOT);
    app = memoryApp(clock.now);
    await app.importer.importArticles('slack:T1', demoArticles(clock.now()));
    for (const s of DEMO_STORIES) await app.services.stories.track({ workspace: 'slack:T1', ...s, by: 'test' });
    slack = await startSlack(fake, app, {
      clock: clock.now,
      settings: { botToken: BOT.token, appToken: APP_TOKEN, signingSecret: undefined },
    });
    await fake.waitForSocket();
  });
  afterEach(async () => {
    await slack.stop();
    await fake.stop();
    await app.close();
  });

  it('connects with the app-level token and answers a slash command envelope', async () => {
    expect(slack.info).toMatchObject({ mode: 'socket', workspaces: 'single', teamId: 'T1' });
    expect(fake.callsOf('apps.connections.open')[0]?.token).toBe(APP_TOKEN);
    fake.sendEnvelope({
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: slashForm(fake, { command: '/brief', text: 'syria since:7d', responseId: 's1' }),
    });
    const ack = await fake.waitForSocketMessage((m) => m['envelope_id'] === 'env-1');
    expect(ack['payload']).toMatchObject({ response_type: 'ephemeral' });
    expect(String((ack['payload'] as { text: string }).text)).toMatch(/Working on \/brief/);
    const post = await fake.waitForResponse((r) => r.id === 's1');
    expect(post.body['response_type']).toBe('in_channel');
    expect(blockText(post.body['blocks'])).toMatch(/<https:\/\/demo\.sitrep\.invalid\/[a-z-]+\|\[1\]>/);
  });

  it('acks an Events API envelope and answers the DM', async () => {
    fake.sendEnvelope({
      envelope_id: 'env-2',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: eventEnvelope({ eventId: 'EvSock', event: dmEvent({ text: 'stories', ts: '1763640000.000500' }) }),
    });
    await fake.waitForSocketMessage((m) => m['envelope_id'] === 'env-2');
    const call = await fake.waitForCall('chat.update');
    expect(call.token).toBe(BOT.token);
    expect(call.args['channel']).toBe('D1');
    expect(blockText(call.args['blocks'])).toMatch(/syria/);
    // The same envelope retried (Socket Mode puts the retry count in the envelope) is acked but not answered again.
    fake.sendEnvelope({
      envelope_id: 'env-3',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 1,
      retry_reason: 'timeout',
      payload: eventEnvelope({ eventId: 'EvSock', event: dmEvent({ text: 'stories', ts: '1763640000.000500' }) }),
    });
    await fake.waitForSocketMessage((m) => m['envelope_id'] === 'env-3');
    await slack.logger.waitFor('duplicate slack event ignored');
    await slack.adapter.idle();
    expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(fake.callsOf('chat.update')).toHaveLength(1);
  });
});
