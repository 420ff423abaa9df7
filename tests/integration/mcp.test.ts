import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/registry.ts';
import { runSitrep } from '../helpers/run-cli.ts';
import { hasSharedData, ROOT, shared, SKIP_REASON } from '../helpers/shared-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-mcp-'));
const db = join(dir, 'mcp.db');

/** Starts `sitrep mcp` as a child process, exactly as an agent would, and connects the SDK's own client to it. */
async function connect(workspace: string): Promise<{ client: Client; transport: StdioClientTransport; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [resolve(ROOT, 'bin/sitrep.js'), '--db', db, '--workspace', workspace, 'mcp'],
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: 'sitrep-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport, stderr: () => err };
}

function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

let local: Awaited<ReturnType<typeof connect>>;

beforeAll(async () => {
  if (!hasSharedData) return;
  const imp = await runSitrep(['--db', db, 'import', shared('timeline17/LibyaWar_cnn')]);
  expect(imp.code).toBe(0);
  expect((await runSitrep(['--db', db, 'track', 'libya'])).code).toBe(0);
  // A second workspace with an article the first must never see.
  writeFileSync(
    join(dir, 'other.jsonl'),
    `${JSON.stringify({ title: 'Quarry talks in Ruritania', source: 'Other Wire', publishedAt: '2011-03-01T10:00:00Z', text: 'Ruritania and Libya opened quarry talks in Strelsau on Tuesday, officials said.' })}\n`,
  );
  expect((await runSitrep(['--db', db, '--workspace', 'team-b', 'import', join(dir, 'other.jsonl')])).code).toBe(0);
  local = await connect('local');
}, 120_000);

afterAll(async () => {
  await local?.client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(hasSharedData)(`sitrep mcp over stdio, with the SDK's client, on LibyaWar_cnn${SKIP_REASON}`, () => {
  it('lists exactly the four read-only tools, with input schemas taken from the command specs', async () => {
    const { tools } = await local.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['ask', 'brief', 'stories', 'timeline']);
    for (const tool of tools) {
      const command = findCommand(tool.name)!;
      expect(Object.keys(tool.inputSchema.properties ?? {})).toEqual(command.options.map((o) => o.name));
      expect(tool.inputSchema.required ?? []).toEqual(command.options.filter((o) => o.required).map((o) => o.name));
      for (const o of command.options) {
        expect((tool.inputSchema.properties as Record<string, { description?: string }>)[o.name]?.description).toBe(o.description);
      }
      expect(tool.annotations?.readOnlyHint).toBe(true);
      expect(tool.outputSchema?.type).toBe('object');
    }
  });

  it('briefs a story: Markdown text plus the --format json object as structured content', async () => {
    const result = await call(local.client, 'brief', { story: 'libya', since: '2011-03-15' });
    expect(result.isError).toBeFalsy();
    const md = text(result);
    expect(md).toMatch(/^# Brief: libya \(2011-03-15 to /);
    expect(md).toMatch(/\[1\].*LibyaWar\\_cnn/);
    const data = result.structuredContent as { kind: string; bullets: { citations: number[] }[]; sources: { n: number }[] };
    expect(data.kind).toBe('brief');
    expect(data.bullets.length).toBeGreaterThanOrEqual(3);
    const cited = new Set(data.sources.map((s) => s.n));
    for (const b of data.bullets) for (const n of b.citations) expect(cited.has(n)).toBe(true);
    // The same brief as the CLI prints for the same request.
    const cli = await runSitrep(['--db', db, 'brief', 'libya', '--since', '2011-03-15', '--format', 'json']);
    const fromCli = JSON.parse(cli.stdout) as { bullets: unknown[]; window: unknown };
    expect(fromCli.bullets).toEqual((result.structuredContent as { bullets: unknown[] }).bullets);
  });

  it('answers a question and draws a timeline', async () => {
    const answer = await call(local.client, 'ask', { question: 'What did NATO say about the no-fly zone?' });
    expect(answer.isError).toBeFalsy();
    expect((answer.structuredContent as { kind: string; bullets: unknown[] }).kind).toBe('answer');
    expect((answer.structuredContent as { bullets: unknown[] }).bullets.length).toBeGreaterThan(0);
    const timeline = await call(local.client, 'timeline', { story: 'libya', since: '2011-02-15' });
    expect(timeline.isError).toBeFalsy();
    const dates = (timeline.structuredContent as { bullets: { date: string }[] }).bullets.map((b) => b.date);
    expect(dates.length).toBeGreaterThan(3);
    expect([...dates].sort()).toEqual(dates);
  });

  it('lists the tracked stories of its workspace only', async () => {
    const result = await call(local.client, 'stories', {});
    expect(result.isError).toBeFalsy();
    const stories = (result.structuredContent as { stories: { name: string; articleCount: number }[] }).stories;
    expect(stories.map((s) => s.name)).toEqual(['libya']);
    expect(stories[0]!.articleCount).toBeGreaterThan(300);
    expect(text(result)).toContain('libya: ');
  });

  it('returns bad input as tool errors with our message, and keeps serving', async () => {
    const unknown = await call(local.client, 'brief', { story: 'narnia' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/No stored articles match "narnia"/);
    expect(text(unknown)).toMatch(/Tracked stories: libya/);

    const badDate = await call(local.client, 'timeline', { story: 'libya', since: 'yesterdayish' });
    expect(badDate.isError).toBe(true);
    expect(text(badDate)).toContain('Cannot read the window "yesterdayish".');
    const future = await call(local.client, 'brief', { story: 'libya', since: '2099-01-01' });
    expect(future.isError).toBe(true);
    expect(text(future)).toMatch(/is in the future/);

    const missing = await call(local.client, 'ask', { question: '   ' });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/Ask a question|Missing question/);
    const wrongType = await call(local.client, 'brief', { story: 'libya', since: 7 });
    expect(wrongType.isError).toBe(true);
    expect(text(wrongType)).toMatch(/since/);

    // Query syntax is searched as plain words, never passed to the full-text engine.
    for (const story of ['libya OR *', 'NEAR(', '"unclosed', 'libya AND -']) {
      const result = await call(local.client, 'brief', { story, since: '2011-01-01' });
      if (result.isError) expect(text(result)).toMatch(/No stored articles match|has no words to search for/);
      else expect((result.structuredContent as { kind: string }).kind).toBe('brief');
    }
    const stillUp = await call(local.client, 'stories', {});
    expect(stillUp.isError).toBeFalsy();
    expect(local.stderr()).not.toMatch(/"level":50/);
  });

  it('is scoped to the workspace it was started for, and exits when the client closes', async () => {
    const other = await connect('team-b');
    const stories = await call(other.client, 'stories', {});
    expect((stories.structuredContent as { stories: unknown[] }).stories).toEqual([]);
    const brief = await call(other.client, 'brief', { story: 'libya', since: '2011-01-01' });
    expect(brief.isError).toBeFalsy();
    expect((brief.structuredContent as { sources: { source: string }[] }).sources.map((s) => s.source)).toEqual(['Other Wire']);
    const fromLocal = await call(local.client, 'ask', { question: 'What about the quarry talks in Strelsau?' });
    expect(JSON.stringify(fromLocal.structuredContent)).not.toContain('Other Wire');

    const pid = other.transport.pid!;
    const exited = new Promise<void>((done) => {
      other.transport.onclose = () => done();
    });
    await other.client.close();
    await exited;
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
