import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { selectWindowArticles, spreadOverTime } from '../../src/briefing/window-candidates.ts';
import { briefReply } from '../../src/chat/brief-reply.ts';
import { storyQuery } from '../../src/core/text-query.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';

const DAY = 86_400_000;
const month = (d: Date | string): string => new Date(d).toISOString().slice(0, 7);

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('a long window is read over its whole length', () => {
  it('spreads a sample over the time the matches cover, newest first within each slice', () => {
    const from = new Date('2011-01-01T00:00:00Z');
    const hits = Array.from({ length: 400 }, (_, i) => ({ id: i + 1, publishedAt: new Date(from.getTime() + i * (DAY / 2)), score: 0 }));
    const picked = spreadOverTime(hits, { from, to: new Date('2026-01-01T00:00:00Z') }, 50);
    expect(picked).toHaveLength(50);
    const months = new Set(picked.map((h) => month(h.publishedAt)));
    // 400 half-day steps cover about 6.5 months; every one of them is sampled although the window runs to 2026.
    expect(months.size).toBeGreaterThanOrEqual(7);
    expect(spreadOverTime(hits.slice(0, 10), { from, to: new Date() }, 50)).toHaveLength(10);
  });

  it('reads the early part of a two-year window with more matches than it counts, and says what it read', async () => {
    const clock = fixedClock('2014-01-10T00:00:00Z');
    app = memoryApp(clock.now);
    const start = Date.parse('2012-01-01T00:00:00Z');
    // 2,600 articles over two years, the first year's about a different development than the second's.
    const articles = Array.from({ length: 2600 }, (_, i) => {
      const at = new Date(start + Math.floor((i * 730 * DAY) / 2600));
      const early = at.getUTCFullYear() === 2012;
      return {
        title: `Sudan report ${i}`,
        url: null,
        language: 'en',
        source: `Wire ${i % 5}`,
        publishedAt: at,
        body: early
          ? `Sudan and its neighbour signed a border agreement in Addis Ababa, report ${i} says. The deal covers oil transit fees number ${i}.`
          : `Fighting in Sudan's Blue Nile state displaced villagers, report ${i} says. Aid groups asked for access near town ${i}.`,
      };
    });
    await app.importer.importArticles('local', articles);
    await app.services.stories.track({ workspace: 'local', name: 'sudan', aliases: [], by: 'test' });

    const window = { from: new Date('2012-01-01T00:00:00Z'), to: clock.now() };
    const sel = await selectWindowArticles(app.store, 'local', storyQuery({ name: 'sudan', aliases: [] }), window, 150);
    expect(sel).toMatchObject({ exact: false, matched: 2000, method: 'spread' });
    expect(sel.hits).toHaveLength(150);
    const years = sel.hits.map((h) => h.publishedAt.getUTCFullYear());
    expect(years.filter((y) => y === 2012).length).toBeGreaterThan(50);

    const brief = await app.services.briefing.brief({ workspace: 'local', subject: 'sudan', since: '2012-01-01' });
    expect(brief.coverage).toEqual({ matched: 2000, exact: false, method: 'spread' });
    expect(brief.bullets.some((b) => /border agreement/.test(b.text))).toBe(true);
    expect(briefReply(brief).footer).toMatch(/read 150 of more than 2,000 matching articles, spread evenly over the window/);

    const short = await app.services.briefing.brief({ workspace: 'local', subject: 'sudan', since: '2013-12-20' });
    expect(short.coverage?.method).toBe('all');
    expect(briefReply(short).footer).toMatch(new RegExp(`read ${short.articlesConsidered} of ${short.articlesConsidered} matching articles`));
  });
});

describe.skipIf(!hasSharedData)(`a long window over Timeline17${SKIP_REASON}`, () => {
  it('briefs the Libya war from February to October from every part of it, not only its newest 150 articles', async () => {
    const clock = fixedClock('2011-11-01T00:00:00Z');
    app = memoryApp(clock.now);
    await app.importer.importPaths('local', [shared('timeline17', 'LibyaWar_cnn'), shared('timeline17', 'LibyaWar_reuters')]);
    await app.services.stories.track({ workspace: 'local', name: 'libya', aliases: [], by: 'test' });
    const brief = await app.services.briefing.brief({ workspace: 'local', subject: 'libya', since: '2011-01-01' });
    expect(brief.coverage?.exact).toBe(true);
    expect(brief.coverage!.matched).toBeGreaterThan(600);
    expect(brief.articlesConsidered).toBe(150);
    const months = new Set(brief.sources.map((s) => month(s.publishedAt)));
    // The newest 150 articles all date from August to October; a spread reads the spring too.
    expect([...months].some((m) => m <= '2011-05')).toBe(true);
    const late = await app.services.briefing.brief({ workspace: 'local', subject: 'libya', since: '2011-08-01' });
    expect(brief.bullets.map((b) => b.text)).not.toEqual(late.bullets.map((b) => b.text));
    expect(briefReply(brief).footer).toMatch(/read 150 of \d{3} matching articles, spread evenly over the window/);
  });
});
