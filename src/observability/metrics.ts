import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Command } from '../../commands/command.ts';
import { isUserError } from '../core/errors.ts';
import type { DigestSlotRunner } from '../briefing/digest-service.ts';
import type { Summarizer } from '../summarize/summarizer.ts';

/** Outcome label of a served command. */
export type CommandOutcome = 'ok' | 'user_error' | 'error';

/** A depth to report on every scrape (queues, backlogs); read lazily so a scrape always sees the current value. */
export interface DepthProbe {
  /** Queue name, the `queue` label. */
  name: string;
  /** Current depth; a probe that throws is reported as -1 rather than failing the scrape. */
  read(): Promise<number>;
}

/** Prometheus metrics of one Sitrep process. */
export interface Metrics {
  /** The registry `/metrics` serialises. */
  readonly registry: Registry;
  /** Wraps every command so each run is counted and timed, whatever adapter runs it. */
  instrumentCommands(commands: readonly Command[]): Command[];
  /** Wraps a summarizer so each LLM-written result counts its call and tokens. */
  instrumentSummarizer(summarizer: Summarizer): Summarizer;
  /** Records one feed poll: its result, new articles, and the feed's health afterwards. */
  recordFeedPoll(poll: FeedPollSample): void;
  /** Records one digest slot's outcome. */
  recordDigest(outcome: 'posted' | 'failed' | 'skipped'): void;
  /** Wraps a digest runner so every slot it posts, fails or skips is counted. */
  instrumentDigestRunner<R extends DigestSlotRunner>(runner: R): R;
  /** Adds a queue whose depth is read on each scrape. */
  addDepthProbe(probe: DepthProbe): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** What the metrics read of one feed poll. */
export interface FeedPollSample {
  /** Feed id. */
  feedId: number;
  /** `stored`, `not-modified` or `failed`. */
  result: 'stored' | 'not-modified' | 'failed';
  /** New articles stored. */
  added: number;
  /** Health after the poll (`ok`, `failing`, `unhealthy`, `pending`). */
  status: string;
}

/** A healthy feed that has brought nothing new for this long counts as silent. */
const SILENT_AFTER_MS = 7 * 24 * 3600 * 1000;

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Also export the Node process metrics (CPU, memory, event-loop lag). Default true. */
  processMetrics?: boolean;
  /** Current time in ms, for durations (injected so tests control it). */
  now?: () => number;
  /** Current time, for how long a feed has been silent. */
  clock?: () => Date;
}

function outcomeOf(err: unknown): CommandOutcome {
  return isUserError(err) ? 'user_error' : 'error';
}

/** Builds the metrics of one process: one registry, no globals, so tests and several apps never share counters. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const now = options.now ?? (() => performance.now());
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'sitrep_' });
  const commands = new Counter({
    name: 'sitrep_commands_total',
    help: 'Commands served, by command, platform and outcome.',
    labelNames: ['command', 'platform', 'outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'sitrep_command_duration_seconds',
    help: 'Time from the start of a command to its reply, by command.',
    labelNames: ['command'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30],
    registers: [registry],
  });
  const llmCalls = new Counter({
    name: 'sitrep_llm_calls_total',
    help: 'Summaries asked of the LLM, by kind and result (llm, cached, fallback).',
    labelNames: ['kind', 'result'],
    registers: [registry],
  });
  const llmTokens = new Counter({
    name: 'sitrep_llm_tokens_total',
    help: 'LLM tokens used, by direction (input, output).',
    labelNames: ['direction'],
    registers: [registry],
  });
  const feedPolls = new Counter({
    name: 'sitrep_feed_polls_total',
    help: 'Feed polls, by result (stored, not-modified, failed).',
    labelNames: ['result'],
    registers: [registry],
  });
  const feedArticles = new Counter({
    name: 'sitrep_feed_articles_added_total',
    help: 'Articles stored from feeds.',
    registers: [registry],
  });
  const clock = options.clock ?? (() => new Date());
  // Per feed, as seen by this process: its health after the last poll and when it last brought something new (or
  // when this process first saw it).
  const feedsSeen = new Map<number, { status: string; lastNewAt: number }>();
  new Gauge({
    name: 'sitrep_feeds',
    help: 'Feeds polled by this process, by state after their last poll (ok, failing, unhealthy, silent: ok but nothing new for 7 days).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts: Record<string, number> = { ok: 0, failing: 0, unhealthy: 0, silent: 0 };
      const nowMs = clock().getTime();
      for (const f of feedsSeen.values()) {
        const state = f.status === 'ok' && nowMs - f.lastNewAt > SILENT_AFTER_MS ? 'silent' : f.status;
        counts[state] = (counts[state] ?? 0) + 1;
      }
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  const digests = new Counter({
    name: 'sitrep_digests_total',
    help: 'Digest slots, by outcome (posted, failed, skipped).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const probes: DepthProbe[] = [];
  new Gauge({
    name: 'sitrep_queue_depth',
    help: 'Items waiting, by queue.',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      for (const probe of probes) {
        const depth = await probe.read().catch(() => -1);
        this.set({ queue: probe.name }, depth);
      }
    },
  });

  return {
    registry,
    instrumentCommands(list) {
      return list.map((command) => ({
        ...command,
        async run(values, ctx) {
          const started = now();
          const platform = ctx.channel?.platform ?? 'cli';
          try {
            const reply = await command.run(values, ctx);
            commands.inc({ command: command.name, platform, outcome: 'ok' });
            return reply;
          } catch (err) {
            commands.inc({ command: command.name, platform, outcome: outcomeOf(err) });
            throw err;
          } finally {
            latency.observe({ command: command.name }, (now() - started) / 1000);
          }
        },
      }));
    },
    instrumentSummarizer(summarizer) {
      return {
        name: summarizer.name,
        ...(summarizer.reading ? { reading: summarizer.reading } : {}),
        async summarize(input) {
          const out = await summarizer.summarize(input);
          if (out.llm) {
            llmCalls.inc({ kind: input.kind, result: out.llm.cached ? 'cached' : 'llm' });
            if (!out.llm.cached) {
              llmTokens.inc({ direction: 'input' }, out.llm.usage.promptTokens);
              llmTokens.inc({ direction: 'output' }, out.llm.usage.completionTokens);
            }
          } else if (summarizer.name !== 'extractive') {
            llmCalls.inc({ kind: input.kind, result: 'fallback' });
          }
          return out;
        },
      };
    },
    recordFeedPoll({ feedId, result, added, status }) {
      feedPolls.inc({ result });
      if (added > 0) feedArticles.inc(added);
      const nowMs = clock().getTime();
      const seen = feedsSeen.get(feedId);
      feedsSeen.set(feedId, { status, lastNewAt: added > 0 || !seen ? nowMs : seen.lastNewAt });
    },
    recordDigest(outcome) {
      digests.inc({ outcome });
    },
    instrumentDigestRunner(runner) {
      const runSlot: DigestSlotRunner['runSlot'] = async (...args) => {
        const outcome = await runner.runSlot(...args);
        if (outcome.status === 'posted') digests.inc({ outcome: 'posted' });
        else if (outcome.status === 'failed' || outcome.status === 'paused') digests.inc({ outcome: 'failed' });
        else if (outcome.status === 'skipped') digests.inc({ outcome: 'skipped' });
        return outcome;
      };
      return Object.assign(Object.create(runner) as typeof runner, { runSlot });
    },
    addDepthProbe(probe) {
      probes.push(probe);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
