import { afterEach, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/chat/markdown-renderer.ts';
import type { SqliteApp as App } from '../helpers/sqlite-app.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { article, createRecordingPublisher } from '../helpers/digests.ts';

// Written for this test: a toll reported one day and a higher one the next, and two outlets' differing counts.
const day1 = [
  article('Shelling hits Misrata', 'Wire A', '2025-11-23T09:00:00Z', [
    'Shelling of Misrata by government forces killed 61 people on Sunday, doctors at the main hospital said.',
    'Residents fled the port district after the shelling of Misrata.',
  ]),
];
const day2 = [
  article('Misrata toll rises', 'Wire A', '2025-11-24T09:00:00Z', [
    'Government forces shelled the port of Misrata again on Monday, killing 85 people, doctors at the main hospital said.',
  ]),
  article('NATO raids over Misrata', 'Wire A', '2025-11-24T10:00:00Z', ['NATO aircraft flew 40 raids over Misrata on Monday, alliance officials said.']),
  article('Alliance jets over Misrata', 'Wire B', '2025-11-24T11:00:00Z', ['NATO aircraft flew 55 raids over Misrata on Monday, alliance officials said.']),
];

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('digests show moved figures and differing sources', () => {
  it('shows a figure that moved since the previous digest in the channel, with both citations, and flags differing counts', async () => {
    const clock = fixedClock('2025-11-23T07:30:00Z');
    app = memoryApp(clock.now);
    const publisher = createRecordingPublisher();
    app.publishers.register(publisher);
    await app.services.stories.track({ workspace: 'local', name: 'misrata', aliases: [], by: 't' });
    const add = (id: string) =>
      app!.services.digests!.add({ workspace: 'local', channel: { platform: 'console', id }, stories: 'all', schedule: 'daily 08:00', timeZone: 'UTC', by: 't' });
    const ops = (await add('ops')).subscription.id;
    await app.importer.importArticles('local', day1);
    clock.set('2025-11-24T08:05:00Z');
    await app.services.digests!.run({ workspace: 'local', id: ops, now: '2025-11-24T08:00' });
    // A second channel subscribes only now: it has no earlier digest to compare with.
    const desk = (await add('desk')).subscription.id;
    await app.importer.importArticles('local', day2);
    clock.set('2025-11-25T08:05:00Z');
    await app.services.digests!.run({ workspace: 'local', id: ops, now: '2025-11-25T08:00' });
    await app.services.digests!.run({ workspace: 'local', id: desk, now: '2025-11-25T08:00' });

    const second = publisher.postsTo('ops')[1]!.reply;
    const story = (second.data as { stories: { story: string; figures?: { what: string; before: { value: string; citations: number[] }; after: { value: string; citations: number[] } }[]; contradictions?: { what: string }[] }[] }).stories.find((s) => s.story === 'misrata')!;
    const killed = story.figures!.find((f) => f.what === 'killed')!;
    expect([killed.before.value, killed.after.value]).toEqual(['61', '85']);
    const cited = (n: number) => second.sources!.find((s) => s.n === n)!.title;
    expect(cited(killed.before.citations[0]!)).toBe('Shelling hits Misrata');
    expect(cited(killed.after.citations[0]!)).toBe('Misrata toll rises');
    const md = renderMarkdown(second, { plain: true });
    expect(md).toContain('Figures that moved since the last digest here:');
    expect(md).toContain(`killed: 61 [${killed.before.citations[0]}] → 85 [${killed.after.citations[0]}]`);
    expect(story.contradictions?.map((c) => c.what)).toEqual(['strikes']);
    expect(md).toMatch(/Sources differ on strikes: (55 \[\d\] vs 40|40 \[\d\] vs 55) \[\d\]/);

    const other = renderMarkdown(publisher.postsTo('desk')[0]!.reply, { plain: true });
    expect(other).not.toContain('Figures that moved');
  });
});
