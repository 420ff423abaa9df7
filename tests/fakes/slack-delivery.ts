import { createHmac } from 'node:crypto';

/** Slack's request signature over a body at a timestamp (seconds). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Options of a signed delivery. */
export interface DeliveryOptions {
  /** Seconds since the epoch (default now). */
  timestamp?: number;
  /** Signature to send instead of the right one (forgery tests). */
  signature?: string;
  /** X-Slack-Retry-Num. */
  retryNum?: number;
}

/**
 * POSTs a signed request to a Bolt HTTP endpoint, as Slack does. Slash commands are form-encoded strings with the
 * exact content type Bolt compares against (a URLSearchParams body would add `;charset=UTF-8` and be refused).
 */
export async function deliver(
  endpoint: string,
  secret: string,
  payload: { form: Record<string, string> } | { json: unknown },
  options: DeliveryOptions = {},
): Promise<Response> {
  const isForm = 'form' in payload;
  const body = isForm ? new URLSearchParams(payload.form).toString() : JSON.stringify(payload.json);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'Content-Type': isForm ? 'application/x-www-form-urlencoded' : 'application/json',
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': options.signature ?? slackSignature(secret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['X-Slack-Retry-Num'] = String(options.retryNum);
    headers['X-Slack-Retry-Reason'] = 'http_timeout';
  }
  return fetch(endpoint, { method: 'POST', headers, body });
}
