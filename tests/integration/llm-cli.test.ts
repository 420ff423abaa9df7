import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai-server.ts';
import { runSitrep } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-llm-cli-'));
const db = join(dir, 'llm.db');
let fake: FakeOpenAi;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  writeFileSync(
    join(dir, 'sudan.jsonl'),
    [
      { title: 'Ceasefire talks resume', source: 'Wire A', publishedAt: '2025-11-10T08:00:00Z', text: 'Sudan ceasefire talks resumed in Jeddah on Tuesday, mediators said. The talks focus on a humanitarian truce for Darfur.' },
      { title: 'Sudan talks back on', source: 'Wire B', publishedAt: '2025-11-10T09:00:00Z', text: "Sudan's warring parties resumed ceasefire talks in Jeddah on Tuesday, according to mediators. Aid agencies welcomed the move." },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n'),
  );
  const imp = await runSitrep(['--db', db, 'import', join(dir, 'sudan.jsonl')]);
  expect(imp.code).toBe(0);
  await runSitrep(['--db', db, 'track', 'sudan']);
});

afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the sitrep CLI with OPENAI_BASE_URL pointing at a fake server', () => {
  it('prints an LLM brief with the verification object, then a cached one, and reports usage', async () => {
    const env = { OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'fake-model' };
    const res = await runSitrep(['--db', db, 'brief', 'sudan', '--since', '2025-11-01', '--format', 'json'], { env });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const b = JSON.parse(res.stdout);
    expect(b.engine).toBe('llm:fake-model');
    expect(b.verification).toEqual({ bullets: b.bullets.length, dropped: 0, unsupportedNumbers: 0, badCitations: 0, unsupportedQuotes: 0, unsupportedClaims: 0, flagged: 0 });
    expect(b.llm).toMatchObject({ prompt: 'brief@2', model: 'fake-model', cached: false });
    expect(b.bullets.length).toBeGreaterThan(0);
    // Only a base URL was set: a placeholder key is sent, and local servers get max_tokens.
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer sitrep-local-no-key');
    expect(fake.requests[0]!.body.max_tokens).toBe(900);

    const md = await runSitrep(['--db', db, 'brief', 'sudan', '--since', '2025-11-01'], { env });
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/llm:fake-model engine · .*citations checked: \d+ bullets? kept · prompt brief@2, cached/);
    expect(fake.requests).toHaveLength(1);

    const usage = await runSitrep(['--db', db, 'usage', '--format', 'json'], { env });
    expect(usage.code).toBe(0);
    expect(JSON.parse(usage.stdout)).toMatchObject({
      workspace: 'local',
      engine: 'llm:fake-model',
      total: { requests: 1, promptTokens: 1000, completionTokens: 100 },
    });
  });

  it('writes extractive briefs without an LLM configured', async () => {
    const res = await runSitrep(['--db', db, 'brief', 'sudan', '--since', '2025-11-01', '--format', 'json']);
    const b = JSON.parse(res.stdout);
    expect(b.engine).toBe('extractive');
    expect(b.verification).toBeUndefined();
  });

  it('stops the start with a clear error when a prompt file is missing or malformed', async () => {
    const prompts = join(dir, 'prompts');
    mkdirSync(prompts);
    writeFileSync(join(prompts, 'brief.md'), '---\nid: brief\nversion: one\n---\n## system\nx\n## user\ny\n');
    const res = await runSitrep(['--db', db, 'brief', 'sudan'], { env: { OPENAI_BASE_URL: fake.url, SITREP_PROMPTS_DIR: prompts } });
    expect(res.code).toBe(78);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/brief\.md: bad front-matter: version/);
    expect(res.stderr).toMatch(/digest\.md: file is missing/);
  });

  it('rejects bad LLM settings naming the variable', async () => {
    const res = await runSitrep(['--db', db, 'stories'], {
      env: { OPENAI_TIMEOUT_MS: 'soon', SITREP_LLM_UNVERIFIED: 'maybe', SITREP_LLM_PRICE: 'cheap' },
    });
    expect(res.code).toBe(78);
    expect(res.stderr).toMatch(/OPENAI_TIMEOUT_MS: expected a whole number from 100 to 600000, got "soon"/);
    expect(res.stderr).toMatch(/SITREP_LLM_UNVERIFIED: expected drop, mark or strict/);
    expect(res.stderr).toMatch(/SITREP_LLM_PRICE: expected "input,output"/);
  });

  it('takes --language: a model that leaves out the source wording is not trusted, and an unknown language is refused', async () => {
    const env = { OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'fake-model' };
    const before = fake.requests.length;
    // The default fake answers in the plain shape, without the source wording a translation must carry.
    const res = await runSitrep(['--db', db, 'brief', 'sudan', '--since', '2025-11-01', '--language', 'fr', '--format', 'json'], { env });
    expect(res.code).toBe(0);
    const b = JSON.parse(res.stdout);
    expect(JSON.stringify(fake.requests[before]!.body.response_format)).toContain('source_text');
    expect(b.language).toBe('fr');
    expect(b.engine).toBe('extractive');
    expect(b.notes.join(' ')).toMatch(/failed the citation checks.*Not in French: the extractive summary written instead/);
    const bad = await runSitrep(['--db', db, 'brief', 'sudan', '--language', 'xx'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/language must be one of en, fr, es, de, it, pt, ar, ru; got "xx"/);
    expect(bad.stderr).toMatch(/\[--language fr\]/);
  });
});
