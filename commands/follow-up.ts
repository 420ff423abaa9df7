import type { ThreadContext } from '../src/core/thread-context.ts';
import type { OptionValues } from './command.ts';

/**
 * The `ask` options that make a question in a brief's thread a follow-up: the brief's subject (`about`) and its exact
 * window. Every chat adapter uses this, so a follow-up means the same on every platform.
 */
export function followUpOptions(context: ThreadContext): OptionValues {
  return { about: context.subject, since: context.from.toISOString(), until: context.to.toISOString() };
}
