import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { ChannelUnavailableError } from '../../src/chat/publisher.ts';
import { textReply } from '../../src/chat/reply.ts';
import { demoArticles, DEMO_STORIES } from '../../src/ingest/files/demo-corpus.ts';
import { deliver, SlackFake, type FakeBot } from '../fakes/slack-fake.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { blockText, dmEvent, eventEnvelope, SECRET, slashForm, startSlack, type SlackHarness } from '../helpers/slack.ts';

const NOW = '2025-11-20T12:00:00Z';
const T1: FakeBot = { token: 'xoxb-one-installed', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' };
const T2: FakeBot = { token: 'xoxb-two-installed', teamId: 'T2', botId: 'B2', botUserId: 'UBOT2' };

/** Runs Slack's OAuth install for one team through the adapter's own /slack/install and /slack/oauth_redirect. */
async function install(base: string, code: string): Promise<Response> {
  const start = await fetch(`${base}/slack/install`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const location = new URL(start.headers.get('location')!);
  expect(location.searchParams.get('scope')).toContain('commands');
  const state = location.searchParams.get('state')!;
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  return fetch(`${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
    headers: { Cookie: cookie },
    redirect: 'manual',
  });
}

describe('Slack with many workspaces (OAuth installs in our database)', () => {
  const clock = fixedClock(NOW);
  let fake: SlackFake;
  let app: App;
  let slack: SlackHarness;

  beforeEach(async () => {
    fake = await new SlackFake().start();
    fake.oauthCodes.set('code-one', T1);
    fake.oauthCodes.set('code-two', T2);
    app = memoryApp(clock.now);
    await app.importer.importArticles('slack:T1', demoArticles(clock.now()));
    for (const s of DEMO_STORIES) await app.services.stories.track({ workspace: 'slack:T1', ...s, by: 'test' });
    await app.importer.importArticles('slack:T2', [
      {
        url: 'https://two.example/qatif',
        title: 'Fire at Qatif oil depot contained',
        source: 'Gulf Wire',
        publishedAt: new Date('2025-11-20T08:00:00Z'),
        language: 'en',
        body: 'Firefighters contained a blaze at the Qatif oil depot on Thursday, officials said.\n\nNo injuries were reported at the Qatif depot.',
      },
    ]);
    await app.services.stories.track({ workspace: 'slack:T2', name: 'qatif', aliases: [], by: 'test' });
    slack = await startSlack(fake, app, {
      clock: clock.now,
      settings: { clientId: 'CID.1', clientSecret: 'client-secret', stateSecret: 'state-secret' },
    });
    expect(slack.info).toMatchObject({ mode: 'http', workspaces: 'multi' });
    expect((await install(slack.base, 'code-one')).status).toBe(200);
    expect((await install(slack.base, 'code-two')).status).toBe(200);
  });
  afterEach(async () => {
    await slack.stop();
    await fake.stop();
    await app.close();
  });

  it('stores each installation with its own bot token', async () => {
    const store = app.stores.slack;
    const one = await store.findInstallation('T:T1');
    expect(JSON.parse(one!.data)).toMatchObject({ team: { id: 'T1' }, bot: { token: T1.token, userId: 'UBOT1', id: 'B1' } });
    expect(await store.findInstallation('T:T2')).not.toBeNull();
    expect(fake.callsOf('oauth.v2.access').map((c) => c.args['code'])).toEqual(['code-one', 'code-two']);
    expect(slack.logger.lines.filter((l) => l.msg === 'slack app installed').map((l) => (l.obj as { workspace: string }).workspace)).toEqual([
      'slack:T1',
      'slack:T2',
    ]);
    expect(JSON.stringify(slack.logger.lines)).not.toMatch(/xoxb-(one|two)-installed/);
  });

  it('keeps every team to its own data: commands, questions and changes', async () => {
    await deliver(slack.endpoint, SECRET, { form: slashForm(fake, { command: '/stories', text: '', team: 'T2', responseId: 'two-stories' }) });
    const stories2 = blockText((await fake.waitForResponse((r) => r.id === 'two-stories')).body['blocks']);
    expect(stories2).toMatch(/qatif/);
    expect(stories2).not.toMatch(/syria|sudan|ukraine/);

    await deliver(slack.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: 'syria', team: 'T2', responseId: 'two-syria' }) });
    const syria2 = blockText((await fake.waitForResponse((r) => r.id === 'two-syria')).body['blocks']);
    expect(syria2).toMatch(/No stored articles match/);
    expect(syria2).not.toMatch(/demo\.sitrep\.invalid|Nasib/);

    await deliver(slack.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: 'syria since:7d', team: 'T1', responseId: 'one-syria' }) });
    expect(blockText((await fake.waitForResponse((r) => r.id === 'one-syria')).body['blocks'])).toMatch(/demo\.sitrep\.invalid/);

    await deliver(slack.endpoint, SECRET, {
      json: eventEnvelope({ team: 'T2', botUserId: 'UBOT2', eventId: 'EvT2', event: dmEvent({ text: 'what happened at the Nasib crossing?', team: 'T2' }) }),
    });
    const dm = await fake.waitForCall('chat.update');
    expect(dm.token).toBe(T2.token);
    expect(fake.callsOf('chat.postMessage').at(-1)?.token).toBe(T2.token);
    expect(blockText(dm.args['blocks'])).not.toMatch(/Nasib crossing to trucks|demo\.sitrep\.invalid/);

    await deliver(slack.endpoint, SECRET, { form: slashForm(fake, { command: '/track', text: 'yemen', team: 'T1', responseId: 'one-track' }) });
    await fake.waitForResponse((r) => r.id === 'one-track');
    expect((await app.services.stories.list('slack:T1')).map((s) => s.name)).toContain('yemen');
    expect((await app.services.stories.list('slack:T2')).map((s) => s.name)).toEqual(['qatif']);
  });

  it('ignores a team that never installed the app', async () => {
    const res = await deliver(slack.endpoint, SECRET, { form: slashForm(fake, { command: '/stories', text: '', team: 'T3', responseId: 'three' }) });
    expect(res.status).toBe(200);
    await slack.logger.waitFor('Authorization of incoming event did not succeed. No listeners will be called.');
    await slack.adapter.idle();
    expect(fake.responses.filter((r) => r.id === 'three')).toHaveLength(0);
  });

  it('posts scheduled replies with the channel workspace token, and forgets a team that uninstalled', async () => {
    const posted = await slack.adapter.publisher.publish({ platform: 'slack', workspace: 'slack:T2', channelId: 'C22' }, textReply('Morning digest', 'public'));
    expect(posted.messageIds).toHaveLength(1);
    expect(fake.callsOf('chat.postMessage').at(-1)).toMatchObject({ token: T2.token, args: { channel: 'C22' } });

    await deliver(slack.endpoint, SECRET, {
      json: eventEnvelope({ team: 'T2', botUserId: 'UBOT2', eventId: 'EvUninstall', event: { type: 'app_uninstalled' } }),
    });
    await slack.logger.waitFor('slack installation removed (stored articles stay)');
    expect(await app.stores.slack.findInstallation('T:T2')).toBeNull();
    await expect(
      slack.adapter.publisher.publish({ platform: 'slack', workspace: 'slack:T2', channelId: 'C22' }, textReply('x', 'public')),
    ).rejects.toBeInstanceOf(ChannelUnavailableError);
    expect((await app.services.stories.list('slack:T2')).map((s) => s.name)).toEqual(['qatif']);

    // A revoked bot token is forgotten too; revoked user tokens alone change nothing.
    await deliver(slack.endpoint, SECRET, {
      json: eventEnvelope({ eventId: 'EvRevokeUser', event: { type: 'tokens_revoked', tokens: { oauth: ['U1'] } } }),
    });
    await slack.adapter.idle();
    expect(await app.stores.slack.findInstallation('T:T1')).not.toBeNull();
    await deliver(slack.endpoint, SECRET, {
      json: eventEnvelope({ eventId: 'EvRevokeBot', event: { type: 'tokens_revoked', tokens: { bot: ['UBOT1'] } } }),
    });
    await slack.logger.waitFor('slack installation removed (stored articles stay)', 2);
    expect(await app.stores.slack.findInstallation('T:T1')).toBeNull();
  });
});
