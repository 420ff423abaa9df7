import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message, user, type Place } from '../fakes/discord-payloads.ts';
import type { RecordedRequest } from '../fakes/fake-discord.ts';
import { CHANNEL_A, CHANNEL_B, DM_CHANNEL, embedText, GUILD_A, GUILD_B, MEMBER, startHarness, type Harness } from '../helpers/discord-harness.ts';

const DM: Place = { dm: true, channelId: DM_CHANNEL, userId: MEMBER };
const OTHER_DM: Place = { dm: true, channelId: '500000000000000010', userId: '600000000000000077' };

describe('Discord DMs and mentions against a fake Discord (real discord.js client)', () => {
  let h: Harness;
  const mention = () => `<@${h.fake.botUser.id}>`;
  /** Sends a message and waits for the bot's reply to it (a POST to the channel referencing it). */
  async function say(place: Place, content: string, mentions: unknown[] = []): Promise<RecordedRequest> {
    const m = message(place, content, undefined, mentions);
    h.fake.dispatch('MESSAGE_CREATE', m.payload);
    return h.fake.waitFor(
      (r) => r.method === 'POST' && r.path === `/channels/${place.channelId}/messages` && r.body?.message_reference?.message_id === m.id,
    );
  }
  const posts = (channelId: string) => h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

  beforeAll(async () => {
    h = await startHarness();
    await h.app.importer.importArticles(`discord:dm:${MEMBER}`, [
      {
        url: 'https://own.example/notes',
        title: 'Field notes: Lake Chad fishing season',
        source: 'My notes',
        publishedAt: new Date('2025-11-19T10:00:00Z'),
        language: 'en',
        body: 'Fishermen on Lake Chad reported the best catch in five years this season, local traders said.\n\nPrices at the Baga market fell by a third.',
      },
    ]);
  });
  afterAll(() => h.close());

  it('answers a question sent by DM from the user’s own workspace, never pinging anyone', async () => {
    const reply = await say(DM, 'What catch did Lake Chad fishermen report?');
    expect(reply.status).toBe(200);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const text = embedText(reply.body);
    expect(text).toMatch(/best catch in five years/);
    expect(text).toContain('https://own.example/notes');
    // Typing indicator first, best effort.
    expect(h.fake.requests.some((r) => r.path === `/channels/${DM_CHANNEL}/typing`)).toBe(true);
  });

  it('never answers a DM from a server’s data, and says where to ask instead', async () => {
    const reply = await say(DM, 'How many trucks were in the first convoy into Jordan?');
    const text = embedText(reply.body);
    expect(text).toMatch(/don't cover this/);
    expect(text).toMatch(/use \/ask in that server/);
    expect(text).not.toMatch(/40 trucks|demo\.sitrep/);
    // Another user's DM workspace is not the first user's either.
    const other = await say(OTHER_DM, 'What catch did Lake Chad fishermen report?');
    expect(embedText(other.body)).not.toMatch(/best catch|own\.example/);
  });

  it('runs commands without the slash in a DM: "stories", "brief …", and shows help for "help"', async () => {
    const stories = await say(DM, 'stories');
    expect(embedText(stories.body)).toMatch(/No stories are tracked yet/);
    const track = await say(DM, 'track "lake chad"');
    expect(embedText(track.body)).toMatch(/Now tracking "lake chad"/);
    expect((await h.app.services.stories.list(`discord:dm:${MEMBER}`)).map((s) => s.name)).toEqual(['lake chad']);
    const brief = await say(DM, '/brief lake chad since:7d');
    expect(embedText(brief.body)).toMatch(/Brief: lake chad/);
    const help = await say(DM, 'help');
    expect(embedText(help.body).replace(/\\/g, '')).toMatch(/\/brief <story or search words> \[since:/);
    const unknown = await say(DM, '/frobnicate now');
    expect(embedText(unknown.body)).toMatch(/Unknown command \/frobnicate/);
  });

  it('ignores messages from bots, including its own', async () => {
    const before = posts(DM_CHANNEL).length;
    h.fake.dispatch('MESSAGE_CREATE', message(DM, 'stories', user('700000000000000001', 'otherbot', true)).payload);
    h.fake.dispatch('MESSAGE_CREATE', message(DM, 'stories', h.fake.botUser).payload);
    // A human message sent after them is answered; handlers start in order, so earlier replies would be there too.
    await say(DM, 'stories');
    expect(posts(DM_CHANNEL).length).toBe(before + 1);
  });

  it('answers a mention in a server channel from that server’s workspace, replying without a ping', async () => {
    const reply = await say({ guildId: GUILD_A, channelId: CHANNEL_A, userId: MEMBER }, `${mention()} brief syria`, [h.fake.botUser]);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const text = embedText(reply.body);
    expect(text).toMatch(/Brief: syria/);
    expect(text).toMatch(/demo\.sitrep\.invalid/);
    const question = await say({ guildId: GUILD_B, channelId: CHANNEL_B, userId: MEMBER }, `${mention()} what happened at the Nasib crossing?`, [h.fake.botUser]);
    expect(embedText(question.body)).not.toMatch(/demo\.sitrep|40 trucks/);
  });

  it('ignores server messages that do not mention the bot (even @everyone)', async () => {
    const before = posts(CHANNEL_A).length;
    h.fake.dispatch('MESSAGE_CREATE', message({ guildId: GUILD_A, channelId: CHANNEL_A, userId: MEMBER }, '@everyone brief syria').payload);
    await say({ guildId: GUILD_A, channelId: CHANNEL_A, userId: MEMBER }, `${mention()} stories`, [h.fake.botUser]);
    expect(posts(CHANNEL_A).length).toBe(before + 1);
  });

  it('refuses a state-changing command by mention from a member without Manage Server', async () => {
    const reply = await say({ guildId: GUILD_A, channelId: CHANNEL_A, userId: MEMBER }, `${mention()} untrack syria`, [h.fake.botUser]);
    expect(embedText(reply.body)).toMatch(/needs the Manage Server permission/);
    expect((await h.app.services.stories.list(`discord:${GUILD_A}`)).map((s) => s.name)).toContain('syria');
  });
});
