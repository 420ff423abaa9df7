import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Command } from '../../commands/command.ts';
import { isUserError } from '../core/errors.ts';
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
  /** Records one feed poll: its result, and whether the feed is failing or silent afterwards. */
  recordFeedPoll(result: 'stored' | 'not-modified' | 'failed', added: number): void;
  /** Sets how many feeds are failing or silent now (the poller's view after a round). */
  setFeedHealth(failing: number, silent: number): void;
  /** Records one digest slot's outcome. */
  recordDigest(outcome: 'posted' | 'failed' | 'skipped'): void;
  /** Adds a queue whose depth is read on each scrape. */
  addDepthProbe(probe: DepthProbe): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Also export the Node process metrics (CPU, memory, event-loop lag). Default true. */
  processMetrics?: boolean;
  /** Current time in ms, for durations (injected so tests control it). */
  now?: () => number;
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
  const feedHealth = new Gauge({
    name: 'sitrep_feeds',
    help: 'Feeds that are failing or silent, as of the last poll round.',
    labelNames: ['state'],
    registers: [registry],
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
  for (const state of ['failing', 'silent']) feedHealth.set({ state }, 0);

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
    recordFeedPoll(result, added) {
      feedPolls.inc({ result });
      if (added > 0) feedArticles.inc(added);
    },
    setFeedHealth(failing, silent) {
      feedHealth.set({ state: 'failing' }, failing);
      feedHealth.set({ state: 'silent' }, silent);
    },
    recordDigest(outcome) {
      digests.inc({ outcome });
    },
    addDepthProbe(probe) {
      probes.push(probe);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
