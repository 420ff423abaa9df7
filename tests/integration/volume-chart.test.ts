import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { createVolumeService } from '../../src/briefing/volume-service.ts';
import { CHART_STYLE } from '../../src/chat/chart/volume-chart.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { storyQuery } from '../../src/core/text-query.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { article, createRecordingPublisher } from '../helpers/digests.ts';
import { runSitrep } from '../helpers/run-cli.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';

const DAY = 86_400_000;

describe.runIf(hasSharedData)(`story volume on LibyaWar_cnn${SKIP_REASON}`, () => {
  let app: App;
  beforeAll(async () => {
    app = memoryApp(fixedClock('2012-01-01T00:00:00Z').now);
    const report = await app.importer.importPaths('local', [shared('timeline17/LibyaWar_cnn')]);
    expect(report.added).toBeGreaterThan(300);
    await app.services.stories.track({ workspace: 'local', name: 'libya', aliases: [], by: 't' });
  });
  afterAll(() => app.close());

  it('counts exactly the articles a brute-force grouping of every match finds, per day and per week', async () => {
    const story = (await app.store.getStory('local', 'libya'))!;
    const all = await app.store.searchArticles('local', storyQuery(story), { limit: 100_000, order: 'newest' });
    const volume = createVolumeService({ store: app.store, logger: silentLogger });
    for (const window of [
      { from: new Date('2011-02-15T00:00:00Z'), to: new Date('2011-03-31T00:00:00Z') },
      { from: new Date('2011-01-01T00:00:00Z'), to: new Date('2012-01-01T00:00:00Z') },
    ]) {
      const series = (await volume.ofSubject('local', 'libya', window))!;
      const inWindow = all.filter((h) => h.publishedAt >= window.from && h.publishedAt < window.to);
      expect(series.total).toBe(inWindow.length);
      for (const b of series.buckets) {
        const end = b.start.getTime() + series.bucketDays * DAY;
        expect(b.count).toBe(inWindow.filter((h) => h.publishedAt.getTime() >= b.start.getTime() && h.publishedAt.getTime() < end).length);
      }
      // Trimmed to the coverage: the first and last buckets hold articles.
      expect(series.buckets[0]!.count).toBeGreaterThan(0);
      expect(series.buckets.at(-1)!.count).toBeGreaterThan(0);
    }
  });
});

describe.runIf(hasSharedData)(`sitrep timeline --chart${SKIP_REASON}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-chart-'));
  const db = join(dir, 'chart.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saves a PNG whose bars are the JSON volume, and refuses --chart where no chart is drawn', async () => {
    expect((await runSitrep(['--db', db, 'import', shared('timeline17/LibyaWar_cnn')])).code).toBe(0);
    const file = join(dir, 'libya.png');
    const res = await runSitrep(['--db', db, 'timeline', 'libya', '--since', '2011-02-15', '--chart', file, '--format', 'json']);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/chart saved to .*libya\.png \(libya: \d+ articles, one bar per week, 2011-02-1\d to 2011-08-2\d/);
    const volume = (JSON.parse(res.stdout) as { volume: { bucketDays: number; buckets: { count: number }[] }[] }).volume[0]!;
    expect(volume.bucketDays).toBe(7);
    const png = PNG.sync.read(readFileSync(file));
    expect([png.width, png.height]).toEqual([CHART_STYLE.width, CHART_STYLE.panelHeight]);
    // One bar-coloured column run per non-empty week, as tall as its share of the peak.
    const [r, g, b] = CHART_STYLE.bar;
    const heights: number[] = [];
    let previous = 0;
    for (let x = 0; x < png.width; x++) {
      let h = 0;
      for (let y = 0; y < png.height; y++) {
        const i = (y * png.width + x) * 4;
        if (png.data[i] === r && png.data[i + 1] === g && png.data[i + 2] === b) h++;
      }
      if (h > 0 && previous === 0) heights.push(h);
      previous = h;
    }
    const counts = volume.buckets.map((x) => x.count).filter((c) => c > 0);
    const max = Math.max(...counts);
    expect(heights).toEqual(counts.map((c) => Math.max(1, Math.round((c / max) * CHART_STYLE.plotHeight))));

    const brief = await runSitrep(['--db', db, 'brief', 'libya', '--chart', file]);
    expect(brief.code).toBe(2);
    expect(brief.stderr).toContain('--chart works with timeline; "brief" draws no chart.');
    const bad = await runSitrep(['--db', db, 'timeline', 'libya', '--chart', join(dir, 'missing', 'x.png')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Cannot write the chart to .*x\.png: ENOENT/);
  }, 120_000);
});

describe('digest chart', () => {
  it('carries the last 14 days of volume of the stories with news, and none when nothing is new', async () => {
    const clock = fixedClock('2025-11-23T07:30:00Z');
    const app = memoryApp(clock.now);
    try {
      const publisher = createRecordingPublisher();
      app.publishers.register(publisher);
      for (const name of ['syria', 'sudan']) await app.services.stories.track({ workspace: 'local', name, aliases: [], by: 't' });
      const { subscription } = await app.services.digests!.add({
        workspace: 'local',
        channel: { platform: 'console', id: 'ops' },
        stories: 'all',
        schedule: 'daily 08:00',
        timeZone: 'UTC',
        by: 't',
      });
      await app.importer.importArticles('local', [
        article('Earlier Syria report', 'Wire A', '2025-11-12T09:00:00Z', ['Syrian officials met in Damascus on Wednesday to discuss the budget, officials said.']),
        article('Idlib strike', 'Wire A', '2025-11-23T09:00:00Z', ['An airstrike on a market in the Syrian city of Idlib killed 12 people on Sunday, rescuers said.']),
        article('Idlib strike 2', 'Wire B', '2025-11-23T10:00:00Z', ['Rescuers in Syria said an airstrike on an Idlib market killed 12 people on Sunday.']),
      ]);
      clock.set('2025-11-24T08:00:30Z');
      await app.services.digests!.run({ workspace: 'local', id: subscription.id, now: '2025-11-24T08:00' });
      const reply = publisher.posts[0]!.reply;
      expect(reply.chart?.series.map((s) => s.label)).toEqual(['syria']);
      const series = reply.chart!.series[0]!;
      expect(series.buckets).toHaveLength(14);
      // The 14 UTC days ending with the slot's own day (24 November, counted up to the slot).
      expect(series.buckets[0]!.start.toISOString()).toBe('2025-11-11T00:00:00.000Z');
      expect(series.buckets.map((b) => b.count)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0]);
      expect((reply.data as { volume: { story: string; total: number }[] }).volume).toEqual([
        expect.objectContaining({ story: 'syria', total: 3, bucketDays: 1 }),
      ]);
      clock.set('2025-11-25T08:00:30Z');
      await app.services.digests!.run({ workspace: 'local', id: subscription.id, now: '2025-11-25T08:00' });
      expect(publisher.posts[1]!.reply.chart).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

