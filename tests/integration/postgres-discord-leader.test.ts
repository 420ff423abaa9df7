import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/fake-discord.ts';
import { hasPostgres, PG_SKIP_REASON, useTestDatabase } from '../helpers/postgres.ts';
import { ROOT } from '../helpers/shared-data.ts';

const db = useTestDatabase();

/** A `sitrep serve` process with Discord configured, its stderr collected. */
interface Instance {
  child: ChildProcessWithoutNullStreams;
  stderr(): string;
  /** Resolves when stderr has printed `text`. */
  printed(text: string): Promise<void>;
  exited: Promise<number | null>;
}

function serve(fake: FakeDiscord, url: string): Instance {
  const child = spawn(process.execPath, [resolve(ROOT, 'bin/sitrep.js'), '--db', url, 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      DISCORD_TOKEN: 'fake.bot.token',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  const watchers: { text: string; done: () => void }[] = [];
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of [...watchers]) {
      if (!err.includes(w.text)) continue;
      watchers.splice(watchers.indexOf(w), 1);
      w.done();
    }
  });
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return {
    child,
    stderr: () => err,
    printed: (text) =>
      err.includes(text)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((done) => watchers.push({ text, done })),
            exited.then(() => Promise.reject(new Error(`serve exited before printing "${text}":\n${err}`))),
          ]),
    exited,
  };
}

const READY = 'Discord bot ready';
const FOLLOWER = 'another instance holds the Discord gateway';

describe.skipIf(!hasPostgres)(`two sitrep serve instances with Discord on one PostgreSQL database${PG_SKIP_REASON}`, () => {
  let fake: FakeDiscord;
  const running: Instance[] = [];
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    for (const i of running) i.child.kill('SIGKILL');
    await Promise.all(running.map((i) => i.exited));
    await fake.close();
  });

  it('connects the gateway from exactly one; after that one is killed -9 the other takes over within seconds', async () => {
    const first = serve(fake, db.url());
    running.push(first);
    await first.printed(READY);
    // The second starts once the first holds the lock (and its migrations are done), so the roles are known.
    const second = serve(fake, db.url());
    running.push(second);
    await second.printed(FOLLOWER);
    expect(fake.identifies).toHaveLength(1);
    expect(second.stderr()).not.toContain(READY);

    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    await first.exited;
    await second.printed(READY);
    const tookOverMs = Date.now() - killedAt;
    expect(fake.identifies).toHaveLength(2);
    // One election interval (5 s) plus connecting; generous for a loaded machine, far below "minutes".
    expect(tookOverMs).toBeLessThan(60_000);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
