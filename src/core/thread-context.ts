/**
 * What a thread under one of Sitrep's briefs is about: the brief's subject and window, so that a reply in the
 * thread ("what did Russia say about this?") is answered from the same story and period. Chat platforms carry it
 * with the message itself (Slack: the first block's `block_id`), so any instance can read it back from the thread's
 * first message without shared state.
 */
export interface ThreadContext {
  /** The story or search the brief was about. */
  subject: string;
  /** Start of the brief's window. */
  from: Date;
  /** End of the brief's window. */
  to: Date;
}

const PREFIX = 'sitrep1.';
/** Slack's limit for a block_id. */
export const MAX_CONTEXT_TOKEN = 255;

/** The context as a short token (at most 255 characters), or null when the subject is too long to fit. */
export function encodeThreadContext(c: ThreadContext): string | null {
  const json = JSON.stringify([c.subject, c.from.getTime(), c.to.getTime()]);
  const token = PREFIX + Buffer.from(json, 'utf8').toString('base64url');
  return token.length <= MAX_CONTEXT_TOKEN ? token : null;
}

/**
 * Reads a token back; null for anything that is not one of ours or does not hold a sane context. Tokens come back
 * from a platform, so they are checked like any untrusted input.
 */
export function decodeThreadContext(token: unknown): ThreadContext | null {
  if (typeof token !== 'string' || !token.startsWith(PREFIX) || token.length > MAX_CONTEXT_TOKEN) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 3) return null;
  const [subject, from, to] = value as unknown[];
  if (typeof subject !== 'string' || !subject.trim() || subject.length > 200) return null;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || (from as number) < 0 || (to as number) <= (from as number)) return null;
  return { subject, from: new Date(from as number), to: new Date(to as number) };
}

/** Where contexts outlive the process: the database, shared by every instance (see the thread store). */
export interface DurableThreads {
  rememberThread(messageKey: string, context: ThreadContext, at: Date): Promise<void>;
  recallThread(messageKey: string): Promise<ThreadContext | null>;
}

/** Remembers the context of posted briefs by message id, for platforms that cannot carry it in the message. */
export interface ThreadMemory {
  /** Records the context of a posted message. */
  remember(messageId: string, context: ThreadContext): Promise<void>;
  /** The context of a message, if it is one of the briefs remembered. */
  recall(messageId: string | null | undefined): Promise<ThreadContext | null>;
}

/** Options of {@link createThreadMemory}. */
export interface ThreadMemoryOptions {
  /** Most messages kept in this process. Default 10,000. */
  max?: number;
  /** The durable copy: written on every remember, read when this process does not know a message. */
  durable?: DurableThreads | undefined;
  /** Platform prefix of the durable keys ("discord"). */
  platform?: string;
  /** Current time (when a brief was posted). */
  clock?: () => Date;
}

/**
 * A bounded memory of recent briefs (the oldest go first once `max` are kept), in front of an optional durable copy
 * so that a reply under a brief posted before a restart, or by another instance, is still recognised.
 */
export function createThreadMemory(options: ThreadMemoryOptions = {}): ThreadMemory {
  const max = options.max ?? 10_000;
  const platform = options.platform ?? 'chat';
  const clock = options.clock ?? (() => new Date());
  const entries = new Map<string, ThreadContext>();
  const keep = (messageId: string, context: ThreadContext): void => {
    entries.delete(messageId);
    entries.set(messageId, context);
    while (entries.size > max) entries.delete(entries.keys().next().value!);
  };
  return {
    async remember(messageId, context) {
      keep(messageId, context);
      await options.durable?.rememberThread(`${platform}:${messageId}`, context, clock());
    },
    async recall(messageId) {
      if (!messageId) return null;
      const known = entries.get(messageId);
      if (known) return known;
      if (!options.durable) return null;
      const stored = await options.durable.recallThread(`${platform}:${messageId}`);
      if (stored) keep(messageId, stored);
      return stored;
    },
  };
}
