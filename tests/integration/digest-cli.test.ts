import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSqliteApp } from '../helpers/sqlite-app.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { runSitrep } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-digest-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = /# Digest for /g;

describe('sitrep digest in a child process', () => {
  const db = join(dir, 'digest.db');
  const sitrep = (args: string[], env: Record<string, string> = {}) => runSitrep(['--db', db, ...args], { env });

  it('adds, lists and runs a digest; running a slot twice, even from two processes at once, posts once', async () => {
    const lines = [
      { title: 'Syria talks resume in Damascus', source: 'Wire A', publishedAt: '2025-11-23T10:00:00Z', text: 'Syrian and Kurdish negotiators resumed talks in Damascus on Sunday about merging the eastern forces. Both delegations called the first session constructive.' },
      { title: 'Syria reopens airport', source: 'Wire B', publishedAt: '2025-11-24T12:00:00Z', text: 'Damascus international airport in Syria reopened to flights from the Gulf on Monday after a month of runway repairs. The first flight from Doha landed with 180 passengers.' },
    ];
    writeFileSync(join(dir, 'a.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    expect((await sitrep(['import', join(dir, 'a.jsonl')])).code).toBe(0);
    expect((await sitrep(['track', 'syria'])).code).toBe(0);

    const add = await sitrep(['digest', 'add', '--channel', 'console:ops', '--stories', 'syria', '--cron', '0 8 * * *', '--tz', 'Europe/Berlin']);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/Added digest #1: syria, 0 8 \* \* \* \(Europe\/Berlin\), posted to console:ops\./);
    expect(add.stdout.match(/^- \w{3} \d{1,2} \w{3} 08:00 Europe\/Berlin$/gm)).toHaveLength(3);

    const first = await sitrep(['digest', 'run', '1', '--now', '2025-11-24T08:30']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/--- posted to console:ops \(local\) ---\n# Digest for Monday 24 November 2025/);
    expect(first.stdout).toMatch(/negotiators resumed talks/);
    expect(first.stdout).toMatch(/Digest #1 for Mon 24 Nov 08:00 Europe\/Berlin posted\./);

    const again = await sitrep(['digest', 'run', '1', '--now', '2025-11-24T07:15:00Z']);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(HEADER);
    expect(again.stdout).toMatch(/was already posted; nothing was sent again/);

    // Two processes race for the next day's slot: exactly one posts.
    const race = await Promise.all([1, 2].map(() => sitrep(['digest', 'run', '1', '--now', '2025-11-25T08:00', '--format', 'json'])));
    const statuses = race.map((r) => JSON.parse(r.code === 0 ? r.stdout : r.stderr).status).sort();
    expect(statuses[1]).toBe('posted');
    expect(['already-posted', 'in-progress']).toContain(statuses[0]);
    // With --format json the console channel prints on stderr, so stdout stays one JSON object.
    expect(race.map((r) => r.stderr.match(HEADER)?.length ?? 0).reduce((a, b) => a + b)).toBe(1);
    const posted = race.find((r) => r.stderr.match(HEADER))!;
    expect(posted.stderr).toMatch(/airport in Syria reopened/);
    expect(posted.stderr).not.toMatch(/negotiators resumed talks/);

    const list = await sitrep(['digest', 'list', '--format', 'json']);
    expect(JSON.parse(list.stdout).subscriptions).toEqual([
      expect.objectContaining({
        id: 1,
        channel: 'console:ops',
        stories: ['syria'],
        cron: '0 8 * * *',
        timeZone: 'Europe/Berlin',
        paused: null,
        lastRun: expect.objectContaining({ slot: '2025-11-25T07:00:00.000Z', status: 'posted' }),
      }),
    ]);
  });

  it('uses SITREP_TZ by default and reports bad input clearly, storing nothing', async () => {
    const tokyo = await sitrep(['digest', 'add', '--channel', 'console:tokyo', '--cron', 'weekdays 07:30', '--format', 'json'], { SITREP_TZ: 'Asia/Tokyo' });
    expect(tokyo.code).toBe(0);
    expect(JSON.parse(tokyo.stdout)).toMatchObject({ stories: 'all', schedule: 'weekdays 07:30', cron: '30 7 * * 1,2,3,4,5', timeZone: 'Asia/Tokyo' });

    const cases: [string[], number, RegExp][] = [
      [['--channel', 'console:x', '--cron', '0 25 * * *'], 1, /hour 25 is out of range 0-23/],
      [['--channel', 'console:x', '--cron', 'daily 08:00', '--tz', 'Mars/Olympus'], 1, /"Mars\/Olympus" is not a known IANA time zone/],
      [['--channel', 'console:x', '--cron', 'daily 08:00', '--stories', 'atlantis'], 1, /Not tracked: atlantis[\s\S]*Tracked stories: syria/],
      [['--channel', 'slack:C0123456', '--cron', 'daily 08:00'], 1, /A slack channel belongs to a slack workspace/],
      [['--cron', 'daily 08:00'], 2, /needs --channel/],
    ];
    for (const [args, code, message] of cases) {
      const r = await sitrep(['digest', 'add', ...args]);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(code);
    }
    const remove = await sitrep(['digest', 'remove', '99']);
    expect(remove.code).toBe(1);
    expect(remove.stderr).toMatch(/There is no digest #99/);

    const list = await sitrep(['digest', 'list']);
    expect(list.stdout.match(/^- #\d+/gm)).toHaveLength(2);
    expect(list.stdout).toMatch(/#2 console:tokyo · weekdays 07:30 \(Asia\/Tokyo\) · all tracked stories · next /);
  });

  it('serve starts the scheduler: a slot missed while it was down is posted to the console chat on start', async () => {
    const serveDb = join(dir, 'serve.db');
    const app = buildSqliteApp({ dbPath: serveDb, clock: () => new Date(), logger: silentLogger });
    await app.services.stories.track({ workspace: 'local', name: 'syria', aliases: [], by: 't' });
    const { subscription } = await app.services.digests!.add({
      workspace: 'local',
      channel: { platform: 'console', id: 'newsroom' },
      stories: 'all',
      schedule: '0 * * * *',
      timeZone: 'UTC',
      by: 't',
    });
    // As if it had been created yesterday, so this hour's slot was missed while nothing was running.
    app.db.prepare('UPDATE digest_subscriptions SET active_since = ? WHERE id = ?').run(Date.now() - 86_400_000, subscription.id);
    await app.close();

    const serve = await runSitrep(['--db', serveDb, 'serve'], { input: '' });
    expect(serve.code).toBe(0);
    expect(serve.stdout).toMatch(/--- posted to console:newsroom \(local\) ---\n# Digest for /);
    const list = await runSitrep(['--db', serveDb, 'digest', 'list', '--format', 'json']);
    expect(JSON.parse(list.stdout).subscriptions[0].lastRun).toMatchObject({ status: 'posted' });
  });
});
