import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSitrep } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-window-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const db = join(dir, 'w.db');
const sitrep = (args: string[]) => runSitrep(['--db', db, ...args]);

const ARTICLES = [
  ['2012-05-24T09:00:00Z', 'Wire A', 'Observers tour Hama', 'United Nations observers toured Hama in Syria on Thursday and met local officials about the ceasefire.'],
  ['2012-05-26T09:00:00Z', 'Wire A', 'Massacre in Houla', 'At least 90 people were killed in Houla in Syria on Saturday, United Nations observers said after visiting the town.'],
  ['2012-05-27T10:00:00Z', 'Wire B', 'Council condemns Houla', 'The Security Council condemned the killings in Houla in Syria on Sunday and blamed government shelling for most deaths.'],
  ['2012-05-30T10:00:00Z', 'Wire B', 'Envoys expelled', 'Several Western governments expelled Syrian envoys on Tuesday in protest at the Houla massacre.'],
];

describe('brief, ask and timeline over any period, from the terminal', () => {
  beforeAll(async () => {
    writeFileSync(
      join(dir, 'a.jsonl'),
      ARTICLES.map(([publishedAt, source, title, text]) => JSON.stringify({ publishedAt, source, title, text })).join('\n'),
    );
    expect((await sitrep(['import', join(dir, 'a.jsonl')])).code).toBe(0);
    expect((await sitrep(['track', 'syria'])).code).toBe(0);
  });

  it('reads only the period between --since and --until (the last day included)', async () => {
    const r = await sitrep(['brief', 'syria', '--since', '2012-05-25', '--until', '2012-05-28', '--format', 'json']);
    expect(r.stderr).toBe('');
    const b = JSON.parse(r.stdout);
    expect(b.window).toEqual({ from: '2012-05-25T00:00:00.000Z', to: '2012-05-29T00:00:00.000Z' });
    const days = b.sources.map((s: { publishedAt: string }) => s.publishedAt.slice(0, 10)).sort();
    expect(days).toEqual(['2012-05-26', '2012-05-27']);
    const md = await sitrep(['timeline', 'syria', '--since', '2012-05-25', '--until', '2012-05-28']);
    expect(md.stdout).toMatch(/^# Timeline: syria \(2012-05-25 to 2012-05-28\)/);
    expect(md.stdout).not.toMatch(/Hama|expelled/);
    const ask = await sitrep(['ask', 'who expelled the envoys?', '--until', '2012-05-28', '--format', 'json']);
    const a = JSON.parse(ask.stdout);
    expect(a.question).toBe('who expelled the envoys?');
    expect(a.story).toBeUndefined();
    expect(a.sources.every((s: { publishedAt: string }) => s.publishedAt < '2012-05-29')).toBe(true);
  });

  it('refuses bad periods with a specific message and a usage line in terminal syntax', async () => {
    const backwards = await sitrep(['brief', 'syria', '--since', '2012-05-28', '--until', '2012-05-25']);
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toMatch(/ends before it starts: --until 2012-05-25 is not after --since 2012-05-28/);
    const future = await sitrep(['timeline', 'syria', '--since', '2999-01-01']);
    expect(future.stderr).toMatch(/"--since 2999-01-01" is in the future/);
    const empty = await sitrep(['brief', 'syria', '--since', '']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/since needs a value/);
    expect(empty.stderr).toMatch(/Usage: brief <story or search words> \[--since 24h\|/);
    expect(empty.stderr).not.toMatch(/since:/);
  });

  it('treats an empty story like a missing one and refuses a search of only common words', async () => {
    const blank = await sitrep(['brief', '']);
    const none = await sitrep(['brief']);
    expect([blank.code, none.code]).toEqual([2, 2]);
    expect(blank.stderr).toBe(none.stderr);
    const common = await sitrep(['brief', 'the of and']);
    expect(common.code).toBe(1);
    expect(common.stderr).toMatch(/"the of and" has only common words/);
    const unknown = await sitrep(['brief', 'narnia']);
    expect(unknown.stderr).toMatch(/None of the 4 stored articles mention it/);
    expect(unknown.stderr).not.toMatch(/Import or add articles first/);
  });

  it('says "24 hours" when the default window was empty and widened', async () => {
    const r = await sitrep(['brief', 'syria', '--until', '2012-05-29']);
    expect(r.stdout).toMatch(/Nothing in the 24 hours before 2012-05-30; showing the newest 7 days of coverage/);
    const t = await sitrep(['timeline', 'syria']);
    expect(t.stdout).toMatch(/Nothing in the last 30 days; showing/);
  });

  it('does not print a zero-width period for a digest slot older than the last run', async () => {
    expect((await sitrep(['digest', 'add', '--channel', 'console:ops', '--stories', 'syria', '--cron', '0 8 * * *', '--tz', 'UTC'])).code).toBe(0);
    expect((await sitrep(['digest', 'run', '1', '--now', '2012-05-31T09:00:00Z'])).code).toBe(0);
    const old = await sitrep(['digest', 'run', '1', '--now', '2012-05-28T09:00:00Z']);
    expect(old.code).toBe(0);
    expect(old.stdout).not.toMatch(/Covers (.+) to \1/);
    expect(old.stdout).toMatch(/already covered/);
  });
});
