import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordPublisher } from '../../src/adapters/discord/discord-publisher.ts';
import { createDiscordRest } from '../../src/adapters/discord/discord-rest.ts';
import { createSlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import type { App } from '../../src/app.ts';
import { demoArticles, DEMO_STORIES } from '../../src/ingest/files/demo-corpus.ts';
import { FakeDiscord } from '../fakes/fake-discord.ts';
import { SlackFake } from '../fakes/slack-fake.ts';
import { decodeThreadContext } from '../../src/core/thread-context.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { captureLogger } from '../helpers/slack.ts';

const BOT = { token: 'xoxb-digest-bot', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' };
const GUILD = '400000000000000001';
const CHANNEL = '500000000000000001';
const NOW = '2025-11-20T10:00:00Z';

/** Scheduled digests end to end: subscription → ledger → digest builder → the real platform publishers → loopback fakes. */
describe('digests delivered to Slack and Discord through their publishers', () => {
  const clock = fixedClock(NOW);
  let app: App;
  let slack: SlackFake;
  let discord: FakeDiscord;

  beforeEach(async () => {
    clock.set(NOW);
    app = memoryApp(clock.now);
    for (const ws of ['slack:T1', `discord:${GUILD}`]) {
      await app.importer.importArticles(ws, demoArticles(new Date('2025-11-20T07:00:00Z')));
      for (const s of DEMO_STORIES) await app.services.stories.track({ workspace: ws, ...s, by: 'test' });
    }
    slack = await new SlackFake().start();
    slack.addBot(BOT);
    discord = await FakeDiscord.start();
    discord.channels.set(CHANNEL, { id: CHANNEL, type: 0, guild_id: GUILD, name: 'news' });
    const adapter = createSlackAdapter({
      settings: { botToken: BOT.token, signingSecret: 's', port: 0, apiUrl: slack.apiUrl, allowChanges: { everyone: true, admins: false, userIds: [] } },
      commands: app.commands,
      services: app.services,
      store: app.stores.slack,
      logger: captureLogger(),
      clock: clock.now,
      retryConfig: { retries: 0 },
    });
    app.publishers.register(adapter.publisher);
    app.publishers.register(createDiscordPublisher({ rest: createDiscordRest({ token: 'fake.bot.token', apiUrl: discord.apiUrl }) }));
  });
  afterEach(async () => {
    await slack.stop();
    await discord.close();
    await app.close();
  });

  it('posts each digest once to its platform, with cited sources, even when run twice', async () => {
    const digests = app.services.digests!;
    const s = await digests.add({ workspace: 'slack:T1', channel: { platform: 'slack', id: 'C0DIGEST01' }, stories: ['syria', 'sudan'], schedule: 'daily 08:00', timeZone: 'Europe/Berlin', by: 'U1' });
    const d = await digests.add({ workspace: `discord:${GUILD}`, channel: { platform: 'discord', id: CHANNEL }, stories: 'all', schedule: 'daily 09:00', timeZone: 'UTC', by: 'u' });

    const first = await digests.run({ workspace: 'slack:T1', id: s.subscription.id, now: '2025-11-20T08:30' });
    const again = await digests.run({ workspace: 'slack:T1', id: s.subscription.id, now: '2025-11-20T08:45' });
    expect(first.status).toBe('posted');
    expect(again.status).toBe('already-posted');
    const posts = slack.callsOf('chat.postMessage');
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(posts).toHaveLength(first.messageIds?.length ?? -1);
    expect(posts.every((c) => c.args['channel'] === 'C0DIGEST01')).toBe(true);
    const blocks = posts.map((c) => JSON.stringify(c.args['blocks'])).join('\n');
    expect(blocks).toMatch(/Nasib/);
    expect(blocks).toMatch(/https:\/\/demo\.sitrep\.invalid\//);

    const out = await digests.run({ workspace: `discord:${GUILD}`, id: d.subscription.id, now: '2025-11-20T09:10:00Z' });
    expect(out.status).toBe('posted');
    const dposts = discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL}/messages`);
    expect(dposts.length).toBeGreaterThanOrEqual(1);
    expect(dposts[0]!.body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(dposts.map((p) => p.body))).toMatch(/Sudan|Syria|Ukraine/i);
  });

  it('carries the story and period of a one-story Slack digest in its first block, for follow-ups in its thread', async () => {
    const digests = app.services.digests!;
    const one = await digests.add({ workspace: 'slack:T1', channel: { platform: 'slack', id: 'C0DIGEST02' }, stories: ['syria'], schedule: 'daily 08:00', timeZone: 'UTC', by: 'U1' });
    expect((await digests.run({ workspace: 'slack:T1', id: one.subscription.id, now: '2025-11-20T08:30:00Z' })).status).toBe('posted');
    const first = slack.callsOf('chat.postMessage').find((c) => c.args['channel'] === 'C0DIGEST02')!;
    const context = decodeThreadContext((first.args['blocks'] as { block_id?: string }[])[0]!.block_id);
    expect(context).toEqual({ subject: 'syria', from: new Date('2025-11-19T08:00:00Z'), to: new Date('2025-11-20T08:00:00Z') });
  });

  it('pauses a digest whose Slack channel is gone, with the reason in the listing, and never posts elsewhere', async () => {
    const digests = app.services.digests!;
    const s = await digests.add({ workspace: 'slack:T1', channel: { platform: 'slack', id: 'C0GONE0001' }, stories: ['syria'], schedule: 'daily 08:00', timeZone: 'UTC', by: 'U1' });
    slack.script('chat.postMessage', { error: 'channel_not_found' });
    const out = await digests.run({ workspace: 'slack:T1', id: s.subscription.id, now: '2025-11-20T08:05:00Z' });
    expect(out.status).toBe('paused');
    const [listing] = await digests.list('slack:T1');
    expect(listing!.subscription.paused?.reason).toMatch(/channel_not_found|unavailable/i);
  });

  it('pauses a digest whose Discord channel is gone (Unknown Channel)', async () => {
    const digests = app.services.digests!;
    const d = await digests.add({ workspace: `discord:${GUILD}`, channel: { platform: 'discord', id: '500000000000000404' }, stories: ['syria'], schedule: 'daily 08:00', timeZone: 'UTC', by: 'u' });
    const out = await digests.run({ workspace: `discord:${GUILD}`, id: d.subscription.id, now: '2025-11-20T08:05:00Z' });
    expect(out.status).toBe('paused');
    const [listing] = await digests.list(`discord:${GUILD}`);
    expect(listing!.subscription.paused?.reason).toMatch(/Unknown Channel|unavailable/i);
  });

  it('leaves a Discord digest in the channel once when Discord posted a message but its answer was a 500', async () => {
    const digests = app.services.digests!;
    const add = (id: string) =>
      digests.add({ workspace: `discord:${GUILD}`, channel: { platform: 'discord', id }, stories: 'all', schedule: 'daily 09:00', timeZone: 'UTC', by: 'u' });
    const LOST = '500000000000000002';
    const REFERENCE = '500000000000000003';
    for (const id of [LOST, REFERENCE]) discord.channels.set(id, { id, type: 0, guild_id: GUILD, name: `news-${id.slice(-1)}` });
    const [lost, reference] = [await add(LOST), await add(REFERENCE)];
    expect((await digests.run({ workspace: `discord:${GUILD}`, id: reference.subscription.id, now: '2025-11-20T09:10:00Z' })).status).toBe('posted');
    // The first message of the digest is created, and the answer is lost: the client retries the same request.
    let armed = true;
    discord.override((r) => {
      if (!armed || r.method !== 'POST' || r.path !== `/channels/${LOST}/messages`) return undefined;
      armed = false;
      discord.created.push({ id: '1399999999999999999', channelId: LOST, nonce: r.body.nonce, at: Date.now(), body: r.body });
      return { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
    });
    const out = await digests.run({ workspace: `discord:${GUILD}`, id: lost.subscription.id, now: '2025-11-20T09:10:00Z' });
    expect(out.status).toBe('posted');
    const requests = discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${LOST}/messages` && r.body.nonce);
    const inChannel = discord.created.filter((c) => c.channelId === LOST && c.nonce);
    const expected = discord.created.filter((c) => c.channelId === REFERENCE && c.nonce);
    // Asked for once more than it has messages, each created once, the same as the reference.
    expect(requests).toHaveLength(expected.length + 1);
    expect(inChannel.map((c) => c.body['embeds'])).toEqual(expected.map((c) => c.body['embeds']));
    expect(out.messageIds).toEqual(inChannel.map((c) => c.id));
  });
});
