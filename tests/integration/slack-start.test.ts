import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackSettings } from '../../src/adapters/slack/slack-adapter.ts';
import type { App } from '../../src/app.ts';
import { ConfigError, UserError } from '../../src/core/errors.ts';
import { SlackFake } from '../fakes/slack-fake.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { captureLogger } from '../helpers/slack.ts';

const BOT = { token: 'xoxb-start-bot', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' };

describe('starting the Slack adapter', () => {
  const clock = fixedClock('2025-11-20T12:00:00Z');
  let fake: SlackFake;
  let app: App;
  beforeEach(async () => {
    fake = await new SlackFake().start();
    fake.addBot(BOT);
    app = memoryApp(clock.now);
  });
  afterEach(async () => {
    await fake.stop();
    await app.close();
  });

  const adapter = (settings: Partial<SlackSettings>) =>
    createSlackAdapter({
      settings: { botToken: BOT.token, signingSecret: 's', port: 0, apiUrl: fake.apiUrl, allowChanges: { everyone: true, admins: false, userIds: [] }, ...settings },
      commands: app.commands,
      services: app.services,
      store: app.stores.slack,
      logger: captureLogger(),
      clock: clock.now,
      retryConfig: { retries: 0 },
    });

  it('names the variable when Slack refuses the bot token or the app-level token', async () => {
    const bot = await adapter({ botToken: 'xoxb-unknown' }).start().catch((e: unknown) => e);
    expect(bot).toBeInstanceOf(ConfigError);
    expect((bot as ConfigError).problems).toEqual(['SLACK_BOT_TOKEN: Slack rejected the token (invalid_auth)']);
    fake.script('apps.connections.open', { error: 'invalid_auth' });
    const appToken = await adapter({ appToken: 'xapp-1-bad' }).start().catch((e: unknown) => e);
    expect(appToken).toBeInstanceOf(ConfigError);
    expect((appToken as ConfigError).problems).toEqual(['SLACK_APP_TOKEN: Slack refused the app-level token (invalid_auth)']);
  });

  it('names SLACK_PORT when the port is taken, and says so when Slack cannot be reached', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '0.0.0.0', resolve));
    const port = (busy.address() as AddressInfo).port;
    const err = await adapter({ port }).start().catch((e: unknown) => e);
    busy.close();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([`SLACK_PORT: port ${port} is already in use`]);
    const down = await adapter({ apiUrl: 'http://127.0.0.1:1/api/' }).start().catch((e: unknown) => e);
    expect(down).toBeInstanceOf(UserError);
    expect((down as Error).message).toMatch(/Cannot connect to Slack/);
  });
});
