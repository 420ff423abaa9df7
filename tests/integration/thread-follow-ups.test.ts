import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { decodeThreadContext } from '../../src/core/thread-context.ts';
import { demoArticles, DEMO_STORIES } from '../../src/ingest/files/demo-corpus.ts';
import { message } from '../fakes/discord-payloads.ts';
import { deliver, SlackFake } from '../fakes/slack-fake.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { CHANNEL_A, completed, embedText, GUILD_A, MEMBER, PERM, startHarness, type Harness } from '../helpers/discord-harness.ts';
import { blockText, dmEvent, eventEnvelope, SECRET, slashForm, startSlack, type SlackHarness } from '../helpers/slack.ts';

const NOW = '2025-11-20T12:00:00Z';
const WS = 'slack:T1';
const BOT = { token: 'xoxb-threads', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' };
// Only the Sudan articles of the demo corpus say "warn"; a follow-up in a Syria thread must not drift to them.
const QUESTION = 'what did health officials warn about?';


describe('follow-up questions in the thread of a brief (Slack, real Bolt)', () => {
  const clock = fixedClock(NOW);
  let fake: SlackFake;
  let app: App;
  let slack: SlackHarness;
  let n = 0;

  beforeEach(async () => {
    fake = await new SlackFake().start();
    fake.addBot(BOT);
    app = memoryApp(clock.now);
    await app.importer.importArticles(WS, demoArticles(clock.now()));
    for (const s of DEMO_STORIES) await app.services.stories.track({ workspace: WS, ...s, by: 'test' });
    slack = await startSlack(fake, app, { clock: clock.now, settings: { botToken: BOT.token } });
  });
  afterEach(async () => {
    await slack.stop();
    await fake.stop();
    await app.close();
  });

  /** Sends an event and waits until the bot has answered it. */
  async function send(event: Record<string, unknown>): Promise<void> {
    const before = fake.calls.length;
    const res = await deliver(slack.endpoint, SECRET, { json: eventEnvelope({ eventId: `Ev${++n}`, event }) });
    expect(res.status).toBe(200);
    // The answer starts with a "working on it" post; once that is seen the answer is tracked and idle() waits for it.
    await fake.waitForCall('chat.postMessage', (c) => fake.calls.indexOf(c) >= before);
    await slack.adapter.idle();
  }

  /** The bot's messages in a channel thread (the thread's replies, not its first message). */
  const threadReplies = (channel: string, ts: string) => [...fake.messages.values()].filter((m) => m.channel === channel && m.threadTs === ts);

  it('answers a reply in the DM thread of a brief from the same story and window, and says so', async () => {
    await send(dmEvent({ text: 'brief syria since:7d', ts: '1763640000.000100' }));
    const brief = [...fake.messages.values()].find((m) => m.channel === 'D1' && blockText(m.blocks).includes('Brief: syria'))!;
    expect(brief).toBeDefined();
    const context = decodeThreadContext((brief.blocks as { block_id?: string }[])[0]!.block_id);
    expect(context?.subject).toBe('syria');

    // The same question outside the thread reads every story: it cites the Sudan health warnings.
    const expectedPlain = await app.services.briefing.answer({ workspace: WS, question: QUESTION });
    expect(expectedPlain.sources.some((s) => /cholera|sudan/i.test(s.title))).toBe(true);

    await send(dmEvent({ text: QUESTION, ts: '1763640100.000100', threadTs: brief.ts }));
    const replies = threadReplies('D1', brief.ts);
    const answer = replies.at(-1)!;
    const text = blockText(answer.blocks);
    expect(text).toContain('A follow-up on syria');
    expect(text).not.toMatch(/cholera|Sudan/i);
    const syria = await app.services.briefing.answer({ workspace: WS, question: QUESTION, about: 'syria', since: context!.from.toISOString(), until: context!.to.toISOString() });
    for (const s of syria.sources) expect(text).toContain(s.url!);
  });

  it('answers a mention in the channel thread of a /brief posted through response_url', async () => {
    fake.responseChannels.set('rb', 'C1');
    const res = await deliver(slack.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: 'syria since:7d', responseId: 'rb' }) });
    expect(res.status).toBe(200);
    await fake.waitForResponse((r) => r.id === 'rb');
    await slack.adapter.idle();
    const root = [...fake.messages.values()].find((m) => m.channel === 'C1' && m.threadTs === undefined)!;
    expect(root).toBeDefined();
    await send({ type: 'app_mention', channel: 'C1', user: 'U1', text: `<@UBOT1> ${QUESTION}`, ts: '1763640200.000100', thread_ts: root.ts, team: 'T1' });
    const answer = threadReplies('C1', root.ts).at(-1)!;
    expect(blockText(answer.blocks)).toContain('A follow-up on syria');
    expect(blockText(answer.blocks)).not.toMatch(/cholera|Sudan/i);
  });

  it('answers as a plain question when the thread cannot be read (no history scope), and logs why', async () => {
    await send(dmEvent({ text: 'brief syria since:7d', ts: '1763640000.000100' }));
    const brief = [...fake.messages.values()].find((m) => m.channel === 'D1' && blockText(m.blocks).includes('Brief: syria'))!;
    fake.script('conversations.replies', { error: 'missing_scope' });
    await send(dmEvent({ text: QUESTION, ts: '1763640100.000100', threadTs: brief.ts }));
    const answer = threadReplies('D1', brief.ts).at(-1)!;
    expect(blockText(answer.blocks)).not.toContain('A follow-up on');
    expect(slack.logger.lines.some((l) => l.msg === 'slack thread could not be read; answering as a plain question')).toBe(true);
  });

  it('treats a thread under a message that is not a brief as a plain question', async () => {
    await send(dmEvent({ text: 'stories', ts: '1763640000.000100' }));
    const list = [...fake.messages.values()].find((m) => m.channel === 'D1' && m.threadTs === undefined)!;
    await send(dmEvent({ text: QUESTION, ts: '1763640100.000100', threadTs: list.ts }));
    expect(blockText(threadReplies('D1', list.ts).at(-1)!.blocks)).not.toContain('A follow-up on');
  });
});

