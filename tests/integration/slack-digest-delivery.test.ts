import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_EVENT } from '../../src/adapters/slack/slack-publisher.ts';
import { SlackFake } from '../fakes/slack-fake.ts';
import { runSitrep, type CliResult } from '../helpers/run-cli.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';

/**
 * A Slack digest whose confirmation is lost: Slack answers chat.postMessage with HTTP 500, having posted the message
 * or not. Slack has no idempotency key, so the retry must look in the channel (by the message metadata each message
 * of a digest carries) before posting again: one message in the channel either way. The real CLI, SQLite and a real
 * Timeline17 folder.
 */
const BOT = { token: 'xoxb-delivery-bot', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' };
const STORIES = 'libya,gaddafi,misrata';
const dir = mkdtempSync(join(tmpdir(), 'sitrep-slack-delivery-'));
let fake: SlackFake;

const sitrep = (args: string[]): Promise<CliResult> =>
  runSitrep(['--db', join(dir, 'sitrep.db'), '--workspace', `slack:${BOT.teamId}`, ...args], {
    env: { SLACK_BOT_TOKEN: BOT.token, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.apiUrl },
  });

/** Adds a digest for a channel and returns its id. */
async function addDigest(channel: string): Promise<number> {
  const add = await sitrep(['digest', 'add', '--channel', `slack:${channel}`, '--stories', STORIES, '--cron', '0 8 * * *', '--tz', 'UTC']);
  expect(add.stderr).toBe('');
  return Number(/Added digest #(\d+)/.exec(add.stdout)![1]);
}

describe.skipIf(!hasSharedData)(`a Slack digest whose confirmation is lost${SKIP_REASON}`, () => {
  beforeAll(async () => {
    fake = await new SlackFake().start();
    fake.addBot(BOT);
    expect((await sitrep(['import', shared('timeline17', 'LibyaWar_reuters')])).code).toBe(0);
    for (const story of STORIES.split(',')) expect((await sitrep(['track', story])).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [label, applied, n] of [
    ['Slack had posted it', true, 1],
    ['Slack had not posted it', false, 2],
  ] as const) {
    it(`retries after an HTTP 500 and leaves the digest in the channel once, when ${label}`, { timeout: 60_000 }, async () => {
      const now = '2011-03-20T09:00:00Z';
      const channel = `C0LOST000${n}`;
      const reference = `C0REFER00${n}`;
      const [id, referenceId] = [await addDigest(channel), await addDigest(reference)];
      expect((await sitrep(['digest', 'run', String(referenceId), '--now', now])).stdout).toMatch(/posted/);

      fake.script('chat.postMessage', { status: 500, applied });
      const run = await sitrep(['--format', 'json', 'digest', 'run', String(id), '--now', now]);
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as { status: string }).status).toBe('posted');
      // The WebClient did not repeat the call on its own; the retry looked for the message first, by its metadata,
      // and posted it again only when it was not there.
      const calls = fake.callsOf('chat.postMessage').filter((c) => c.args['channel'] === channel);
      expect(calls).toHaveLength(applied ? 1 : 2);
      const lookups = fake.callsOf('conversations.history').filter((c) => c.args['channel'] === channel);
      expect(lookups).toHaveLength(1);
      expect(String(lookups[0]!.args['include_all_metadata'])).toBe('true');

      const messages = fake.messagesIn(channel);
      expect(messages).toHaveLength(1);
      expect(messages[0]!.metadata).toMatchObject({ event_type: DELIVERY_EVENT, event_payload: { part: 0 } });
      // The same digest as the one posted without trouble.
      expect(messages.map((m) => m.blocks)).toEqual(fake.messagesIn(reference).map((m) => m.blocks));
      expect(fake.filesIn(channel)).toHaveLength(fake.filesIn(reference).length);
    });
  }
});
