import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command, CommandServices } from '../../commands/command.ts';
import type { App } from '../../src/app.ts';
import { briefReply } from '../../src/chat/brief-reply.ts';
import { demoArticles, DEMO_STORIES } from '../../src/ingest/files/demo-corpus.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { hugeBrief } from '../helpers/discord-harness.ts';

/** One message as the user saw it on the platform. */
export interface ShownMessage {
  /** Every piece of visible text of the message (blocks, embeds, fallback text), joined. */
  text: string;
  /** The platform limits this message breaks, by name (empty when it fits). */
  overLimits: string[];
  /** Whether the platform would turn something in it into a mention that notifies people. */
  pings: boolean;
}

/** What running one command looked like to the user. */
export interface ChatTurn {
  /** The platform was told at once that the command is being worked on (Slack ack, Discord deferral). */
  acked: boolean;
  /** The messages the user received for it, in order (the acknowledgement excluded). */
  messages: ShownMessage[];
}

/** A started adapter on a loopback platform, driven as a user would drive it. */
export interface ChatContractHarness {
  /** Whether the platform has per-message limits (a terminal has none, so nothing needs splitting there). */
  limited: boolean;
  /** Runs `/name <words>` as a user in a channel of the workspace and waits until the answer is complete. */
  run(name: string, words?: string): Promise<ChatTurn>;
  /** Reference ids logged at error level so far. */
  errorRefs(): string[];
  /** Stops the adapter and the fake platform. */
  close(): Promise<void>;
}

/** What a harness is built from: the workspace its channel belongs to, the commands and services to serve. */
export interface HarnessSetup {
  workspace: string;
  commands: readonly Command[];
  services: CommandServices;
  /** The app's stores (Slack keeps its event ledger there). */
  stores: App['stores'];
  now: () => Date;
}

export const CONTRACT_NOW = '2025-11-20T12:00:00Z';

/** A reply far beyond every platform's message limits (90 bullets, 160 sources). */
const longCommand = {
  name: 'longreply',
  description: 'A reply too long for one message (contract tests)',
  usage: 'longreply',
  options: [],
  mutates: false,
  visibility: 'public',
  run: async () => briefReply(hugeBrief(new Date(CONTRACT_NOW))),
} satisfies Command;

/** A command that fails with an internal error (contract tests). */
const explodeCommand = {
  name: 'explode',
  description: 'Fails with an internal error (contract tests)',
  usage: 'explode',
  options: [],
  mutates: false,
  visibility: 'public',
  run: async () => {
    throw new Error('database on fire at /var/lib/sitrep');
  },
} satisfies Command;

/** An article whose text tries every way of pinging a channel on both platforms. */
const PINGING_ARTICLE = {
  url: 'https://news.example/border-talks',
  title: 'Border talks resume @everyone <!channel> as envoys meet',
  source: 'Example Wire',
  publishedAt: new Date('2025-11-20T09:00:00Z'),
  language: 'en',
  body:
    'Border talks resumed on Thursday @here, envoys said, and <!everyone> was told <@U0123ABCD> would lead them. ' +
    'Negotiators from both sides <@&400000000000000077> met for six hours at the crossing <@600000000000000001>.\n\n' +
    'The border talks will continue next week, officials said @channel.',
};

/**
 * The contract every chat adapter passes (src/adapters/chat-adapter.ts), run against the real SDK on a loopback
 * platform: a command is acknowledged and answered; a long reply is split within the platform's limits; mentions
 * inside article text never ping anyone; an internal failure reaches the user as a short apology whose reference id
 * is the one logged.
 */
export function chatAdapterContract(platform: string, start: (setup: HarnessSetup) => Promise<ChatContractHarness>, workspace: string): void {
  describe(`ChatAdapter contract: ${platform}`, () => {
    let app: App;
    let h: ChatContractHarness;

    beforeEach(async () => {
      const clock = fixedClock(CONTRACT_NOW);
      app = memoryApp(clock.now);
      await app.importer.importArticles(workspace, [...demoArticles(clock.now()), PINGING_ARTICLE]);
      for (const s of DEMO_STORIES) await app.services.stories.track({ workspace, ...s, by: 'test' });
      h = await start({ workspace, commands: [...app.commands, longCommand, explodeCommand], services: app.services, stores: app.stores, now: clock.now });
    });
    afterEach(async () => {
      await h.close();
      await app.close();
    });

    it('acknowledges a command and answers it from the workspace', async () => {
      const turn = await h.run('stories');
      expect(turn.acked).toBe(true);
      expect(turn.messages.length).toBeGreaterThanOrEqual(1);
      const text = turn.messages.map((m) => m.text).join('\n');
      for (const s of DEMO_STORIES) expect(text.toLowerCase()).toContain(s.name.toLowerCase());
    });

    it('answers a brief with its cited sources', async () => {
      const turn = await h.run('brief', 'syria');
      expect(turn.acked).toBe(true);
      const text = turn.messages.map((m) => m.text).join('\n');
      const expected = await app.services.briefing.brief({ workspace, subject: 'syria' });
      expect(expected.bullets.length).toBeGreaterThan(0);
      expect(text).toContain(expected.sources[0]!.title.slice(0, 30));
    });

    it('splits a long reply into messages that each fit the platform limits', async () => {
      const turn = await h.run('longreply');
      expect(turn.acked).toBe(true);
      if (h.limited) expect(turn.messages.length).toBeGreaterThan(1);
      for (const m of turn.messages) expect(m.overLimits).toEqual([]);
      const text = turn.messages.map((m) => m.text).join('\n');
      expect(text).toContain('Development 1:');
    });

    it('never lets a mention inside article text ping anyone', async () => {
      const turn = await h.run('brief', 'border talks');
      const text = turn.messages.map((m) => m.text).join('\n');
      expect(text).toMatch(/Border talks/i);
      expect(turn.messages.length).toBeGreaterThan(0);
      for (const m of turn.messages) expect(m.pings).toBe(false);
    });

    it('answers an internal failure with a short apology quoting the logged reference id', async () => {
      const turn = await h.run('explode');
      const text = turn.messages.map((m) => m.text).join('\n');
      const ref = /reference ([a-z0-9]{8})/.exec(text)?.[1];
      expect(ref, text).toBeDefined();
      expect(h.errorRefs()).toContain(ref);
      expect(text).not.toContain('database on fire');
      expect(text.length).toBeLessThan(300);
    });
  });
}
