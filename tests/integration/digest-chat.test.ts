import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../src/adapters/console/console-chat.ts';
import type { App } from '../../src/app.ts';
import { ChannelUnavailableError } from '../../src/chat/publisher.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { article, createRecordingPublisher } from '../helpers/digests.ts';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Runs lines through the console chat (channel console:console) and returns what it printed per line. */
async function chat(a: App, lines: string[]): Promise<string> {
  const input = new PassThrough();
  let out = '';
  const done = runConsoleChat({
    commands: a.commands,
    services: a.services,
    workspace: 'local',
    logger: silentLogger,
    input,
    output: { write: (s: string) => (out += s) },
    interactive: false,
  });
  input.end(lines.join('\n'));
  await done;
  return out;
}

describe('/digest in chat', () => {
  it('adds a digest for the channel it runs in, showing the next three run times in words', async () => {
    const clock = fixedClock('2025-11-23T12:00:00Z');
    app = memoryApp(clock.now);
    await app.services.stories.track({ workspace: 'local', name: 'syria', aliases: [], by: 't' });
    const out = await chat(app, ['/digest add daily 08:00 stories:syria tz:Europe/Berlin', '/digest list']);
    expect(out).toMatch(/Added digest #1: syria, daily 08:00 \(Europe\/Berlin\), posted to console:console\./);
    expect(out).toMatch(/Next runs:\n\n- Mon 24 Nov 08:00 Europe\/Berlin\n- Tue 25 Nov 08:00 Europe\/Berlin\n- Wed 26 Nov 08:00 Europe\/Berlin/);
    expect(out).toMatch(/#1 console:console · daily 08:00 \(Europe\/Berlin\) · syria · next Mon 24 Nov 08:00 Europe\/Berlin/);
  });

  it('gives clear errors for bad schedules, zones, stories and ids', async () => {
    app = memoryApp(fixedClock('2025-11-23T12:00:00Z').now);
    const out = await chat(app, [
      '/digest add weekly funday 09:00',
      '/digest add "0 8 * * *" tz:Europe/Berlinn',
      '/digest add weekdays 07:30 stories:atlantis',
      '/digest add',
      '/digest remove abc',
      '/digest run 7',
      '/digest explode',
    ]);
    expect(out).toMatch(/Error: "funday" is not a day of the week\./);
    expect(out).toMatch(/Error: "Europe\/Berlinn" is not a known IANA time zone\./);
    expect(out).toMatch(/Error: Not tracked: atlantis\./);
    expect(out).toMatch(/Error: Give a schedule/);
    expect(out).toMatch(/Error: "abc" is not a digest id/);
    expect(out).toMatch(/Error: There is no digest #7 in this workspace\./);
    expect(out).toMatch(/Error: action must be one of add, list, remove, run, resume; got "explode"\./);
    expect(await app.services.digests!.list('local')).toEqual([]);
  });

  it('runs the current slot once, shows a pause reason in /digest list, resumes and removes', async () => {
    const clock = fixedClock('2025-11-23T12:00:00Z');
    app = memoryApp(clock.now);
    const publisher = createRecordingPublisher();
    app.publishers.register(publisher);
    await app.services.stories.track({ workspace: 'local', name: 'syria', aliases: [], by: 't' });
    await app.importer.importArticles('local', [
      article('Syria talks', 'Wire A', '2025-11-23T09:00:00Z', ['Syrian and Kurdish negotiators resumed talks in Damascus on Sunday morning.']),
    ]);
    let out = await chat(app, ['/digest add daily 08:00 tz:Europe/Berlin', '/digest run 1', '/digest run 1']);
    expect(out).toMatch(/Digest #1 for Sun 23 Nov 08:00 Europe\/Berlin posted\./);
    expect(out).toMatch(/was already posted; nothing was sent again/);
    expect(publisher.posts).toHaveLength(1);
    expect(publisher.posts[0]).toMatchObject({ channel: 'console', workspace: 'local' });

    publisher.behave('console', () => {
      throw new ChannelUnavailableError('channel_not_found');
    });
    clock.set('2025-11-24T12:00:00Z');
    out = await chat(app, ['/digest run 1', '/digest list', '/digest run 1']);
    expect(out).toMatch(/Digest #1 was paused: Channel unavailable: channel_not_found/);
    expect(out).toMatch(/#1 console:console · daily 08:00 \(Europe\/Berlin\) · all tracked stories · PAUSED: Channel unavailable: channel_not_found/);
    expect(out).toMatch(/Error: Digest #1 is paused: Channel unavailable: channel_not_found/);

    out = await chat(app, ['/digest resume 1', '/digest remove 1', '/digest list']);
    expect(out).toMatch(/Resumed digest #1: all tracked stories, daily 08:00/);
    expect(out).toMatch(/Removed digest #1 \(daily 08:00, console:console\)\./);
    expect(out).toMatch(/No digests yet\./);
  });
});
