import type { CommandServices } from '../../commands/command.ts';
import { startDiscordBot, type DiscordBot } from '../../src/adapters/discord/discord-bot.ts';
import type { App } from '../../src/app.ts';
import { buildSqliteApp } from './sqlite-app.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Summarizer } from '../../src/summarize/summarizer.ts';
import type { Brief } from '../../src/core/brief.ts';
import { demoArticles, DEMO_STORIES } from '../../src/ingest/files/demo-corpus.ts';
import { FakeDiscord, type RecordedRequest } from '../fakes/fake-discord.ts';
import { guildCreate, interaction, type OptionIn, type Place } from '../fakes/discord-payloads.ts';
import { fixedClock, memoryApp } from './app.ts';
import { capturingLogger, type LogEntry } from './capturing-logger.ts';

export const NOW = '2025-11-20T12:00:00Z';
export const GUILD_A = '400000000000000001';
export const GUILD_B = '400000000000000002';
export const CHANNEL_A = '500000000000000001';
export const CHANNEL_B = '500000000000000002';
export const DM_CHANNEL = '500000000000000009';
export const ADMIN = '600000000000000001';
export const MEMBER = '600000000000000002';
/** Discord permission bits used in tests. */
export const PERM = { none: 0n, administrator: 8n, manageGuild: 32n, sendMessages: 2048n } as const;

/** A brief far beyond every Discord limit. */
export function hugeBrief(now: Date): Brief {
  const sources = Array.from({ length: 160 }, (_, i) => ({
    n: i + 1,
    articleId: i + 1,
    title: `Very long headline number ${i + 1} `.repeat(12).trim(),
    url: `https://news.example/${i + 1}/${'x'.repeat(80)}`,
    source: `Outlet ${i % 9}`,
    publishedAt: now,
  }));
  return {
    kind: 'brief',
    story: 'everything',
    subject: 'query',
    window: { from: new Date(now.getTime() - 86_400_000), to: now },
    engine: 'extractive',
    headline: 'Everything, everywhere '.repeat(300),
    bullets: Array.from({ length: 90 }, (_, i) => ({
      text: `Development ${i + 1}: ${'a long sentence about many things '.repeat(40)}`,
      citations: [((i * 3) % 160) + 1, ((i * 3 + 1) % 160) + 1, ((i * 3 + 2) % 160) + 1],
      outlets: 3,
    })),
    sources,
    notes: ['Note '.repeat(500)],
    articlesConsidered: 400,
  };
}

/** Test hooks around the real services: a gate that holds briefs, and subjects that misbehave on purpose. */
export interface Hooks {
  gate?: Promise<void> | undefined;
}

function wrap(services: CommandServices, hooks: Hooks, now: () => Date): CommandServices {
  const real = services.briefing;
  return {
    stories: services.stories,
    briefing: {
      async brief(req) {
        if (hooks.gate) await hooks.gate;
        if (req.subject === 'everything') return hugeBrief(now());
        if (req.subject === 'explode') throw new Error('database on fire');
        return real.brief(req);
      },
      timeline: (req) => real.timeline(req),
      answer: (req) => real.answer(req),
      channelLanguage: (w, scope) => real.channelLanguage(w, scope),
      setChannelLanguage: (req) => real.setChannelLanguage(req),
    },
  };
}

/** A running bot against a fake Discord, with two servers and seeded data. */
export interface Harness {
  fake: FakeDiscord;
  app: App;
  bot: DiscordBot;
  logs: LogEntry[];
  hooks: Hooks;
  now: () => Date;
  /** Dispatches a slash command or autocomplete and returns its id and token. */
  interact(place: Place, name: string, options: OptionIn[], type?: 2 | 4): { id: string; token: string };
  /** Requests whose path contains the token, in order. */
  byToken(token: string): RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Starts the fake, the app (guild A: the demo corpus; guild B: one unrelated story) and the bot, with both servers.
 * `summarizer` replaces the app's engine (a misbehaving one, say).
 */
export async function startHarness(options: { summarizer?: Summarizer; durableThreads?: boolean } = {}): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const clock = fixedClock(NOW);
  const app = options.summarizer
    ? buildSqliteApp({ dbPath: ':memory:', clock: clock.now, logger: silentLogger, summarizer: options.summarizer })
    : memoryApp(clock.now);
  const a = `discord:${GUILD_A}`;
  await app.importer.importArticles(a, demoArticles(clock.now()));
  for (const s of DEMO_STORIES) await app.services.stories.track({ workspace: a, ...s, by: 'test' });
  const b = `discord:${GUILD_B}`;
  await app.importer.importArticles(b, [
    {
      url: 'https://b.example/atlantis',
      title: 'Atlantis council approves new harbour wall',
      source: 'Atlantis Herald',
      publishedAt: new Date('2025-11-20T08:00:00Z'),
      language: 'en',
      body: 'The Atlantis council approved a new harbour wall on Thursday after months of debate.\n\nWork starts in spring, the council said.',
    },
  ]);
  await app.services.stories.track({ workspace: b, name: 'atlantis', aliases: [], by: 'test' });
  const logger = capturingLogger();
  const hooks: Hooks = {};
  const bot = await startDiscordBot({
    token: 'fake.bot.token',
    applicationId: fake.applicationId,
    apiUrl: fake.apiUrl,
    commands: app.commands,
    services: wrap(app.services, hooks, clock.now),
    logger,
    managePermissions: ['ManageGuild'],
    ...(options.durableThreads ? { threads: app.stores.threads } : {}),
  });
  const guilds = new Promise<void>((resolve) => {
    const seen = new Set<string>();
    bot.client.on('guildCreate', (g) => {
      seen.add(g.id);
      if (seen.size === 2) resolve();
    });
  });
  fake.dispatch('GUILD_CREATE', guildCreate(GUILD_A, CHANNEL_A));
  fake.dispatch('GUILD_CREATE', guildCreate(GUILD_B, CHANNEL_B));
  await guilds;
  return {
    fake,
    app,
    bot,
    logs: logger.entries,
    hooks,
    now: clock.now,
    interact(place, name, options, type = 2) {
      const i = interaction(fake.applicationId, place, name, options, type);
      fake.dispatch('INTERACTION_CREATE', i.payload);
      return { id: i.id, token: i.token };
    },
    byToken: (token) => fake.requests.filter((r) => r.path.includes(token)),
    async close() {
      await bot.stop();
      await fake.close();
      await app.close();
    },
  };
}

/** Waits for the callback of an interaction and for its final message (an edit, or a follow-up after an error). */
export async function completed(h: Harness, token: string, finalMethod: 'PATCH' | 'POST' = 'PATCH'): Promise<RecordedRequest[]> {
  await h.fake.waitFor((r) => r.path.includes(token) && r.path.endsWith('/callback'));
  await h.fake.waitFor(
    (r) => r.path.includes(token) && r.method === finalMethod && !r.path.endsWith('/callback'),
  );
  return h.byToken(token);
}

/** All embed text of a message body, for assertions. */
export function embedText(body: { embeds?: { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] }[] }): string {
  return (body.embeds ?? [])
    .map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].filter(Boolean).join('\n'))
    .join('\n');
}
