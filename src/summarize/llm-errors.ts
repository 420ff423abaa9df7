import { SitrepError } from '../core/errors.ts';

/** The LLM could not be used for this request; `reason` is short and safe to show ("timeout"). */
export class LlmUnavailableError extends SitrepError {
  /** Short reason for the reader's note. */
  readonly reason: string;

  constructor(reason: string, options?: { cause?: unknown }) {
    super('llm.unavailable', `LLM unavailable (${reason})`, options);
    this.reason = reason;
  }
}