describe('follow-up questions to a brief (Discord, real discord.js)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** Runs /brief syria and returns the id of the message it became. */
  async function briefMessageId(): Promise<string> {
    const i = h.interact({ guildId: GUILD_A, channelId: CHANNEL_A, userId: MEMBER, permissions: PERM.sendMessages }, 'brief', [{ name: 'story', type: 3, value: 'syria' }, { name: 'since', type: 3, value: '7d' }]);
    const requests = await completed(h, i.token);
    const edit = requests.find((r) => r.method === 'PATCH')!;
    expect(embedText(edit.body)).toContain('syria');
    return (edit.response as { id: string }).id;
  }

  async function ask(payload: Record<string, unknown>): Promise<string> {
    h.fake.dispatch('MESSAGE_CREATE', payload);
    const posted = await h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${payload['channel_id'] as string}/messages`);
    await h.bot.idle();
    return embedText(posted.body);
  }

  it('answers a reply to the brief from the same story and window, without a mention', async () => {
    const id = await briefMessageId();
    const m = message({ guildId: GUILD_A, channelId: CHANNEL_A, userId: MEMBER }, QUESTION);
    const text = await ask({ ...m.payload, message_reference: { message_id: id, channel_id: CHANNEL_A, guild_id: GUILD_A }, type: 19 });
    expect(text).toContain('A follow-up on syria');
    expect(text).not.toMatch(/cholera|Sudan/i);
  });

  it('answers a message in a thread started from the brief (the thread has the message id)', async () => {
    const id = await briefMessageId();
    const m = message({ guildId: GUILD_A, channelId: id, userId: MEMBER }, QUESTION);
    const text = await ask(m.payload);
    expect(text).toContain('A follow-up on syria');
  });

  it('ignores an unaddressed reply to a message that is not one of its briefs', async () => {
    const m = message({ guildId: GUILD_A, channelId: CHANNEL_A, userId: MEMBER }, QUESTION);
    h.fake.dispatch('MESSAGE_CREATE', { ...m.payload, message_reference: { message_id: '999999999999999999', channel_id: CHANNEL_A }, type: 19 });
    // A command the test waits for proves the message above was processed (in order) and ignored.
    await briefMessageId();
    expect(h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_A}/messages`)).toHaveLength(0);
  });
});

