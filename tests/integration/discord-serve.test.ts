import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interaction } from '../fakes/discord-payloads.ts';
import { FakeDiscord } from '../fakes/fake-discord.ts';
import { ROOT } from '../helpers/shared-data.ts';

describe('sitrep serve with Discord configured', () => {
  let fake: FakeDiscord;
  let dir: string;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    dir = mkdtempSync(join(tmpdir(), 'sitrep-discord-'));
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects, answers a slash command, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [resolve(ROOT, 'bin/sitrep.js'), '--db', join(dir, 'db.sqlite'), 'serve'], {
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
    let stderr = '';
    const ready = new Promise<void>((done) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('Discord bot ready')) done();
      }),
    );
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    await Promise.race([ready, exited.then(() => Promise.reject(new Error(`serve exited early:\n${stderr}`)))]);

    const i = interaction(fake.applicationId, { guildId: '400000000000000001', channelId: '500000000000000001', userId: '600000000000000001' }, 'stories', []);
    fake.dispatch('INTERACTION_CREATE', i.payload);
    const callback = await fake.waitFor((r) => r.path.includes(i.token) && r.path.endsWith('/callback'));
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitFor((r) => r.path.includes(i.token) && r.method === 'PATCH');
    expect(JSON.stringify(edit.body)).toMatch(/No stories are tracked yet/);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fake.closedSockets).toBeGreaterThanOrEqual(1);
    expect(stderr).toMatch(/shutting down/);
  });

  it('stops with exit code 78 naming DISCORD_TOKEN when Discord rejects the token (one request, no retries)', async () => {
    fake.override((r) => (r.headers.authorization === 'Bot bad.token' ? { status: 401, body: { message: '401: Unauthorized', code: 0 } } : undefined));
    const child = spawn(process.execPath, [resolve(ROOT, 'bin/sitrep.js'), '--db', join(dir, 'db3.sqlite'), 'serve'], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        DISCORD_TOKEN: 'bad.token',
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(code).toBe(78);
    expect(stderr).toMatch(/DISCORD_TOKEN: Discord rejected the token/);
    expect(fake.requests.filter((r) => r.headers.authorization === 'Bot bad.token')).toHaveLength(1);
  });

  it('stops with a clear message and exit code 78 on a bad DISCORD_MANAGE_PERMISSIONS name', async () => {
    const child = spawn(process.execPath, [resolve(ROOT, 'bin/sitrep.js'), '--db', join(dir, 'db2.sqlite'), 'serve'], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        DISCORD_TOKEN: 'fake.bot.token',
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_MANAGE_PERMISSIONS: 'ManageEverything',
      },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(code).toBe(78);
    expect(stderr).toMatch(/DISCORD_MANAGE_PERMISSIONS: unknown Discord permission "ManageEverything"/);
  });
});
