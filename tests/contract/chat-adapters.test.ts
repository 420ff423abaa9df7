import { PassThrough } from 'node:stream';
import { createConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import { createDiscordAdapter } from '../../src/adapters/discord/discord-adapter.ts';
import { createSlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import { FakeDiscord, type RecordedRequest } from '../fakes/fake-discord.ts';
import { guildCreate, interaction } from '../fakes/discord-payloads.ts';
import { deliver, SlackFake } from '../fakes/slack-fake.ts';
import { capturingLogger } from '../helpers/capturing-logger.ts';
import { embedText, PERM } from '../helpers/discord-harness.ts';
import { captureLogger, SECRET, slashForm } from '../helpers/slack.ts';
import { chatAdapterContract, type ChatContractHarness, type HarnessSetup, type ShownMessage } from './chat-adapter-contract.ts';

// The platforms' documented limits (../shared/notes/platform-testing.md), written here independently of the
// renderers' own constants so that a wrong constant there fails this suite.
const SLACK = { blocks: 50, sectionText: 3000, headerText: 150, text: 40_000 };
const DISCORD = { content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 };

/** A Slack message (a response_url post): its limits and whether anything in it is a live mention. */
function slackShown(body: Record<string, unknown>): ShownMessage {
  const blocks = (body['blocks'] ?? []) as { type: string; text?: { text: string }; elements?: { text?: string }[] }[];
  const over: string[] = [];
  if (blocks.length > SLACK.blocks) over.push(`${blocks.length} blocks`);
  for (const b of blocks) {
    const len = b.text?.text.length ?? 0;
    if (b.type === 'header' && len > SLACK.headerText) over.push(`header ${len}`);
    if (b.type === 'section' && len > SLACK.sectionText) over.push(`section ${len}`);
  }
  const fallback = String(body['text'] ?? '');
  if (fallback.length > SLACK.text) over.push(`text ${fallback.length}`);
  const text = [fallback, ...blocks.flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text ?? '')])].join('\n');
  // Slack broadcasts on <!channel>/<!here>/<!everyone>, notifies on <@U…> and <!subteam^…>, and auto-parses bare @channel.
  const pings = /<!(channel|here|everyone|subteam)|<@[UW]|@(channel|here|everyone)\b/.test(text);
  return { text, overLimits: over, pings };
}

