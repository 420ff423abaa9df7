import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type RecordedRequest } from '../fakes/fake-discord.ts';
import { hasPostgres, PG_SKIP_REASON, useTestDatabase } from '../helpers/postgres.ts';
import { runSitrep, type CliResult } from '../helpers/run-cli.ts';
import { hasSharedData, ROOT, shared, SKIP_REASON } from '../helpers/shared-data.ts';

/**
 * A digest whose process is killed -9 in the middle of posting, on PostgreSQL with real separate `sitrep` processes
 * and a loopback Discord: the process that takes the slot over after its lease posts only what was not confirmed,
 * and the message that was in flight when the first one died is never doubled (Discord's enforce_nonce), whether
 * it had reached Discord or not. Real data: a Timeline17 folder, so the digest is long enough for several messages.
 */
const db = useTestDatabase();
const T17 = shared('timeline17', 'LibyaWar_reuters');
const GUILD = '700000000000000001';
const STORIES = 'libya,gaddafi,misrata,benghazi,nato';
const LEASE_MS = 5_000;

let fake: FakeDiscord;
const env = (): Record<string, string> => ({
  DISCORD_TOKEN: 'fake.bot.token',
  DISCORD_APPLICATION_ID: fake.applicationId,
  DISCORD_API_URL: fake.apiUrl,
  SITREP_DIGEST_LEASE: `${LEASE_MS / 1000}s`,
});
const sitrep = (args: string[]): Promise<CliResult> => runSitrep(['--db', db.url(), '--workspace', `discord:${GUILD}`, ...args], { env: env() });

