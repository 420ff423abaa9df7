import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordPublisher } from '../../src/adapters/discord/discord-publisher.ts';
import { createDiscordRest } from '../../src/adapters/discord/discord-rest.ts';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import type { App } from '../../src/app.ts';
import { CHART_STYLE } from '../../src/chat/chart/volume-chart.ts';
import type { ChannelRef } from '../../src/chat/publisher.ts';
import { textReply, type Reply } from '../../src/chat/reply.ts';
import { withVolumeChart } from '../../src/chat/volume-reply.ts';
import { volumeSeries } from '../../src/core/volume.ts';
import { demoArticles, DEMO_STORIES } from '../../src/ingest/files/demo-corpus.ts';
import { FakeDiscord } from '../fakes/fake-discord.ts';
import { deliver, SlackFake } from '../fakes/slack-fake.ts';
import { capturingLogger } from '../helpers/capturing-logger.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { captureLogger, SECRET, slashForm, startSlack } from '../helpers/slack.ts';

const DAY = 86_400_000;
const BOT = { token: 'xoxb-chart-bot', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' };
const SLACK_CHANNEL: ChannelRef = { platform: 'slack', workspace: 'slack:T1', channelId: 'C1' };

/** A digest-like reply with a two-story chart. */
function chartedReply(): Reply {
  const start = Date.parse('2025-11-07T00:00:00Z');
  const buckets = (counts: number[]) => counts.map((count, i) => ({ start: new Date(start + i * DAY), count }));
  return withVolumeChart(textReply('Digest: two stories moved today.', 'public'), 'Articles per day', [
    volumeSeries('syria', 1, buckets([1, 0, 3, 5, 2, 0, 0, 4, 6, 1, 0, 2, 3, 8]), new Date(start + 13 * DAY)),
    volumeSeries('sudan', 1, buckets([0, 0, 1, 0, 2, 0, 1, 0, 0, 3, 0, 0, 1, 1]), new Date(start + 13 * DAY)),
  ]);
}

function decodes(bytes: Buffer | undefined, panels: number): void {
  const png = PNG.sync.read(bytes!);
  expect([png.width, png.height]).toEqual([CHART_STYLE.width, panels * CHART_STYLE.panelHeight]);
}

describe('charts in Slack: files.getUploadURLExternal, upload, files.completeUploadExternal', () => {
  let fake: SlackFake;
  let app: App;
  let adapter: SlackAdapter;
  let logger: ReturnType<typeof captureLogger>;
  const clock = fixedClock('2025-11-20T08:00:00Z');

  beforeEach(async () => {
    fake = await new SlackFake().start();
    fake.addBot(BOT);
    app = memoryApp(clock.now);
    logger = captureLogger();
    adapter = createSlackAdapter({
      settings: { botToken: BOT.token, signingSecret: 's', port: 0, apiUrl: fake.apiUrl, allowChanges: { everyone: true, admins: false, userIds: [] } },
      commands: app.commands,
      services: app.services,
      store: app.stores.slack,
      logger,
      clock: clock.now,
      retryConfig: { retries: 0 },
    });
  });
  afterEach(async () => {
    await fake.stop();
    await app.close();
  });

  it('posts the digest text, then shares the chart into the channel with its title and alt text', async () => {
    const result = await adapter.publisher.publish(SLACK_CHANNEL, chartedReply());
    expect(result.messageIds).toHaveLength(1);
    const [file] = fake.filesIn('C1');
    expect(file).toMatchObject({ filename: 'volume-stories.png', shared: { channel: 'C1', title: 'Articles per day' } });
    expect(file!.altText).toMatch(/^syria: 35 articles, one bar per day, 2025-11-07 to 2025-11-20; most \(8\) on 2025-11-20; sudan: 9 articles/);
    expect(file!.bytes!.length).toBe(file!.length);
    decodes(file!.bytes, 2);
    // The text went out before the upload began.
    const order = fake.calls.map((c) => c.method);
    expect(order.indexOf('chat.postMessage')).toBeLessThan(order.indexOf('files.getUploadURLExternal'));
    expect(order.indexOf('files.getUploadURLExternal')).toBeLessThan(order.indexOf('files.completeUploadExternal'));
  });

  it('still posts the text when the upload fails at any step, and logs it', async () => {
    fake.script('files.getUploadURLExternal', { error: 'missing_scope' });
    const first = await adapter.publisher.publish(SLACK_CHANNEL, chartedReply());
    expect(first.messageIds).toHaveLength(1);
    fake.uploadStatus = 500;
    const second = await adapter.publisher.publish(SLACK_CHANNEL, chartedReply());
    expect(second.messageIds).toHaveLength(1);
    fake.uploadStatus = undefined;
    fake.script('files.completeUploadExternal', { error: 'not_in_channel' });
    const third = await adapter.publisher.publish(SLACK_CHANNEL, chartedReply());
    expect(third.messageIds).toHaveLength(1);
    expect(fake.messagesIn('C1')).toHaveLength(3);
    expect(fake.filesIn('C1')).toEqual([]);
    expect(logger.lines.filter((l) => l.msg === 'slack chart upload failed; the reply was posted without it')).toHaveLength(3);
  });
});

describe('charts after a Slack /timeline', () => {
  it('uploads the timeline chart into the channel after the reply', async () => {
    const fake = await new SlackFake().start();
    fake.addBot(BOT);
    const clock = fixedClock('2025-11-20T12:00:00Z');
    const app = memoryApp(clock.now);
    await app.importer.importArticles('slack:T1', demoArticles(clock.now()));
    for (const s of DEMO_STORIES) await app.services.stories.track({ workspace: 'slack:T1', ...s, by: 't' });
    const slack = await startSlack(fake, app, { settings: { botToken: BOT.token }, clock: clock.now });
    try {
      const res = await deliver(slack.endpoint, SECRET, { form: slashForm(fake, { command: '/timeline', text: 'sudan', responseId: 'r1' }) });
      expect(res.status).toBe(200);
      const response = await fake.waitForResponse((r) => r.id === 'r1' && r.body['response_type'] === 'in_channel');
      expect(String(response.body['text'])).toMatch(/sudan/i);
      await fake.waitForCall('files.completeUploadExternal');
      const [file] = fake.filesIn('C1');
      expect(file!.filename).toBe('volume-sudan.png');
      decodes(file!.bytes, 1);
    } finally {
      await slack.stop();
      await fake.stop();
      await app.close();
    }
  });
});

describe('charts in Discord: a message attachment through REST', () => {
  const GUILD = '400000000000000001';
  const CHANNEL = '500000000000000001';
  const NO_FILES = '500000000000000052';
  let fake: FakeDiscord;
  beforeEach(async () => {
    fake = await FakeDiscord.start();
    fake.channels.set(CHANNEL, { id: CHANNEL, type: 0, guild_id: GUILD, name: 'news' });
    fake.channels.set(NO_FILES, { id: NO_FILES, type: 0, guild_id: GUILD, name: 'no-attachments' });
    // A channel where the bot may post text but not attach files.
    fake.override((r) =>
      r.method === 'POST' && r.path === `/channels/${NO_FILES}/messages` && r.files.length > 0
        ? { status: 403, body: { message: 'Missing Permissions', code: 50013 } }
        : undefined,
    );
  });
  afterEach(() => fake.close());

  it('posts the embeds, then the PNG as files[0] with its attachment entry and no mentions', async () => {
    const publisher = createDiscordPublisher({ rest: createDiscordRest({ token: 'fake.bot.token', apiUrl: fake.apiUrl }) });
    const result = await publisher.publish({ platform: 'discord', workspace: `discord:${GUILD}`, channelId: CHANNEL }, chartedReply());
    expect(result.messageIds).toHaveLength(1);
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL}/messages`);
    expect(posts).toHaveLength(2);
    expect(posts[0]!.files).toEqual([]);
    const upload = posts[1]!;
    expect(upload.status).toBe(200);
    expect(upload.files.map((f) => [f.name, f.filename, f.contentType])).toEqual([['files[0]', 'volume-stories.png', 'image/png']]);
    expect(upload.body.attachments).toEqual([{ id: 0, filename: 'volume-stories.png', description: expect.stringMatching(/^syria: 35 articles/) }]);
    expect(upload.body.allowed_mentions).toEqual({ parse: [] });
    decodes(upload.files[0]!.data, 2);
  });

  it('still posts the text when the attachment is refused, and logs it', async () => {
    const logger = capturingLogger();
    const publisher = createDiscordPublisher({ rest: createDiscordRest({ token: 'fake.bot.token', apiUrl: fake.apiUrl }), logger });
    const result = await publisher.publish({ platform: 'discord', workspace: `discord:${GUILD}`, channelId: NO_FILES }, chartedReply());
    expect(result.messageIds).toHaveLength(1);
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${NO_FILES}/messages`);
    expect(posts.map((p) => p.status)).toEqual([200, 403]);
    expect(logger.entries.filter((e) => e.level === 'warn' && /discord chart upload failed/.test(e.msg ?? ''))).toHaveLength(1);
  });
});
