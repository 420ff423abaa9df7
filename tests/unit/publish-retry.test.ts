import { describe, expect, it } from 'vitest';
import { ChannelUnavailableError, deliverParts, DeliveryLostError, type Delivery, type Publisher } from '../../src/chat/publisher.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { replyFromJson, replyToJson } from '../../src/chat/reply-json.ts';
import { RateLimitedError, SitrepError } from '../../src/core/errors.ts';
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

describe('deliveries: the messages of one post, each confirmed before the next', () => {
  /** A delivery kept in memory, as the digest runner keeps it in the ledger; `lostAfter` confirmations it loses the claim. */
  function memoryDelivery(sent: string[] = [], lostAfter = Infinity): Delivery & { confirmed: string[] } {
    const d = {
      key: 'digest:1:0',
      sent,
      uncertain: sent.length > 0,
      confirmed: [] as string[],
      async confirm(id: string) {
        d.confirmed.push(id);
        d.sent = [...d.sent, id];
        d.uncertain = false;
        return d.confirmed.length <= lostAfter;
      },
    };
    return d;
  }
  const post = (log: string[]) => async (part: string, index: number, inDoubt: boolean) => {
    log.push(`${part}@${index}${inDoubt ? '?' : ''}`);
    return `id-${part}`;
  };

  it('posts only what is not confirmed, marks the first of them as in doubt when resuming, and says who finished', async () => {
    const log: string[] = [];
    const fresh = memoryDelivery();
    expect(await deliverParts(['a', 'b', 'c'], fresh, post(log))).toEqual({ messageIds: ['id-a', 'id-b', 'id-c'], finished: true });
    expect(fresh.confirmed).toEqual(['id-a', 'id-b', 'id-c']);
    const resumed = memoryDelivery(['id-a']);
    expect(await deliverParts(['a', 'b', 'c'], resumed, post(log))).toEqual({ messageIds: ['id-a', 'id-b', 'id-c'], finished: true });
    expect(log).toEqual(['a@0', 'b@1', 'c@2', 'b@1?', 'c@2']);
    // Everything already confirmed: nothing is posted, and what follows the text (a chart) is not posted again.
    expect(await deliverParts(['a', 'b'], memoryDelivery(['id-a', 'id-b']), post(log))).toEqual({ messageIds: ['id-a', 'id-b'], finished: false });
    expect(log).toHaveLength(5);
    // Without a delivery: a plain post of every message.
    expect(await deliverParts(['x'], undefined, post(log))).toEqual({ messageIds: ['id-x'], finished: true });
  });

  it('stops at once when the claim was lost, and a retry of a failed delivery posts only the rest', async () => {
    const log: string[] = [];
    const lost = memoryDelivery([], 1);
    await expect(deliverParts(['a', 'b', 'c'], lost, post(log))).rejects.toBeInstanceOf(DeliveryLostError);
    // The second confirmation found the slot taken over: the third message is never sent.
    expect(log).toEqual(['a@0', 'b@1']);
    expect(classifyPublishError(new DeliveryLostError('taken over'))).toEqual({ retry: false });

    // The second message fails once with a 502; the retry goes on from it and never repeats the first.
    const delivery = memoryDelivery();
    let failures = 1;
    const publisher: Publisher = {
      platform: 'console',
      async publish(_channel, _reply, d) {
        return deliverParts(['a', 'b', 'c'], d, async (part, index, inDoubt) => {
          if (part === 'b' && failures-- > 0) throw Object.assign(new Error('bad gateway'), { status: 502 });
          return post(log)(part, index, inDoubt);
        });
      },
    };
    const attempts: number[] = [];
    const result = await publishWithRetry(publisher, channel, reply, {
      policy: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      sleep: async () => undefined,
      logger: silentLogger,
      delivery,
      beforeAttempt: async (attempt) => void attempts.push(attempt),
    });
    expect(result.messageIds).toEqual(['id-a', 'id-b', 'id-c']);
    expect(attempts).toEqual([1, 2]);
    expect(log.slice(2)).toEqual(['a@0', 'b@1', 'c@2']);
  });

  it('judges a publisher-wrapped platform error by what it wraps', () => {
    const wrapped = (cause: unknown) => new SitrepError('publish.failed', 'Posting to Slack channel C1 failed', { cause });
    expect(classifyPublishError(wrapped(Object.assign(new Error('HTTP 500'), { statusCode: 500 })))).toEqual({ retry: true });
    expect(classifyPublishError(wrapped(Object.assign(new Error('socket'), { code: 'slack_webapi_request_error' })))).toEqual({ retry: true });
    expect(classifyPublishError(wrapped(Object.assign(new Error('msg_too_long'), { code: 'slack_webapi_platform_error' })))).toEqual({ retry: false });
  });
});

describe('the kept copy of a post', () => {
  it('reads back the reply a renderer needs, instants included, without the JSON-only data', () => {
    const reply: Reply = {
      visibility: 'public',
      title: 'Digest',
      blocks: [{ type: 'bullets', items: [{ text: 'Rebels took the port.', citations: [1], tags: ['single source'] }] }],
      sources: [{ n: 1, articleId: 9, title: 'Port falls', url: null, source: 'Reuters', publishedAt: new Date('2011-05-10T07:00:00Z') }],
      thread: { subject: 'libya', from: new Date('2011-05-09T08:00:00Z'), to: new Date('2011-05-10T08:00:00Z') },
      data: { json: true },
    };
    const kept = JSON.parse(JSON.stringify(replyToJson(reply))) as unknown;
    const { data: _data, ...rest } = reply;
    expect(replyFromJson(kept)).toEqual(rest);
    expect(replyFromJson(kept).sources![0]!.publishedAt).toBeInstanceOf(Date);
    expect(() => replyFromJson({ blocks: 'nope' })).toThrow(/not a reply/);
  });
});
