import { describe, expect, it } from 'vitest';
import { ChannelUnavailableError, type Publisher } from '../../src/chat/publisher.ts';
import { RateLimitedError } from '../../src/core/errors.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { classifyPublishError, publishWithRetry } from '../../src/schedule/publish-retry.ts';

const channel = { platform: 'console', workspace: 'local', channelId: 'ops' };
const reply = { visibility: 'public' as const, blocks: [] };

function flaky(errors: unknown[]): Publisher & { calls: number } {
  const p = {
    platform: 'console',
    calls: 0,
    async publish() {
      const err = errors[p.calls++];
      if (err) throw err;
      return { messageIds: ['m1'] };
    },
  };
  return p;
}

describe('publish retries', () => {
  it('classifies rate limits, server and connection errors as retryable, and everything else as final', () => {
    expect(classifyPublishError(new RateLimitedError('slow down', 5000))).toEqual({ retry: true, afterMs: 5000 });
    expect(classifyPublishError(Object.assign(new Error('x'), { status: 429, retryAfterMs: 1200 }))).toEqual({ retry: true, afterMs: 1200 });
    expect(classifyPublishError(Object.assign(new Error('x'), { statusCode: 502 }))).toEqual({ retry: true });
    expect(classifyPublishError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toEqual({ retry: true });
    expect(classifyPublishError(Object.assign(new Error('x'), { status: 400 }))).toEqual({ retry: false });
    expect(classifyPublishError(new ChannelUnavailableError('channel_not_found'))).toEqual({ retry: false });
    expect(classifyPublishError('boom')).toEqual({ retry: false });
  });

  it('backs off exponentially, honours Retry-After, and gives up after the last attempt', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number): Promise<void> => void waits.push(ms);
    const policy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 10_000 };
    const server = Object.assign(new Error('bad gateway'), { status: 502 });
    const ok = flaky([server, new RateLimitedError('later', 7000), server]);
    expect(await publishWithRetry(ok, channel, reply, { policy, sleep, logger: silentLogger })).toEqual({ messageIds: ['m1'] });
    expect(waits).toEqual([1000, 7000, 4000]);

    waits.length = 0;
    const down = flaky([server, server, server, server, server]);
    await expect(publishWithRetry(down, channel, reply, { policy, sleep, logger: silentLogger })).rejects.toBe(server);
    expect(down.calls).toBe(4);
    expect(waits).toEqual([1000, 2000, 4000]);

    const gone = flaky([new ChannelUnavailableError('is_archived')]);
    await expect(publishWithRetry(gone, channel, reply, { policy, sleep, logger: silentLogger })).rejects.toThrow('is_archived');
    expect(gone.calls).toBe(1);
  });
});
