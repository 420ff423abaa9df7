import type { ThreadContext } from '../../core/thread-context.ts';

/**
 * What each posted brief was about, by the chat message that carries it, for platforms whose messages cannot carry
 * it themselves (Discord). Kept in the database so that every instance, and the next process after a restart,
 * recognises a reply under a brief it did not post.
 */
export interface ThreadStore {
  /** Records (or replaces) the context of a posted message; `at` is when it was posted. */
  rememberThread(messageKey: string, context: ThreadContext, at: Date): Promise<void>;
  /** The context of a message, or null when none was recorded or it is older than the retention. */
  recallThread(messageKey: string): Promise<ThreadContext | null>;
  /** Deletes contexts posted before `before`; returns how many. */
  forgetThreadsBefore(before: Date): Promise<number>;
}

/** Longest a message key may be (platform ids are far shorter). */
export const MAX_MESSAGE_KEY = 200;
