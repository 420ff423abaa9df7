import { ChannelUnavailableError, DeliveryLostError, type ChannelRef, type Delivery, type PublishResult, type Publisher } from '../chat/publisher.ts';
import type { Reply } from '../chat/reply.ts';
import { RateLimitedError, SitrepError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';

/** How often and how patiently a post is retried. */
export interface RetryPolicy {
  /** Attempts in total (the first one included). */
  attempts: number;
  /** Delay before the second attempt; doubles each time. */
  baseDelayMs: number;
  /** Longest wait between attempts (a platform's Retry-After is honoured up to this). */
  maxDelayMs: number;
}

/** Waits; injected so tests drive retries with fake timers. */
export type Sleep = (ms: number) => Promise<void>;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 2_000, maxDelayMs: 120_000 };

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'slack_webapi_rate_limited_error',
  'slack_webapi_request_error',
]);

function numberProp(err: object, key: string): number | undefined {
  const v = (err as Record<string, unknown>)[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Whether a failed post is worth retrying, and after how long when the platform said so. Retryable: rate limits
 * (our RateLimitedError, or any error carrying HTTP status 429), server errors (status ≥ 500) and connection
 * failures. A channel that is gone, and every other client error, is final.
 */
export function classifyPublishError(err: unknown): { retry: boolean; afterMs?: number } {
  if (err instanceof ChannelUnavailableError || err instanceof DeliveryLostError) return { retry: false };
  // A platform error wrapped by a publisher (Slack's "posting failed") is judged by what it wraps.
  if (err instanceof SitrepError && err.code === 'publish.failed' && err.cause !== undefined) return classifyPublishError(err.cause);
  if (err instanceof RateLimitedError) return err.retryAfterMs === undefined ? { retry: true } : { retry: true, afterMs: err.retryAfterMs };
  if (typeof err !== 'object' || err === null) return { retry: false };
  const status = numberProp(err, 'status') ?? numberProp(err, 'statusCode');
  const afterMs = numberProp(err, 'retryAfterMs');
  const code = (err as { code?: unknown }).code;
  if (status === 429 || (status !== undefined && status >= 500) || (typeof code === 'string' && TRANSIENT_CODES.has(code))) {
    return afterMs === undefined ? { retry: true } : { retry: true, afterMs };
  }
  return { retry: false };
}

/**
 * Posts a reply, retrying rate limits and server errors with exponential backoff (honouring a platform's
 * Retry-After). With a delivery, a retry posts only the messages not confirmed yet, and `beforeAttempt` runs before
 * each attempt (a digest renews its claim there, and throws when it lost it). Throws the last error when every
 * attempt failed or the error is final.
 */
export async function publishWithRetry(
  publisher: Publisher,
  channel: ChannelRef,
  reply: Reply,
  options: { policy?: RetryPolicy; sleep?: Sleep; logger: Logger; delivery?: Delivery; beforeAttempt?: (attempt: number) => Promise<void> },
): Promise<PublishResult> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      await options.beforeAttempt?.(attempt);
      return await publisher.publish(channel, reply, options.delivery);
    } catch (err) {
      const verdict = classifyPublishError(err);
      if (!verdict.retry || attempt >= policy.attempts) throw err;
      const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
      const delay = Math.min(Math.max(verdict.afterMs ?? 0, backoff), policy.maxDelayMs);
      options.logger.warn(
        { err, attempt, delayMs: delay, platform: channel.platform, channel: channel.channelId },
        'post failed; retrying',
      );
      await sleep(delay);
    }
  }
}
