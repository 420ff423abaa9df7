import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../../commands/command.ts';
import { textReply } from '../../src/chat/reply.ts';
import { UserError } from '../../src/core/errors.ts';
import { healthRoutes, startHealthServer, type HealthServer } from '../../src/observability/health-routes.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import type { Summarizer } from '../../src/summarize/summarizer.ts';
import { capturingLogger } from '../helpers/capturing-logger.ts';

function command(name: string, run: Command['run']): Command {
  return { name, description: name, usage: name, options: [], mutates: false, visibility: 'private', run };
}

const ctx = (platform?: string) =>
  ({ workspace: 'local', user: { id: 'u' }, services: {} as never, ...(platform ? { channel: { platform, id: 'C1' } } : {}) }) as const;

function sample(body: string, name: string, labels: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('metrics', () => {
  it('counts commands by outcome and platform and times them with the injected clock', async () => {
    let t = 0;
    const metrics = createMetrics({ processMetrics: false, now: () => t });
    const [ok, bad, broken] = metrics.instrumentCommands([
      command('brief', async () => {
        t += 250;
        return textReply('done');
      }),
      command('track', async () => {
        throw new UserError('story.bad_name', 'bad name');
      }),
      command('ask', async () => {
        throw new Error('boom');
      }),
    ]);
    await ok!.run({}, ctx('slack'));
    await ok!.run({}, ctx());
    await expect(bad!.run({}, ctx('discord'))).rejects.toThrow('bad name');
    await expect(broken!.run({}, ctx('discord'))).rejects.toThrow('boom');
    const { body, contentType } = await metrics.render();
    expect(contentType).toMatch(/text\/plain/);
    expect(sample(body, 'sitrep_commands_total', 'command="brief",platform="slack",outcome="ok"')).toBe(1);
    expect(sample(body, 'sitrep_commands_total', 'command="brief",platform="cli",outcome="ok"')).toBe(1);
    expect(sample(body, 'sitrep_commands_total', 'command="track",platform="discord",outcome="user_error"')).toBe(1);
    expect(sample(body, 'sitrep_commands_total', 'command="ask",platform="discord",outcome="error"')).toBe(1);
    expect(sample(body, 'sitrep_command_duration_seconds_sum', 'command="brief"')).toBeCloseTo(0.5);
    expect(sample(body, 'sitrep_command_duration_seconds_bucket', 'le="0.1",command="brief"')).toBe(0);
    expect(sample(body, 'sitrep_command_duration_seconds_bucket', 'le="0.25",command="brief"')).toBe(2);
  });

  it('counts LLM calls, cached results, fallbacks and tokens', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const results = [
      { llm: { prompt: 'brief@1', model: 'm', cached: false, usage: { promptTokens: 1200, completionTokens: 300, costUsd: null } } },
      { llm: { prompt: 'brief@1', model: 'm', cached: true, usage: { promptTokens: 0, completionTokens: 0, costUsd: null } } },
      {},
    ];
    let i = 0;
    const inner: Summarizer = {
      name: 'llm:m',
      summarize: async () => ({ headline: 'h', bullets: [], engine: 'llm:m', notes: [], ...results[i++] }),
    };
    const summarizer = metrics.instrumentSummarizer(inner);
    for (let n = 0; n < 3; n++) await summarizer.summarize({ kind: 'brief' } as never);
    const { body } = await metrics.render();
    expect(sample(body, 'sitrep_llm_calls_total', 'kind="brief",result="llm"')).toBe(1);
    expect(sample(body, 'sitrep_llm_calls_total', 'kind="brief",result="cached"')).toBe(1);
    expect(sample(body, 'sitrep_llm_calls_total', 'kind="brief",result="fallback"')).toBe(1);
    expect(sample(body, 'sitrep_llm_tokens_total', 'direction="input"')).toBe(1200);
    expect(sample(body, 'sitrep_llm_tokens_total', 'direction="output"')).toBe(300);
  });

  it('reports feeds, digests and queue depths, and a failing probe as -1', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const metrics = createMetrics({ processMetrics: false, clock: () => now });
    metrics.recordFeedPoll({ feedId: 1, result: 'stored', added: 12, status: 'ok' });
    metrics.recordFeedPoll({ feedId: 2, result: 'failed', added: 0, status: 'failing' });
    metrics.recordFeedPoll({ feedId: 3, result: 'failed', added: 0, status: 'unhealthy' });
    metrics.recordFeedPoll({ feedId: 4, result: 'stored', added: 2, status: 'ok' });
    metrics.recordDigest('posted');
    metrics.recordDigest('failed');
    let depth = 5;
    metrics.addDepthProbe({ name: 'search_index', read: async () => depth });
    metrics.addDepthProbe({ name: 'broken', read: async () => Promise.reject(new Error('db gone')) });
    let { body } = await metrics.render();
    expect(sample(body, 'sitrep_feed_polls_total', 'result="stored"')).toBe(2);
    expect(sample(body, 'sitrep_feed_polls_total', 'result="failed"')).toBe(2);
    expect(body).toMatch(/^sitrep_feed_articles_added_total 14$/m);
    expect(sample(body, 'sitrep_feeds', 'state="ok"')).toBe(2);
    expect(sample(body, 'sitrep_feeds', 'state="failing"')).toBe(1);
    expect(sample(body, 'sitrep_feeds', 'state="unhealthy"')).toBe(1);
    expect(sample(body, 'sitrep_feeds', 'state="silent"')).toBe(0);
    expect(sample(body, 'sitrep_digests_total', 'outcome="posted"')).toBe(1);
    expect(sample(body, 'sitrep_queue_depth', 'queue="search_index"')).toBe(5);
    expect(sample(body, 'sitrep_queue_depth', 'queue="broken"')).toBe(-1);
    depth = 0;
    // Eight days later feed 1 polls fine but brings nothing: silent; feed 4 brought something: ok.
    now = new Date('2026-01-09T00:00:00Z');
    metrics.recordFeedPoll({ feedId: 1, result: 'not-modified', added: 0, status: 'ok' });
    metrics.recordFeedPoll({ feedId: 4, result: 'stored', added: 1, status: 'ok' });
    ({ body } = await metrics.render());
    expect(sample(body, 'sitrep_queue_depth', 'queue="search_index"')).toBe(0);
    expect(sample(body, 'sitrep_feeds', 'state="silent"')).toBe(1);
    expect(sample(body, 'sitrep_feeds', 'state="ok"')).toBe(1);
  });

  it('counts digest slots through a wrapped runner and keeps the runner\u2019s other members', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const statuses = ['posted', 'already-posted', 'failed', 'paused', 'skipped'] as const;
    let i = 0;
    const runner = {
      owner: 'me',
      runSlot: async () => ({ subscriptionId: 1, slot: new Date(0), timeZone: 'UTC', status: statuses[i++]!, messageIds: [], detail: null }),
    };
    const wrapped = metrics.instrumentDigestRunner(runner as never) as typeof runner;
    expect(wrapped.owner).toBe('me');
    for (const _ of statuses) await wrapped.runSlot();
    const { body } = await metrics.render();
    expect(sample(body, 'sitrep_digests_total', 'outcome="posted"')).toBe(1);
    expect(sample(body, 'sitrep_digests_total', 'outcome="failed"')).toBe(2);
    expect(sample(body, 'sitrep_digests_total', 'outcome="skipped"')).toBe(1);
  });

  it('keeps two processes\u2019 registries apart', async () => {
    const a = createMetrics({ processMetrics: false });
    const b = createMetrics({ processMetrics: false });
    a.recordDigest('posted');
    expect(sample((await b.render()).body, 'sitrep_digests_total', 'outcome="posted"')).toBeUndefined();
  });
});

describe('health server', () => {
  let server: HealthServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('answers liveness, readiness (200 then 503 when the database is gone), metrics, 404 and 405', async () => {
    let dbUp = true;
    const logger = capturingLogger();
    const metrics = createMetrics({ processMetrics: true });
    const routes = healthRoutes({
      ready: async () => {
        if (!dbUp) throw new Error('connect ECONNREFUSED');
      },
      metrics,
      logger,
    });
    server = await startHealthServer(routes, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    dbUp = false;
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.text()).toMatch(/database unavailable/);
    expect(logger.entries.some((e) => e.level === 'warn' && e.msg === 'readiness check failed')).toBe(true);
    const m = await fetch(`${base}/metrics`);
    expect(m.status).toBe(200);
    const text = await m.text();
    expect(text).toMatch(/^# TYPE sitrep_commands_total counter$/m);
    expect(text).toMatch(/^sitrep_process_resident_memory_bytes \d+/m);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});
