/**
 * One error base for the whole product. Every error carries a stable `code` so callers, logs and tests can tell
 * kinds apart without parsing messages. Only {@link UserError} messages are ever shown to a user; anything else is
 * logged with a reference id and the user sees an apology quoting that id.
 */
export class SitrepError extends Error {
  /** Stable machine-readable code, e.g. `store.migration_failed`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An error caused by what the user asked for; its message is written for them and safe to show. */
export class UserError extends SitrepError {
  /** Optional short hint shown under the message (a usage line, a suggestion). */
  readonly hint: string | undefined;

  constructor(code: string, message: string, options?: { cause?: unknown; hint?: string }) {
    super(code, message, options);
    this.hint = options?.hint;
  }
}

/** A rate limit or budget was hit; `retryAfterMs` says when trying again makes sense, when known. */
export class RateLimitedError extends UserError {
  /** Milliseconds after which a retry may succeed, when the upstream said so. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, retryAfterMs?: number, options?: { cause?: unknown }) {
    super('rate_limited', message, options);
    this.retryAfterMs = retryAfterMs;
  }
}

/** Configuration is invalid; lists every problem at once. */
export class ConfigError extends SitrepError {
  /** One line per problem, each naming the variable and what was expected. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('config.invalid', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** True for errors whose message may be shown to a user. */
export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** A short random reference id that ties a user-facing apology to a log line. */
export function newReferenceId(random: () => number = Math.random): string {
  let id = '';
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  for (let i = 0; i < 8; i++) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
}
