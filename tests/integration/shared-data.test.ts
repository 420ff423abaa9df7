import { describe, expect, it } from 'vitest';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';

const RELATED = [
  'US temporarily eases sanctions against Syria for 180 days',
  'Syrian leader may have personal reasons to fight ISIS',
  'US to establish military presence at Damascus airbase',
];

describe.skipIf(!hasSharedData)(`real data from ../shared/data${SKIP_REASON}`, () => {
  it('imports the seed article dated 2025-11-11 without the scraped related headlines, and briefs it with citations', async () => {
    const clock = fixedClock('2025-11-12T09:00:00Z');
    const app = memoryApp(clock.now);
    const report = await app.importer.importPaths('local', [shared('seed')]);
    expect(report).toMatchObject({ files: 1, added: 1, duplicates: 0, rejected: [] });
    const [article] = await app.store.getArticles('local', [1]);
    expect(article!.publishedAt.toISOString().slice(0, 10)).toBe('2025-11-11');
    for (const h of RELATED) expect(article!.body).not.toContain(h);
    expect(article!.body).not.toMatch(/^Details$/m);
    expect(article!.body).toContain('61 raids');

    await app.services.stories.track({ workspace: 'local', name: 'syria', aliases: [], by: 'test' });
    const brief = await app.services.briefing.brief({ workspace: 'local', subject: 'syria' });
    expect(brief.subject).toBe('story');
    expect(brief.sources).toHaveLength(1);
    expect(brief.sources[0]!.articleId).toBe(article!.id);
    expect(brief.bullets.length).toBeGreaterThanOrEqual(3);
    for (const b of brief.bullets) {
      expect(b.citations).toEqual([1]);
      for (const h of RELATED) expect(b.text).not.toContain(h);
    }
    const text = `${brief.headline}\n${brief.bullets.map((b) => b.text).join('\n')}`;
    expect(text).toMatch(/Syria has joined the international coalition/);
    expect(text).toMatch(/Islamic State/);
    await app.close();
  });

  it('imports a Timeline17 topic (detokenised, folder as source) and briefs a date window of it', async () => {
    const clock = fixedClock('2011-02-12T12:00:00Z');
    const app = memoryApp(clock.now);
    const report = await app.importer.importPaths('local', [shared('timeline17', 'EgyptianProtest_cnn')]);
    expect(report.files).toBe(1);
    expect(report.added).toBeGreaterThan(250);
    // Lines with empty text are rejected with their line numbers, never silently dropped.
    for (const r of report.rejected) expect(r.where).toMatch(/articles\.jsonl\.gz:\d+$/);
    expect(report.added + report.duplicates + report.rejected.length).toBe(273);

    const again = await app.importer.importPaths('local', [shared('timeline17', 'EgyptianProtest_cnn')]);
    expect(again.added).toBe(0);
    expect(again.duplicates).toBe(report.added + report.duplicates);

    const brief = await app.services.briefing.brief({ workspace: 'local', subject: 'mubarak', since: '2011-02-10' });
    expect(brief.window.from.toISOString()).toBe('2011-02-10T00:00:00.000Z');
    expect(brief.bullets.length).toBeGreaterThanOrEqual(3);
    expect(brief.bullets.length).toBeLessThanOrEqual(7);
    for (const s of brief.sources) {
      expect(s.source).toBe('EgyptianProtest_cnn');
      expect(s.publishedAt.getTime()).toBeGreaterThanOrEqual(brief.window.from.getTime());
      expect(s.title).not.toMatch(/-LRB-|``| 's /);
    }
    expect(brief.bullets.map((b) => b.text).join(' ')).toMatch(/Mubarak/);
    const timeline = await app.services.briefing.timeline({ workspace: 'local', subject: 'egypt', since: '2011-01-20' });
    const dates = timeline.bullets.map((b) => b.date!);
    expect(dates.length).toBeGreaterThan(5);
    expect([...dates].sort()).toEqual(dates);
    expect(dates[0]! < '2011-02-01').toBe(true);
    await app.close();
  });
});