describe('follow-ups to a brief this process did not post (Discord, thread contexts in the database)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ durableThreads: true });
  });
  afterEach(async () => {
    await h.close();
  });

  it('records each posted brief, and answers a reply to a brief posted before a restart or by another instance', async () => {
    const i = h.interact({ guildId: GUILD_A, channelId: CHANNEL_A, userId: MEMBER, permissions: PERM.sendMessages }, 'brief', [{ name: 'story', type: 3, value: 'syria' }]);
    const edit = (await completed(h, i.token)).find((r) => r.method === 'PATCH')!;
    const posted = (edit.response as { id: string }).id;
    await h.bot.idle();
    expect((await h.app.stores.threads.recallThread(`discord:${posted}`))?.subject).toBe('syria');

    // A brief only the database knows of: this bot's memory has never seen the message.
    const earlier = '123456789012345678';
    await h.app.stores.threads.rememberThread(`discord:${earlier}`, { subject: 'syria', from: new Date('2025-11-13T12:00:00Z'), to: new Date(NOW) }, new Date(NOW));
    const m = message({ guildId: GUILD_A, channelId: CHANNEL_A, userId: MEMBER }, QUESTION);
    h.fake.dispatch('MESSAGE_CREATE', { ...m.payload, message_reference: { message_id: earlier, channel_id: CHANNEL_A, guild_id: GUILD_A }, type: 19 });
    const answer = await h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_A}/messages`);
    await h.bot.idle();
    expect(embedText(answer.body)).toContain('A follow-up on syria');
    expect(embedText(answer.body)).not.toMatch(/cholera|Sudan/i);
  });

  it('records a digest of one story with news, so a reply to it is a follow-up on that story over the digest period', async () => {
    h.app.publishers.register(h.bot.publisher);
    h.fake.channels.set(CHANNEL_A, { id: CHANNEL_A, type: 0, guild_id: GUILD_A, name: 'news' });
    const ws = `discord:${GUILD_A}`;
    const add = (stories: string[], schedule: string) =>
      h.app.services.digests!.add({ workspace: ws, channel: { platform: 'discord', id: CHANNEL_A }, stories, schedule, timeZone: 'UTC', by: 'test' });
    const one = await add(['syria'], 'daily 11:00');
    const outcome = await h.app.services.digests!.run({ workspace: ws, id: one.subscription.id });
    expect(outcome.detail ?? outcome.status).toBe('posted');
    expect(outcome.messageIds.length).toBeGreaterThan(0);
    const context = await h.app.stores.threads.recallThread(`discord:${outcome.messageIds[0]!}`);
    expect(context?.subject).toBe('syria');
    expect(context?.to.toISOString()).toBe('2025-11-20T11:00:00.000Z');

    const m = message({ guildId: GUILD_A, channelId: CHANNEL_A, userId: MEMBER }, QUESTION);
    h.fake.dispatch('MESSAGE_CREATE', { ...m.payload, message_reference: { message_id: outcome.messageIds[0]!, channel_id: CHANNEL_A, guild_id: GUILD_A }, type: 19 });
    const answer = await h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_A}/messages` && embedText(r.body).includes('follow-up'));
    await h.bot.idle();
    expect(embedText(answer.body)).toContain('A follow-up on syria');
    expect(embedText(answer.body)).not.toMatch(/cholera|Sudan/i);

    // Several stories with news: which one a reply means is not known, so nothing is recorded.
    const both = await add(['syria', 'sudan'], 'daily 10:00');
    const two = await h.app.services.digests!.run({ workspace: ws, id: both.subscription.id });
    expect(two.status).toBe('posted');
    expect(await h.app.stores.threads.recallThread(`discord:${two.messageIds[0]!}`)).toBeNull();
  });
});
