import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { briefCommand } from '../../commands/brief.ts';
import { coerceOptions, parseCommandText } from '../../commands/parse.ts';
import type { App } from '../../src/app.ts';
import { renderDiscord } from '../../src/chat/discord-renderer.ts';
import { renderMarkdown } from '../../src/chat/markdown-renderer.ts';
import { renderSlack } from '../../src/chat/slack-renderer.ts';
import type { NewArticle } from '../../src/core/article.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';

const article = (source: string, hour: number, title: string, body: string): NewArticle => ({
  url: `https://${source.toLowerCase().replace(/\W+/g, '')}.example/${title.toLowerCase().replace(/\W+/g, '-')}`,
  title,
  source,
  publishedAt: new Date(Date.UTC(2025, 10, 18, hour)),
  language: 'en',
  body,
});

// Written for this test: two outlets disagree about the same raids; a day later the toll moved and a new body spoke.
const DAY_ONE = [
  article('North Wire', 8, 'NATO jets strike Misrata', 'NATO aircraft flew 61 raids over Misrata on Tuesday, alliance officials said. The strikes hit tanks and artillery near the port.'),
  article('South Post', 9, 'Alliance raids hit Misrata', 'NATO aircraft flew 85 raids over Misrata on Tuesday, alliance officials said. The strikes hit tanks near the port.'),
  article('North Wire', 10, 'Misrata hospital counts dead', 'Shelling of Misrata by government forces killed 61 people on Tuesday, doctors at the main hospital said.'),
];
const DAY_TWO = [
  article('North Wire', 30, 'Misrata toll rises', 'Shelling of Misrata by government forces killed 85 people on Wednesday, doctors at the main hospital said.'),
  article('East Times', 31, 'Human Rights Watch urges inquiry', 'Human Rights Watch called on Wednesday for an independent inquiry into the shelling of residential districts of Misrata.'),
];

async function brief(app: App, text: string, channel?: string) {
  const options = coerceOptions(briefCommand, parseCommandText(briefCommand, text));
  return briefCommand.run(options, {
    workspace: 'w1',
    user: { id: 'u1' },
    services: app.services,
    ...(channel ? { channel: { platform: 'slack', id: channel } } : {}),
  });
}

type Json = Record<string, unknown> & { changes?: Record<string, unknown>; contradictions?: unknown[]; bullets: { text: string }[] };

describe('what changed since the last brief here, and where sources differ', () => {
  let app: App;
  const clock = fixedClock('2025-11-18T20:00:00Z');
  beforeEach(async () => {
    clock.set('2025-11-18T20:00:00Z');
    app = memoryApp(clock.now);
    await app.importer.importArticles('w1', DAY_ONE);
    await app.services.stories.track({ workspace: 'w1', name: 'misrata', aliases: [], by: 'test' });
  });
  afterEach(() => app.close());

  it('flags differing figures under the bullet with every value and its citations, in every renderer and JSON', async () => {
    const reply = await brief(app, 'misrata --since 2025-11-18', 'C1');
    const data = reply.data as Json;
    const raids = data.contradictions as { bullet: number; what: string; values: { value: string; citations: number[] }[] }[];
    expect(raids).toHaveLength(1);
    expect(raids[0]!.what).toBe('strikes');
    expect(raids[0]!.values.map((v) => v.value)).toEqual(['61', '85']);
    expect(data.bullets[raids[0]!.bullet]!.text).toMatch(/raids/);
    const [a, b] = raids[0]!.values.map((v) => v.citations[0]);
    const line = `Sources differ on strikes: 61 [${a}] vs 85 [${b}]`;
    expect(renderMarkdown(reply, { plain: true })).toContain(line);
    expect(JSON.stringify(renderSlack(reply))).toContain(line);
    // Discord escapes brackets so they never read as markup.
    expect(JSON.stringify(renderDiscord(reply)).replace(/\\\\/g, '')).toContain(line);
    // A first brief in this channel has nothing to compare with.
    expect(data.changes).toBeUndefined();
  });

  it('says what changed since the previous brief in the same channel: new developments, moved figures, new names', async () => {
    await brief(app, 'misrata --since 2025-11-18', 'C1');
    clock.set('2025-11-19T09:00:00Z');
    await app.importer.importArticles('w1', DAY_TWO);
    const reply = await brief(app, 'misrata --since 2025-11-18', 'C1');
    const data = reply.data as Json;
    const changes = data.changes as { since: string; newBullets: number[]; figures: { what: string; before: { value: string; citations: number[] }; after: { value: string; citations: number[] } }[]; actors: string[] };
    expect(changes.since).toBe('2025-11-18T20:00:00.000Z');
    const killed = changes.figures.find((f) => f.what === 'killed')!;
    expect([killed.before.value, killed.after.value]).toEqual(['61', '85']);
    expect(killed.before.citations.length).toBeGreaterThan(0);
    expect(killed.after.citations.length).toBeGreaterThan(0);
    expect(changes.newBullets.map((i) => data.bullets[i]!.text).join(' ')).toMatch(/Human Rights Watch/);
    expect(changes.actors).toContain('Human Rights Watch');
    const md = renderMarkdown(reply, { plain: true });
    expect(md).toContain('What changed since the last brief here (18 Nov 20:00 UTC)');
    expect(md).toContain(`killed: 61 [${killed.before.citations[0]}] → 85 [${killed.after.citations[0]}]`);
    expect(md).toMatch(/Human Rights Watch.*\(new\)/);

    // Another channel has its own history; --changes there says there is nothing to compare with.
    const elsewhere = await brief(app, 'misrata --since 2025-11-18 --changes', 'C2');
    expect((elsewhere.data as Json).changes).toBeUndefined();
    expect(renderMarkdown(elsewhere, { plain: true })).toMatch(/first brief of "misrata" here/);
  });

  it('--changes shows only what changed, and the CLI (no channel) compares within the workspace', async () => {
    await brief(app, 'misrata --since 2025-11-18');
    clock.set('2025-11-19T09:00:00Z');
    await app.importer.importArticles('w1', DAY_TWO);
    const reply = await brief(app, 'misrata --since 2025-11-18 --changes');
    const md = renderMarkdown(reply, { plain: true });
    expect(md).toContain('What changed since the last brief here');
    expect(md).toContain('Human Rights Watch');
    expect(md).not.toContain('NATO aircraft flew');
    expect(md).toMatch(/already in the last brief; run without --changes/);
    // Nothing moved since then: the next brief says so.
    clock.set('2025-11-19T10:00:00Z');
    expect(renderMarkdown(await brief(app, 'misrata --since 2025-11-18 --changes'), { plain: true })).toContain('Nothing new');
  });
});
