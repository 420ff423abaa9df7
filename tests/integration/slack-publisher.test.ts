import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import type { App } from '../../src/app.ts';
import { ChannelUnavailableError, type ChannelRef } from '../../src/chat/publisher.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { SLACK_LIMITS } from '../../src/chat/slack-renderer.ts';
import { SitrepError } from '../../src/core/errors.ts';
import { SlackFake } from '../fakes/slack-fake.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { captureLogger } from '../helpers/slack.ts';

const BOT = { token: 'xoxb-publisher-bot', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' };
const CHANNEL: ChannelRef = { platform: 'slack', workspace: 'slack:T1', channelId: 'C1' };

function digest(bullets: number): Reply {
  const sources = Array.from({ length: bullets }, (_, i) => ({
    n: i + 1,
    articleId: i + 1,
    title: `Report ${i + 1} `.repeat(20),
    url: `https://news.example/${i + 1}`,
    source: 'Wire',
    publishedAt: new Date('2025-11-20T06:00:00Z'),
  }));
  return {
    visibility: 'public',
    title: 'Morning digest',
    blocks: [{ type: 'bullets', items: sources.map((s) => ({ text: `Development ${s.n}: ${'word '.repeat(400)}`, citations: [s.n] })) }],
    sources,
    footer: 'extractive engine',
  };
}

describe('the Slack publisher (chat.postMessage for scheduled posts)', () => {
  const clock = fixedClock('2025-11-20T08:00:00Z');
  let fake: SlackFake;
  let app: App;
  let adapter: SlackAdapter;

  beforeEach(async () => {
    fake = await new SlackFake().start();
    fake.addBot(BOT);
    app = memoryApp(clock.now);
    adapter = createSlackAdapter({
      settings: { botToken: BOT.token, signingSecret: 's', port: 0, apiUrl: fake.apiUrl, allowChanges: { everyone: true, admins: false, userIds: [] } },
      commands: app.commands,
      services: app.services,
      store: app.stores.slack,
      logger: captureLogger(),
      clock: clock.now,
      retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 },
    });
  });
  afterEach(async () => {
    await fake.stop();
    await app.close();
  });

  it('posts a long reply as several messages, each within Slack limits, and returns their ids', async () => {
    const result = await adapter.publisher.publish(CHANNEL, digest(40));
    const posts = fake.callsOf('chat.postMessage');
    expect(posts.length).toBeGreaterThan(1);
    expect(result.messageIds).toHaveLength(posts.length);
    for (const p of posts) {
      expect(p.token).toBe(BOT.token);
      expect(p.args).toMatchObject({ channel: 'C1', unfurl_links: 'false' });
      const blocks = p.args['blocks'] as { text?: { text: string }; elements?: { text: string }[] }[];
      expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
      expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(SLACK_LIMITS.messageChars + 2);
    }
    expect(JSON.stringify(posts.at(-1)!.args['blocks'])).toMatch(/…and \d+ more/);
  });

  it('maps channel_not_found, not_in_channel and is_archived to ChannelUnavailableError', async () => {
    for (const error of ['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive']) {
      fake.script('chat.postMessage', { error });
      const err = await adapter.publisher.publish(CHANNEL, digest(1)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChannelUnavailableError);
      expect((err as Error).message).toContain(error);
    }
    fake.script('chat.postMessage', { error: 'internal_error' });
    const other = await adapter.publisher.publish(CHANNEL, digest(1)).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(SitrepError);
    expect(other).not.toBeInstanceOf(ChannelUnavailableError);
  });

  it('lets the WebClient wait out a 429 (Retry-After) and post once', async () => {
    fake.script('chat.postMessage', { status: 429, retryAfter: 0 });
    const result = await adapter.publisher.publish(CHANNEL, digest(1));
    expect(result.messageIds).toHaveLength(1);
    expect(fake.callsOf('chat.postMessage')).toHaveLength(2);
  });

  it('refuses to post into a workspace the bot token does not belong to', async () => {
    const err = await adapter.publisher.publish({ ...CHANNEL, workspace: 'slack:T9' }, digest(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelUnavailableError);
    expect(fake.callsOf('chat.postMessage')).toHaveLength(0);
    await expect(adapter.publisher.publish({ ...CHANNEL, platform: 'discord' }, digest(1))).rejects.toThrow(/Not a Slack channel/);
  });
});
