import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliver, SlackFake } from '../fakes/slack-fake.ts';
import { runSitrep } from '../helpers/run-cli.ts';
import { ROOT } from '../helpers/shared-data.ts';
import { SECRET, slashForm } from '../helpers/slack.ts';

const BOT = { token: 'xoxb-serve-bot', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' };
const dir = mkdtempSync(join(tmpdir(), 'sitrep-slack-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `sitrep serve` as `npm start` runs it, with its stderr log lines parsed as they arrive. */
function serve(env: Record<string, string>): { child: ChildProcess; lines: Record<string, unknown>[]; waitForLine(msg: string): Promise<Record<string, unknown>>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [resolve(ROOT, 'bin/sitrep.js'), 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { msg: string; resolve: (l: Record<string, unknown>) => void }[] = [];
  let buffer = '';
  child.stderr!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const raw = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        line = { msg: raw };
      }
      lines.push(line);
      for (const w of waiters.filter((x) => x.msg === line['msg'])) w.resolve(line);
    }
  });
  const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return {
    child,
    lines,
    exit,
    waitForLine: (msg) => {
      const seen = lines.find((l) => l['msg'] === msg);
      return seen ? Promise.resolve(seen) : new Promise((r) => waiters.push({ msg, resolve: r }));
    },
  };
}

describe('npm start with Slack credentials', () => {
  let fake: SlackFake;
  beforeEach(async () => {
    fake = await new SlackFake().start();
    fake.addBot(BOT);
  });
  afterEach(() => fake.stop());

  it('serves Slack instead of the console chat and stops cleanly on SIGTERM', async () => {
    const db = join(dir, 'serve.db');
    const imported = await runSitrep(['--db', db, '--workspace', 'slack:T1', 'track', 'syria']);
    expect(imported.code).toBe(0);
    const server = serve({ SITREP_DB: db, SLACK_BOT_TOKEN: BOT.token, SLACK_SIGNING_SECRET: SECRET, SLACK_PORT: '0', SLACK_API_URL: fake.apiUrl });
    const started = await server.waitForLine('slack adapter started');
    expect(started).toMatchObject({ mode: 'http', workspaces: 'single', teamId: 'T1' });
    await deliver(`http://127.0.0.1:${String(started['port'])}/slack/events`, SECRET, {
      form: slashForm(fake, { command: '/stories', text: '', responseId: 'serve' }),
    });
    const post = await fake.waitForResponse((r) => r.id === 'serve');
    expect(JSON.stringify(post.body['blocks'])).toMatch(/syria: 0 articles/);
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(server.lines.map((l) => l['msg'])).toContain('slack adapter stopped');
    expect(JSON.stringify(server.lines)).not.toContain(BOT.token);
  });

  it('answers /healthz, /readyz and /metrics on the Slack port, counting the commands it served', async () => {
    const db = join(dir, 'health.db');
    const server = serve({ SITREP_DB: db, SLACK_BOT_TOKEN: BOT.token, SLACK_SIGNING_SECRET: SECRET, SLACK_PORT: '0', SLACK_API_URL: fake.apiUrl });
    const started = await server.waitForLine('slack adapter started');
    const base = `http://127.0.0.1:${String(started['port'])}`;
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok\n');
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    await deliver(`${base}/slack/events`, SECRET, { form: slashForm(fake, { command: '/stories', text: '', responseId: 'metrics' }) });
    await fake.waitForResponse((r) => r.id === 'metrics');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^sitrep_commands_total\{command="stories",platform="slack",outcome="ok"\} 1$/m);
    expect(metrics).toMatch(/^sitrep_command_duration_seconds_count\{command="stories"\} 1$/m);
    // The queues are read from the database on each scrape; this one is empty.
    for (const queue of ['feeds_due', 'feeds_polling', 'digests_unfinished', 'search_index']) {
      expect(metrics).toMatch(new RegExp(`^sitrep_queue_depth\\{queue="${queue}"\\} 0$`, 'm'));
    }
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  });

  it('serves health and metrics on SITREP_HTTP_PORT when it differs from the Slack port', async () => {
    const db = join(dir, 'health-port.db');
    const free = await new Promise<number>((done) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => done(port));
      });
    });
    const server = serve({
      SITREP_DB: db,
      SLACK_BOT_TOKEN: BOT.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_PORT: '0',
      SLACK_API_URL: fake.apiUrl,
      SITREP_HTTP_PORT: String(free),
    });
    const listening = await server.waitForLine('health and metrics endpoint listening');
    expect(listening['port']).toBe(free);
    await server.waitForLine('slack adapter started');
    expect((await fetch(`http://127.0.0.1:${free}/readyz`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${free}/metrics`)).text()).toMatch(/^# TYPE sitrep_digests_total counter$/m);
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  });

  it('refuses to start with a token Slack rejects, naming the variable', async () => {
    const result = await runSitrep(['serve'], {
      env: { SITREP_DB: join(dir, 'bad.db'), SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: SECRET, SLACK_PORT: '0', SLACK_API_URL: fake.apiUrl },
    });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN: Slack rejected the token \(invalid_auth\)/);
    expect(result.stderr).not.toContain('xoxb-revoked');
  });
});
