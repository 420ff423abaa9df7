import { UserError } from '../../core/errors.ts';

/** Why an outbound fetch failed or was refused. */
export type FetchFailure =
  | 'bad-url'
  | 'scheme'
  | 'private-address'
  | 'metadata'
  | 'dns'
  | 'connect'
  | 'timeout'
  | 'redirects'
  | 'http-status'
  | 'content-type'
  | 'encoding'
  | 'too-large'
  | 'network';

/**
 * An outbound fetch that was refused or failed. It is a {@link UserError}: the URL came from the user (or from a feed
 * they subscribed to), and the message says exactly what went wrong so they can act on it.
 */
export class FetchError extends UserError {
  /** Machine-readable reason. */
  readonly reason: FetchFailure;
  /** The URL being fetched when it failed (after redirects). */
  readonly url: string;
  /** HTTP status, for `http-status`. */
  readonly status: number | undefined;
  /** Raw `Retry-After` header of a 429/503 answer, when present. */
  readonly retryAfter: string | undefined;

  constructor(
    reason: FetchFailure,
    url: string,
    message: string,
    options: { cause?: unknown; status?: number; retryAfter?: string | undefined; hint?: string } = {},
  ) {
    super(`fetch.${reason}`, message, {
      ...(options.cause !== undefined ? { cause: options.cause } : {}),
      ...(options.hint ? { hint: options.hint } : {}),
    });
    this.reason = reason;
    this.url = url;
    this.status = options.status;
    this.retryAfter = options.retryAfter;
  }
}
