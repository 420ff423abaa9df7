import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeSearchIndex } from '../../src/store/sqlite/search/search-index.ts';
import { runSitrep } from '../helpers/run-cli.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sitrep CLI in a child process', () => {
  const db = join(dir, 'cli.db');

  it('imports, tracks, lists and briefs with --format json', async () => {
    writeFileSync(
      join(dir, 'a.jsonl'),
      [
        { title: 'Ceasefire talks resume', source: 'Wire A', publishedAt: '2025-11-10T08:00:00Z', text: 'Sudan ceasefire talks resumed in Jeddah on Tuesday, mediators said. The talks focus on a humanitarian truce for Darfur.' },
        { title: 'Sudan talks back on', source: 'Wire B', publishedAt: '2025-11-10T09:00:00Z', text: "Sudan's warring parties resumed ceasefire talks in Jeddah on Tuesday, according to mediators. Aid agencies welcomed the move." },
        'not json',
      ]
        .map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
        .join('\n'),
    );
    const imp = await runSitrep(['--db', db, 'import', join(dir, 'a.jsonl'), '--format', 'json']);
    expect(imp.code).toBe(0);
    const report = JSON.parse(imp.stdout);
    expect(report).toMatchObject({ files: 1, added: 2, duplicates: 0 });
    expect(report.rejected[0].where).toMatch(/a\.jsonl:3$/);

    const track = await runSitrep(['--db', db, 'track', 'sudan', 'darfur', '--format=json']);
    expect(track.code).toBe(0);
    expect(JSON.parse(track.stdout)).toMatchObject({ story: 'sudan', aliases: ['darfur'], created: true, articleCount: 2 });

    const stories = await runSitrep(['--db', db, 'stories', '--format', 'json']);
    expect(JSON.parse(stories.stdout).stories[0]).toMatchObject({ name: 'sudan', articleCount: 2 });

    const brief = await runSitrep(['--db', db, 'brief', 'sudan', '--since', '2025-11-01', '--format', 'json']);
    expect(brief.code).toBe(0);
    const b = JSON.parse(brief.stdout);
    expect(b.story).toBe('sudan');
    expect(b.engine).toBe('extractive');
    expect(new Date(b.window.from).toISOString()).toBe('2025-11-01T00:00:00.000Z');
    expect(b.bullets[0].citations).toEqual([1, 2]);
    expect(b.sources.map((s: { source: string }) => s.source).sort()).toEqual(['Wire A', 'Wire B']);
    expect(b.sources[0]).toEqual(expect.objectContaining({ n: 1, articleId: expect.any(Number), title: expect.any(String), url: null }));

    const md = await runSitrep(['--db', db, 'brief', 'sudan', '--since', '2025-11-01']);
    expect(md.stdout).toMatch(/^# Brief: sudan/);
    expect(md.stdout).toMatch(/\[1\]\[2\]/);
    expect(md.stdout).toMatch(/Sources:\n\[1\]/);

    const ask = await runSitrep(['--db', db, 'ask', 'where did the ceasefire talks resume?', '--format', 'json']);
    expect(JSON.parse(ask.stdout).bullets[0].text).toMatch(/Jeddah/);

    const tl = await runSitrep(['--db', db, 'timeline', 'sudan', '--since', '2025-11-01', '--format', 'json']);
    // Published Monday 10 November, "resumed … on Tuesday": the line is dated by the Tuesday the talks resumed.
    expect(JSON.parse(tl.stdout).bullets[0].date).toBe('2025-11-04');

    const other = await runSitrep(['--db', db, '--workspace', 'slack:T123', 'stories', '--format', 'json']);
    expect(JSON.parse(other.stdout).stories).toEqual([]);

    const untrack = await runSitrep(['--db', db, 'untrack', 'sudan']);
    expect(untrack.stdout).toMatch(/Stopped tracking "sudan"/);
  });

  it('sends errors to stderr with a non-zero exit code', async () => {
    const unknown = await runSitrep(['--db', db, 'brief', 'atlantis', '--format', 'json']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(JSON.parse(unknown.stderr)).toMatchObject({ code: 'brief.nothing_found' });

    const usage = await runSitrep(['--db', db, 'track']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Missing name[\s\S]*Usage: track/);

    const badFormat = await runSitrep(['--db', db, 'stories', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format must be md or json/);

    const badEnv = await runSitrep(['--db', db, 'stories'], { env: { SITREP_TZ: 'Mars/Olympus', LOG_LEVEL: 'loud' } });
    expect(badEnv.code).toBe(78);
    expect(badEnv.stderr).toMatch(/SITREP_TZ: expected an IANA time zone/);
    expect(badEnv.stderr).toMatch(/LOG_LEVEL: expected one of/);

    const missing = await runSitrep(['--db', db, 'import', join(dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No such file or folder/);
  });

  it('rebuilds a lost search index once, saying so, and then answers from it', async () => {
    const file = join(dir, 'rebuild.db');
    const lines = Array.from({ length: 6_000 }, (_, i) =>
      JSON.stringify({
        url: `https://example.com/${i}`,
        title: `Report ${i}`,
        source: 'Wire',
        publishedAt: '2025-11-10T08:00:00Z',
        text: `Report ${i}: Kordofan ceasefire monitors filed update number ${i} on Tuesday.`,
      }),
    );
    writeFileSync(join(dir, 'many.jsonl'), lines.join('\n'));
    expect((await runSitrep(['--db', file, 'import', join(dir, 'many.jsonl')])).code).toBe(0);
    removeSearchIndex(file);
    const first = await runSitrep(['--db', file, '--format', 'json', 'track', 'kordofan']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/building the search index for 6,000 articles/);
    expect((JSON.parse(first.stdout) as { articleCount: number }).articleCount).toBe(6_000);
    const again = await runSitrep(['--db', file, '--format', 'json', 'stories']);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/building the search index/);
    expect((JSON.parse(again.stdout) as { stories: { articleCount: number }[] }).stories[0]!.articleCount).toBe(6_000);
  }, 60_000);

  it('prints help listing every command', async () => {
    const help = await runSitrep(['help']);
    expect(help.code).toBe(0);
    for (const c of ['import', 'track', 'untrack', 'stories', 'brief', 'ask', 'timeline', 'serve']) {
      expect(help.stdout).toContain(`sitrep ${c}`);
    }
  });

  it.skipIf(!hasSharedData)(`imports the seed folder from the shared data${SKIP_REASON}`, async () => {
    const r = await runSitrep(['--db', join(dir, 'seed.db'), 'import', shared('seed')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 added, 0 duplicates, 0 rejected/);
  });
});

describe('the console chat fed by a pipe (npm start without chat credentials)', () => {
  it('loads the demo corpus into an empty database and answers commands and questions line by line', async () => {
    const db = join(dir, 'console.db');
    const input = ['/stories', '/brief syria', 'brief sudan since:7d', 'How many trucks were in the first convoy?', '/nope', '/quit', '/stories'].join('\n');
    const r = await runSitrep(['--db', db, 'serve'], { input });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/# Tracked stories\n\n- sudan .*\n- syria .*\n- ukraine/);
    expect(r.stdout).toMatch(/# Brief: syria/);
    expect(r.stdout).toMatch(/Nasib/);
    expect(r.stdout).toMatch(/# Brief: sudan/);
    expect(r.stdout).toMatch(/40 trucks/);
    expect(r.stdout).toMatch(/Error: Unknown command \/nope/);
    // Input after /quit is not read.
    expect(r.stdout.match(/# Tracked stories/g)).toHaveLength(1);

    // A second start does not load the demo again.
    const again = await runSitrep(['--db', db, 'stories', '--format', 'json']);
    expect(JSON.parse(again.stdout).stories).toHaveLength(3);
    const count = await runSitrep(['--db', db, 'serve'], { input: '/stories\n' });
    expect(count.stdout.match(/# Tracked stories/g)).toHaveLength(1);
  });
});
