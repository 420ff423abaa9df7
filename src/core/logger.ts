/** The logging surface the code depends on (pino satisfies it); injected, never imported as a singleton. */
export interface Logger {
  /** Fine detail. */
  debug(obj: object | string, msg?: string): void;
  /** Normal operation. */
  info(obj: object | string, msg?: string): void;
  /** Something unexpected that was handled. */
  warn(obj: object | string, msg?: string): void;
  /** A failure. */
  error(obj: object | string, msg?: string): void;
  /** A logger that adds these fields to every line. */
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
