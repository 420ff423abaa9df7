import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageChars, DISCORD_LIMITS, type DiscordEmbed } from '../../src/chat/discord-renderer.ts';
import {
  ADMIN,
  CHANNEL_A,
  CHANNEL_B,
  completed,
  DM_CHANNEL,
  embedText,
  GUILD_A,
  GUILD_B,
  MEMBER,
  PERM,
  startHarness,
  type Harness,
} from '../helpers/discord-harness.ts';

const EPHEMERAL = 64;
const inA = (userId = MEMBER, permissions: bigint = PERM.sendMessages) => ({ guildId: GUILD_A, channelId: CHANNEL_A, userId, permissions });
const inB = (userId = MEMBER, permissions: bigint = PERM.sendMessages) => ({ guildId: GUILD_B, channelId: CHANNEL_B, userId, permissions });
const story = (value: string) => [{ name: 'story', type: 3, value }];

describe('Discord slash commands against a fake Discord (real discord.js client)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('completes the gateway handshake with minimal, non-privileged intents', () => {
    expect(h.fake.requests[0]).toMatchObject({ method: 'GET', path: '/gateway/bot' });
    expect(h.fake.requests[0]!.headers.authorization).toBe('Bot fake.bot.token');
    const identify = h.fake.identifies[0]!;
    expect(identify['token']).toBe('fake.bot.token');
    const intents = BigInt(identify['intents'] as number);
    expect(intents).toBe(1n | 512n | 4096n); // Guilds, GuildMessages, DirectMessages
    for (const privileged of [2n, 256n, 32768n]) expect(intents & privileged).toBe(0n); // members, presences, content
    expect(h.bot.client.user?.id).toBe(h.fake.botUser.id);
    expect(h.bot.client.guilds.cache.map((g) => g.id).sort()).toEqual([GUILD_A, GUILD_B]);
  });

  it('/brief syria: deferred callback (type 5), then the original message edited with an embed citing the articles', async () => {
    const { token } = h.interact(inA(), 'brief', story('syria'));
    const reqs = await completed(h, token);
    expect(reqs.map((r) => `${r.method} ${r.path.split('/').slice(0, 2).join('/')}`)).toEqual([
      'POST /interactions',
      'PATCH /webhooks',
    ]);
    expect(reqs[0]!.body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = reqs[1]!;
    expect(edit.status).toBe(200);
    expect(edit.path).toBe(`/webhooks/${h.fake.applicationId}/${token}/messages/@original`);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    const text = embedText(edit.body);
    expect(edit.body.embeds[0].title).toMatch(/^Brief: syria \(/);
    // The same brief computed directly: every cited article appears as a link, and nothing else does.
    const brief = await h.app.services.briefing.brief({ workspace: `discord:${GUILD_A}`, subject: 'syria' });
    expect(brief.sources.length).toBeGreaterThanOrEqual(3);
    for (const s of brief.sources) {
      expect(text).toContain(`[${s.n}](${s.url})`);
      expect(text).toContain(s.title);
    }
    const linked = new Set([...text.matchAll(/\((https:\/\/[^)]+)\)/g)].map((m) => m[1]));
    expect([...linked].sort()).toEqual(brief.sources.map((s) => s.url).sort());
    expect(text).toContain(brief.bullets[0]!.text);
    expect(edit.body.embeds.at(-1).footer.text).toMatch(/extractive engine/);
  });

  it('defers before any slow work: the brief only starts once Discord has the type-5 callback', async () => {
    let release!: () => void;
    h.hooks.gate = new Promise<void>((r) => (release = r));
    try {
      const { token } = h.interact(inA(), 'brief', story('sudan'));
      await h.fake.waitFor((r) => r.path.includes(token) && r.path.endsWith('/callback'));
      expect(h.byToken(token).map((r) => r.method)).toEqual(['POST']);
      release();
      const reqs = await completed(h, token);
      expect(reqs.map((r) => r.method)).toEqual(['POST', 'PATCH']);
      expect(embedText(reqs[1]!.body)).toMatch(/Sudan|Jeddah/);
    } finally {
      h.hooks.gate = undefined;
      release();
    }
  });

  it('defers /ask ephemerally and answers privately', async () => {
    const { token } = h.interact(inA(), 'ask', [{ name: 'question', type: 3, value: 'How many trucks were in the first convoy into Jordan?' }]);
    const reqs = await completed(h, token);
    expect(reqs[0]!.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(embedText(reqs[1]!.body)).toMatch(/40 trucks/);
  });

  it('autocompletes story names (type 8) from the interaction’s own server only', async () => {
    const a = h.interact(inA(), 'brief', [{ name: 'story', type: 3, value: 'su', focused: true }], 4);
    const cbA = await h.fake.waitFor((r) => r.path.includes(a.token) && r.path.endsWith('/callback'));
    expect(cbA.body).toEqual({ type: 8, data: { choices: [{ name: 'sudan', value: 'sudan' }] } });

    const all = h.interact(inA(), 'untrack', [{ name: 'name', type: 3, value: '', focused: true }], 4);
    const cbAll = await h.fake.waitFor((r) => r.path.includes(all.token) && r.path.endsWith('/callback'));
    expect(cbAll.body.data.choices.map((c: { value: string }) => c.value)).toEqual(['sudan', 'syria', 'ukraine']);

    const b = h.interact(inB(), 'timeline', [{ name: 'story', type: 3, value: '', focused: true }], 4);
    const cbB = await h.fake.waitFor((r) => r.path.includes(b.token) && r.path.endsWith('/callback'));
    expect(cbB.body).toEqual({ type: 8, data: { choices: [{ name: 'atlantis', value: 'atlantis' }] } });

    // An option without a story source gets an empty list rather than no answer.
    const since = h.interact(inA(), 'brief', [{ name: 'story', type: 3, value: 'syria' }, { name: 'since', type: 3, value: '7', focused: true }], 4);
    const cbSince = await h.fake.waitFor((r) => r.path.includes(since.token) && r.path.endsWith('/callback'));
    expect(cbSince.body).toEqual({ type: 8, data: { choices: [] } });
  });

  it('keeps two servers apart: server B cannot brief, list or autocomplete server A’s stories', async () => {
    const { token } = h.interact(inB(), 'brief', story('syria'));
    const reqs = await completed(h, token, 'POST');
    // Public deferral, then the placeholder removed and the error shown only to the user.
    expect(reqs.map((r) => r.method)).toEqual(['POST', 'DELETE', 'POST']);
    const followUp = reqs[2]!;
    expect(followUp.body.flags).toBe(EPHEMERAL);
    const text = embedText(followUp.body);
    expect(text).toMatch(/No stored articles match "syria"/);
    expect(text).toMatch(/Tracked stories: atlantis/);
    expect(text).not.toMatch(/sudan|ukraine|demo\.sitrep/i);

    const list = h.interact(inB(), 'stories', []);
    const listReqs = await completed(h, list.token);
    const listed = embedText(listReqs[1]!.body);
    expect(listed).toMatch(/atlantis/);
    expect(listed).not.toMatch(/syria|sudan|ukraine/);

    const own = h.interact(inB(), 'brief', story('atlantis'));
    const ownReqs = await completed(h, own.token);
    expect(embedText(ownReqs[1]!.body)).toMatch(/harbour wall/);
    expect(embedText(ownReqs[1]!.body)).not.toMatch(/demo\.sitrep/);
  });

  it('refuses /track to a member without Manage Server (ephemeral, at once) and stores nothing', async () => {
    const { token } = h.interact(inA(MEMBER, PERM.sendMessages), 'track', [{ name: 'name', type: 3, value: 'yemen' }]);
    const cb = await h.fake.waitFor((r) => r.path.includes(token) && r.path.endsWith('/callback'));
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags).toBe(EPHEMERAL);
    expect(cb.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(embedText(cb.body.data)).toMatch(/needs the Manage Server permission/);
    expect(h.byToken(token)).toHaveLength(1);
    const names = (await h.app.services.stories.list(`discord:${GUILD_A}`)).map((s) => s.name);
    expect(names).not.toContain('yemen');
  });

  it('lets Manage Server or Administrator track, splitting aliases like typed text', async () => {
    const { token } = h.interact(inA(ADMIN, PERM.manageGuild), 'track', [
      { name: 'name', type: 3, value: 'yemen' },
      { name: 'aliases', type: 3, value: 'sanaa "red sea"' },
    ]);
    const reqs = await completed(h, token);
    expect(embedText(reqs[1]!.body)).toMatch(/Now tracking "yemen" \(aliases: sanaa, red sea\)/);
    const yemen = (await h.app.services.stories.list(`discord:${GUILD_A}`)).find((s) => s.name === 'yemen');
    expect(yemen?.aliases).toEqual(['sanaa', 'red sea']);
    expect(await h.app.services.stories.list(`discord:${GUILD_B}`)).toHaveLength(1);

    const admin = h.interact(inA(ADMIN, PERM.administrator), 'untrack', [{ name: 'name', type: 3, value: 'yemen' }]);
    const adminReqs = await completed(h, admin.token);
    expect(embedText(adminReqs[1]!.body)).toMatch(/Stopped tracking "yemen"/);
  });

  it('shows bad input as an ephemeral usage error without deferring', async () => {
    const { token } = h.interact(inA(), 'brief', story('"unclosed'));
    const cb = await h.fake.waitFor((r) => r.path.includes(token) && r.path.endsWith('/callback'));
    expect(cb.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(embedText(cb.body.data)).toMatch(/Unclosed quote/);
  });

  it('logs an unexpected failure with a reference id and shows the user only the apology with that id', async () => {
    const { token } = h.interact(inA(), 'brief', story('explode'));
    const reqs = await completed(h, token, 'POST');
    const text = embedText(reqs.at(-1)!.body);
    const ref = /reference ([a-z0-9]{8})/.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(text).not.toMatch(/database on fire/);
    expect(reqs.at(-1)!.body.flags).toBe(EPHEMERAL);
    const logged = h.logs.find((l) => l.level === 'error' && l.fields['ref'] === ref);
    expect((logged?.fields['err'] as Error).message).toBe('database on fire');
  });

  it('splits a huge brief into messages that each respect every embed limit, ending with "…and N more"', async () => {
    const { token } = h.interact(inA(), 'brief', story('everything'));
    await h.fake.waitFor((r) => r.path.includes(token) && r.method === 'PATCH');
    await h.fake.waitFor((r) => r.path.includes(token) && r.method === 'POST' && !r.path.endsWith('/callback') && /…and \d+ more/.test(JSON.stringify(r.body)));
    const messages = h.byToken(token).filter((r) => !r.path.endsWith('/callback'));
    expect(messages.map((r) => r.method)).toEqual(['PATCH', 'POST', 'POST']);
    for (const m of messages) {
      expect(m.status).toBe(200); // the fake refuses over-limit bodies with 400 like Discord
      expect(m.body.allowed_mentions).toEqual({ parse: [] });
      const embeds = m.body.embeds as DiscordEmbed[];
      expect(embeds.length).toBeGreaterThan(0);
      expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
      expect(messageChars({ embeds, allowed_mentions: { parse: [] } })).toBeLessThanOrEqual(DISCORD_LIMITS.charsPerMessage);
      for (const e of embeds) {
        expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
        expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
        expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
        expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
      }
    }
    const last = embedText(messages[2]!.body);
    expect(last).toMatch(/…and \d+ more/);
    expect(last).toMatch(/extractive engine/);
  });

  it('neutralises @everyone, @here and user/role/channel mentions from article text', async () => {
    const ws = `discord:${GUILD_A}`;
    await h.app.importer.importArticles(ws, [
      {
        url: 'https://pings.example/1',
        title: 'Pingville mayor @everyone resigns <@123>',
        source: 'Pingville Post <@&456>',
        publishedAt: new Date('2025-11-20T09:00:00Z'),
        language: 'en',
        body:
          'The Pingville mayor resigned on Thursday, telling @everyone and @here that <@123> and <@!124> had forced the move, ' +
          'in a letter posted to <#789> and copied to <@&456>.\n\nPingville council meets next week to choose a successor.',
      },
    ]);
    const { token } = h.interact(inA(), 'brief', story('pingville'));
    const reqs = await completed(h, token);
    const body = reqs[1]!.body;
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const raw = JSON.stringify(body.embeds);
    expect(raw).toMatch(/Pingville/);
    expect(raw).not.toMatch(/@everyone|@here|<@!?\d|<@&\d|<#\d/);
    expect(raw).toContain('@\u200beveryone');
  });

  it('works in a DM with the bot, reading the user’s own workspace', async () => {
    const { token } = h.interact({ dm: true, channelId: DM_CHANNEL, userId: MEMBER }, 'brief', story('syria'));
    const reqs = await completed(h, token, 'POST');
    expect(embedText(reqs.at(-1)!.body)).toMatch(/No stored articles match "syria"/);
  });
});
