import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordPublisher } from '../../src/adapters/discord/discord-publisher.ts';
import { createDiscordRest } from '../../src/adapters/discord/discord-rest.ts';
import { briefReply } from '../../src/chat/brief-reply.ts';
import { ChannelUnavailableError, type Publisher } from '../../src/chat/publisher.ts';
import { textReply } from '../../src/chat/reply.ts';
import { FakeDiscord } from '../fakes/fake-discord.ts';
import { hugeBrief } from '../helpers/discord-harness.ts';

const GUILD = '400000000000000001';
const CHANNEL = '500000000000000001';
const DM = '500000000000000009';
const USER = '600000000000000001';

describe('Discord publisher (Publisher port over @discordjs/rest)', () => {
  let fake: FakeDiscord;
  let publisher: Publisher;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    fake.channels.set(CHANNEL, { id: CHANNEL, type: 0, guild_id: GUILD, name: 'news' });
    fake.channels.set(DM, { id: DM, type: 1, recipients: [{ id: USER, username: 'u' }] });
    fake.channels.set('500000000000000050', { id: '500000000000000050', type: 0, guild_id: GUILD, name: 'read-only' });
    fake.channels.set('500000000000000051', { id: '500000000000000051', type: 0, guild_id: GUILD, name: 'hidden' });
    fake.override((r) => {
      if (r.method === 'POST' && r.path === '/channels/500000000000000050/messages') {
        return { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
      }
      if (r.method === 'GET' && r.path === '/channels/500000000000000051') {
        return { status: 403, body: { message: 'Missing Access', code: 50001 } };
      }
      return undefined;
    });
    publisher = createDiscordPublisher({ rest: createDiscordRest({ token: 'fake.bot.token', apiUrl: fake.apiUrl }) });
  });
  afterAll(() => fake.close());

  it('posts a reply as embeds with allowed_mentions.parse = [] and returns the message ids', async () => {
    const result = await publisher.publish(
      { platform: 'discord', workspace: `discord:${GUILD}`, channelId: CHANNEL },
      textReply('Morning digest: @everyone nothing new <@123>.', 'public'),
    );
    expect(result.messageIds).toHaveLength(1);
    const post = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL}/messages`).at(-1)!;
    expect(post.headers.authorization).toBe('Bot fake.bot.token');
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(post.body)).not.toMatch(/@everyone|<@123>/);
  });

  it('splits a long digest into several messages within the limits', async () => {
    const result = await publisher.publish(
      { platform: 'discord', workspace: `discord:${GUILD}`, channelId: CHANNEL },
      briefReply(hugeBrief(new Date('2025-11-20T08:00:00Z'))),
    );
    expect(result.messageIds).toHaveLength(3);
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL}/messages`).slice(-3);
    expect(posts.map((p) => p.status)).toEqual([200, 200, 200]);
  });

  it('maps Unknown Channel (10003) to ChannelUnavailableError', async () => {
    const err = await publisher
      .publish({ platform: 'discord', workspace: `discord:${GUILD}`, channelId: '500000000000000404' }, textReply('x', 'public'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelUnavailableError);
    expect((err as ChannelUnavailableError).code).toBe('publish.channel_unavailable');
    expect((err as Error).message).toMatch(/Unknown Channel/);
  });

  it('maps Missing Permissions (50013) and Missing Access (50001) to ChannelUnavailableError', async () => {
    for (const channelId of ['500000000000000050', '500000000000000051']) {
      const err = await publisher
        .publish({ platform: 'discord', workspace: `discord:${GUILD}`, channelId }, textReply('x', 'public'))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChannelUnavailableError);
      expect((err as Error).message).toMatch(/Missing (Permissions|Access)/);
    }
  });

  it('refuses to post one workspace’s reply into a channel of another server or someone else’s DM', async () => {
    const posts = () => fake.requests.filter((r) => r.method === 'POST').length;
    const before = posts();
    const other = await publisher
      .publish({ platform: 'discord', workspace: 'discord:400000000000000002', channelId: CHANNEL }, textReply('secret', 'public'))
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ChannelUnavailableError);
    expect((other as Error).message).toMatch(/does not belong to workspace discord:400000000000000002/);
    const dm = await publisher
      .publish({ platform: 'discord', workspace: 'discord:dm:600000000000000099', channelId: DM }, textReply('secret', 'public'))
      .catch((e: unknown) => e);
    expect(dm).toBeInstanceOf(ChannelUnavailableError);
    expect(posts()).toBe(before);
    const own = await publisher.publish({ platform: 'discord', workspace: `discord:dm:${USER}`, channelId: DM }, textReply('yours', 'public'));
    expect(own.messageIds).toHaveLength(1);
  });
});