/** A text message of a delivery (each carries a nonce; the chart that follows the text is uploaded without one). */
const isPost = (channel: string) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/channels/${channel}/messages` && typeof r.body?.nonce === 'string';
/** What a message shows (its embeds and text), without the delivery fields. */
const shown = (body: Record<string, unknown>) => ({ content: body['content'] ?? '', embeds: body['embeds'] ?? [] });
const messagesIn = (channel: string, since: number) => fake.created.slice(since).filter((c) => c.channelId === channel && c.nonce !== undefined);
const chartsIn = (channel: string, since: number) => fake.created.slice(since).filter((c) => c.channelId === channel && c.nonce === undefined);

/** What the brief history holds of the digests posted to a channel: story, window and cited articles. */
async function history(channel: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: db.url() });
  await client.connect();
  try {
    const r = await client.query(
      `SELECT b.subject, b.window_from, b.window_to, array_agg(a.article_id ORDER BY a.article_id) AS articles
       FROM briefs b LEFT JOIN brief_articles a ON a.brief_id = b.id
       WHERE b.kind = 'digest' AND b.scope = $1 GROUP BY b.id ORDER BY b.subject, b.window_to`,
      [`discord:${channel}`],
    );
    return r.rows;
  } finally {
    await client.end();
  }
}

/** Starts `digest run` and kills it -9 as soon as the stalled message reached the fake; resolves when it is dead. */
async function killMidPost(id: number, now: string, stalled: Promise<RecordedRequest>): Promise<void> {
  const child = spawn(process.execPath, [resolve(ROOT, 'bin/sitrep.js'), '--db', db.url(), '--workspace', `discord:${GUILD}`, 'digest', 'run', String(id), '--now', now], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env() },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((done) => child.on('close', () => done()));
  await Promise.race([stalled, exited.then(() => Promise.reject(new Error('digest run exited before its post stalled')))]);
  child.kill('SIGKILL');
  await exited;
}

describe.skipIf(!hasPostgres || !hasSharedData)(`a digest killed -9 mid-post on PostgreSQL${PG_SKIP_REASON}${SKIP_REASON}`, () => {
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    const imported = await sitrep(['import', T17]);
    expect(imported.code, imported.stderr).toBe(0);
    for (const story of STORIES.split(',')) expect((await sitrep(['track', story])).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
  });

  // Days on which a new digest of this folder takes two Discord messages (besides its chart).
  for (const [label, reached, now, n] of [
    ['the message in flight had reached Discord', true, '2011-03-01T09:00:00Z', 1],
    ['the message in flight was lost on the way', false, '2011-08-23T09:00:00Z', 2],
  ] as const) {
    it(`finishes the post once, nothing doubled or lost, when ${label}`, { timeout: 90_000 }, async () => {
      // Two new digests alike: one posted without trouble to a reference channel shows what the other must end up with.
      const CHANNEL = `70000000000000001${n}`;
      const REFERENCE = `70000000000000002${n}`;
      const ids: number[] = [];
      for (const channel of [CHANNEL, REFERENCE]) {
        fake.channels.set(channel, { id: channel, type: 0, guild_id: GUILD, name: `news-${channel.slice(-2)}` });
        const add = await sitrep(['digest', 'add', '--channel', `discord:${channel}`, '--stories', STORIES, '--cron', '0 8 * * *', '--tz', 'UTC']);
        expect(add.stderr).toBe('');
        ids.push(Number(/Added digest #(\d+)/.exec(add.stdout)![1]));
      }
      const [id, referenceId] = ids as [number, number];
      const before = fake.created.length;
      const reference = await sitrep(['digest', 'run', String(referenceId), '--now', now]);
      expect(reference.stdout, reference.stderr).toMatch(/posted/i);
      const expected = messagesIn(REFERENCE, before).map((m) => shown(m.body));
      expect(expected.length).toBeGreaterThanOrEqual(2);
      expect(chartsIn(REFERENCE, before)).toHaveLength(1);

      // The second message is in flight when the process dies.
      const start = fake.requests.length;
      const sentToChannel = () => fake.requests.slice(start).filter(isPost(CHANNEL));
      const stalled = fake.stallMessage((r) => isPost(CHANNEL)(r) && sentToChannel().length === 2, reached);
      await killMidPost(id, now, stalled);
      expect(messagesIn(CHANNEL, before)).toHaveLength(reached ? 2 : 1);

      // While its lease lasts nobody takes the slot over.
      const early = await sitrep(['--format', 'json', 'digest', 'run', String(id), '--now', now]);
      expect(early.code).toBe(1);
      expect((JSON.parse(early.stderr) as { status: string }).status).toBe('in-progress');

      await new Promise((done) => setTimeout(done, LEASE_MS + 500));
      const takeover = await sitrep(['--format', 'json', 'digest', 'run', String(id), '--now', now]);
      expect(takeover.code, takeover.stderr).toBe(0);
      const outcome = JSON.parse(takeover.stdout) as { status: string; detail: string };
      expect(outcome.status).toBe('posted');
      expect(outcome.detail).toBe(`finished a post that stopped after 1 of ${expected.length} messages; nothing was sent twice`);

      const posted = messagesIn(CHANNEL, before);
      expect(posted.map((m) => shown(m.body))).toEqual(expected);
      // The chart follows the text once, posted by the process that posted the last message.
      expect(chartsIn(CHANNEL, before)).toHaveLength(1);
      // Every message went out with its own nonce; the one in flight was asked for twice, created once.
      const requests = sentToChannel();
      expect(requests).toHaveLength(expected.length + 1);
      expect(new Set(posted.map((m) => m.nonce)).size).toBe(expected.length);
      expect(requests[1]!.body.nonce).toBe(requests[2]!.body.nonce);
      // The first message was confirmed before the kill and is not sent again.
      expect(requests.filter((r) => r.body.nonce === requests[0]!.body.nonce)).toHaveLength(1);

      // The process that finished the post recorded it in the brief history as the uninterrupted one did (what the
      // next digest and "what changed" compare with).
      expect(await history(CHANNEL)).toEqual(await history(REFERENCE));
      expect((await history(CHANNEL)).length).toBeGreaterThanOrEqual(1);

      const again = await sitrep(['digest', 'run', String(id), '--now', now]);
      expect(again.stdout).toMatch(/was already posted; nothing was sent again/);
    });
  }
});
