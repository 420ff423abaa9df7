import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { dropRepeats } from '../../src/core/event-groups.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { createRecordingPublisher, sectionBullets } from '../helpers/digests.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';

let app: App | undefined;
afterAll(async () => app?.close());

const asDevelopment = (text: string) => ({ text, articleIds: [], outlets: 1, score: 0, firstReportedAt: new Date(0), sentences: [] });

describe.skipIf(!hasSharedData)(`daily digests over real coverage (Timeline17 Libya and Egypt, March 2011)${SKIP_REASON}`, () => {
  it('posts five consecutive daily digests that repeat nothing and cite only that day’s new articles', async () => {
    const clock = fixedClock('2011-02-27T00:00:00Z');
    app = memoryApp(clock.now);
    const publisher = createRecordingPublisher();
    app.publishers.register(publisher);
    await app.importer.importPaths('local', ['LibyaWar_cnn', 'LibyaWar_reuters', 'EgyptianProtest_cnn'].map((t) => shared('timeline17', t)));
    await app.services.stories.track({ workspace: 'local', name: 'libya', aliases: ['gaddafi', 'tripoli', 'benghazi'], by: 't' });
    await app.services.stories.track({ workspace: 'local', name: 'egypt', aliases: ['mubarak', 'cairo'], by: 't' });
    const { subscription } = await app.services.digests!.add({
      workspace: 'local',
      channel: { platform: 'console', id: 'desk' },
      stories: 'all',
      schedule: 'daily 08:00',
      timeZone: 'UTC',
      by: 't',
    });
    const days = ['2011-03-01', '2011-03-02', '2011-03-03', '2011-03-04', '2011-03-05'];
    for (const day of days) {
      clock.set(`${day}T08:00:30Z`);
      expect((await app.services.digests!.run({ workspace: 'local', id: subscription.id })).status).toBe('posted');
    }
    expect(publisher.posts).toHaveLength(5);
    const everything: string[] = [];
    publisher.posts.forEach((post, i) => {
      const bullets = Object.values(sectionBullets(post.reply)).flat();
      expect(bullets.length).toBeGreaterThan(0);
      // Not one bullet of any earlier digest again, nor a close restatement of the previous day's.
      for (const b of bullets) expect(everything).not.toContain(b);
      if (i > 0) {
        const before = Object.values(sectionBullets(publisher.posts[i - 1]!.reply)).flat();
        expect(dropRepeats(bullets.map(asDevelopment), before, 0.6)).toHaveLength(bullets.length);
      }
      everything.push(...bullets);
      // Every cited source was published in the day since the previous digest.
      const slot = Date.parse(`${days[i]}T08:00:00Z`);
      for (const s of post.reply.sources ?? []) {
        expect(s.publishedAt.getTime()).toBeGreaterThan(slot - 86_400_000);
        expect(s.publishedAt.getTime()).toBeLessThanOrEqual(slot);
      }
    });
  });
});
