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

/** Remembers the context of recently posted briefs by message id, for platforms that cannot carry it in the message. */
export interface ThreadMemory {
  /** Records the context of a posted message. */
  remember(messageId: string, context: ThreadContext): void;
  /** The context of a message, if it is one of the recent briefs. */
  recall(messageId: string | null | undefined): ThreadContext | null;
}

/** A bounded memory: the oldest entries go first once `max` messages are remembered. */
export function createThreadMemory(max = 10_000): ThreadMemory {
  const entries = new Map<string, ThreadContext>();
  return {
    remember(messageId, context) {
      entries.delete(messageId);
      entries.set(messageId, context);
      while (entries.size > max) entries.delete(entries.keys().next().value!);
    },
    recall: (messageId) => (messageId ? (entries.get(messageId) ?? null) : null),
  };
}
