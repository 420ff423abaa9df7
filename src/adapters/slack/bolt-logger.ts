import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';

/** Slack tokens (bot, user, app-level, refresh, config) look like `xoxb-…`, `xapp-…`, `xoxe.xoxp-…`. */
const TOKEN = /\b(xox[abposre]|xapp)(?:\.xox[abp])?-[A-Za-z0-9-]+/g;

/** Replaces anything that looks like a Slack token with its prefix only. */
export function redactTokens(text: string): string {
  return text.replace(TOKEN, (_m, prefix: string) => `${prefix}-[redacted]`);
}

function describe(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return arg.message;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

/**
 * Bolt's logger interface over our injected logger, so the SDK's own lines land in the same JSON log stream. Every
 * line is passed through {@link redactTokens}: tokens must never reach a log, whatever the SDK decides to print.
 */
export function createBoltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const emit = (write: (obj: object, msg?: string) => void, args: unknown[]): void => {
    const err = args.find((a): a is Error => a instanceof Error);
    const text = redactTokens(args.map(describe).join(' '));
    write(err ? { err: { type: err.name, message: redactTokens(err.message), code: (err as { code?: unknown }).code } } : {}, text);
  };
  return {
    debug: (...args: unknown[]) => emit((o, m) => logger.debug(o, m), args),
    info: (...args: unknown[]) => emit((o, m) => logger.info(o, m), args),
    warn: (...args: unknown[]) => emit((o, m) => logger.warn(o, m), args),
    error: (...args: unknown[]) => emit((o, m) => logger.error(o, m), args),
    // Filtering is the injected logger's job; the level is only remembered because the SDK asks for it.
    setLevel(next: LogLevel) {
      level = next;
    },
    getLevel: () => level,
    setName() {},
  };
}