async function startSlackHarness(setup: HarnessSetup): Promise<ChatContractHarness> {
  const fake = await new SlackFake().start();
  fake.addBot({ token: 'xoxb-contract', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' });
  const logger = captureLogger();
  const adapter = createSlackAdapter({
    settings: { botToken: 'xoxb-contract', signingSecret: SECRET, port: 0, apiUrl: fake.apiUrl, allowChanges: { everyone: true, admins: false, userIds: [] } },
    commands: setup.commands,
    services: setup.services,
    store: setup.stores.slack,
    logger,
    clock: setup.now,
    retryConfig: { retries: 0 },
  });
  const info = await adapter.start();
  const endpoint = `http://127.0.0.1:${info.port}/slack/events`;
  let n = 0;
  return {
    limited: true,
    async run(name, words = '') {
      const id = `r${++n}`;
      const res = await deliver(endpoint, SECRET, { form: slashForm(fake, { command: `/${name}`, text: words, responseId: id }) });
      const ack = (await res.json()) as { text?: string };
      await fake.waitForResponse((r) => r.id === id);
      await adapter.idle();
      return {
        acked: res.status === 200 && /Working on/.test(ack.text ?? ''),
        messages: fake.responses.filter((r) => r.id === id).map((r) => slackShown(r.body)),
      };
    },
    errorRefs: () => logger.lines.filter((l) => l.level === 'error').map((l) => String((l.obj as { ref?: string }).ref)),
    async close() {
      await adapter.stop();
      await fake.stop();
    },
  };
}

/** A Discord message body (an edit of the deferred reply or a follow-up). */
function discordShown(body: {
  content?: string;
  embeds?: { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] }[];
  allowed_mentions?: { parse?: unknown[] };
}): ShownMessage {
  const embeds = body.embeds ?? [];
  const over: string[] = [];
  if ((body.content ?? '').length > DISCORD.content) over.push('content');
  if (embeds.length > DISCORD.embeds) over.push(`${embeds.length} embeds`);
  let total = 0;
  for (const e of embeds) {
    const fields = e.fields ?? [];
    if ((e.title ?? '').length > DISCORD.title) over.push('title');
    if ((e.description ?? '').length > DISCORD.description) over.push('description');
    if ((e.footer?.text ?? '').length > DISCORD.footer) over.push('footer');
    if (fields.length > DISCORD.fields) over.push('fields');
    for (const f of fields) {
      if (f.name.length > DISCORD.fieldName) over.push('field name');
      if (f.value.length > DISCORD.fieldValue) over.push('field value');
    }
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + fields.reduce((s, f) => s + f.name.length + f.value.length, 0);
  }
  if (total > DISCORD.total) over.push(`embeds total ${total}`);
  const text = [body.content ?? '', embedText(body)].join('\n');
  // Without allowed_mentions { parse: [] }, Discord notifies for @everyone/@here and <@id>/<@&role> tokens.
  const raw = /@(everyone|here)|<@[!&]?\d/.test(text);
  const suppressed = Array.isArray(body.allowed_mentions?.parse) && body.allowed_mentions.parse.length === 0;
  return { text, overLimits: over, pings: raw || !suppressed };
}

const GUILD = '400000000000000001';
const CHANNEL = '500000000000000001';

async function startDiscordHarness(setup: HarnessSetup): Promise<ChatContractHarness> {
  const fake = await FakeDiscord.start();
  const logger = capturingLogger();
  const adapter = createDiscordAdapter({
    token: 'fake.bot.token',
    applicationId: fake.applicationId,
    apiUrl: fake.apiUrl,
    commands: setup.commands,
    services: setup.services,
    logger,
    managePermissions: [],
  });
  await adapter.start();
  const bot = adapter.bot()!;
  const ready = new Promise<void>((resolve) => bot.client.once('guildCreate', () => resolve()));
  fake.dispatch('GUILD_CREATE', guildCreate(GUILD, CHANNEL));
  await ready;
  const messageOf = (r: RecordedRequest): boolean => !r.path.endsWith('/callback') && (r.method === 'PATCH' || r.method === 'POST');
  return {
    limited: true,
    async run(name, words) {
      const command = setup.commands.find((c) => c.name === name)!;
      const first = command.options[0];
      const options = words && first ? [{ name: first.name, type: 3, value: words }] : [];
      const i = interaction(fake.applicationId, { guildId: GUILD, channelId: CHANNEL, userId: '600000000000000002', permissions: PERM.sendMessages }, name, options);
      fake.dispatch('INTERACTION_CREATE', i.payload);
      const callback = await fake.waitFor((r) => r.path.includes(i.token) && r.path.endsWith('/callback'));
      await fake.waitFor((r) => r.path.includes(i.token) && messageOf(r));
      await bot.idle();
      const mine = fake.requests.filter((r) => r.path.includes(i.token));
      return {
        acked: (callback.body as { type?: number }).type === 5 && mine.indexOf(callback) < mine.findIndex(messageOf),
        messages: mine.filter(messageOf).map((r) => discordShown(r.body)),
      };
    },
    errorRefs: () => logger.entries.filter((e) => e.level === 'error').map((e) => String(e.fields['ref'])),
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

async function startConsoleHarness(setup: HarnessSetup): Promise<ChatContractHarness> {
  const input = new PassThrough();
  const written: string[] = [];
  let wake: (() => void) | undefined;
  const logger = capturingLogger();
  const adapter = createConsoleAdapter({
    commands: setup.commands,
    services: setup.services,
    workspace: setup.workspace,
    logger,
    input,
    output: {
      write(chunk: string) {
        written.push(chunk);
        wake?.();
        return true;
      },
    },
    interactive: false,
  });
  await adapter.start();
  return {
    limited: false,
    async run(name, words = '') {
      const before = written.length;
      // Without a terminal, the chat writes each reply in one piece once it is complete.
      const replied = new Promise<void>((resolve) => (wake = resolve));
      input.write(`/${name} ${words}\n`);
      await replied;
      const text = written.slice(before).join('');
      // A terminal has no mentions: nothing it prints can notify anyone.
      return { acked: true, messages: [{ text, overLimits: [], pings: false }] };
    },
    errorRefs: () => logger.entries.filter((e) => e.level === 'error').map((e) => String(e.fields['ref'])),
    async close() {
      input.end();
      await adapter.stop();
    },
  };
}

chatAdapterContract('slack', startSlackHarness, 'slack:T1');
chatAdapterContract('discord', startDiscordHarness, `discord:${GUILD}`);
chatAdapterContract('console', startConsoleHarness, 'local');
