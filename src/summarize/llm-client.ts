import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { RateLimitedError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { LlmUnavailableError } from './llm-errors.ts';

/**
 * One structured chat completion through the official SDK, with the server-compatibility ladder: JSON Schema output
 * first, then plain JSON mode, then free text (parsed tolerantly), remembering what the server accepted. Retries,
 * timeouts and `retry-after` are the SDK's; this adds a deadline the SDK cannot exceed and maps vendor errors to ours.
 */

/** How structured output is requested. */
export type OutputMode = 'json_schema' | 'json_object' | 'text';

/** One chat message. */
export interface ChatMessage {
  /** Speaker. */
  role: 'system' | 'user' | 'assistant';
  /** Text. */
  content: string;
}

/** A completion request. */
export interface ChatRequest {
  /** Messages in order. */
  messages: ChatMessage[];
  /** Sampling temperature. */
  temperature: number;
  /** Most output tokens. */
  maxOutputTokens: number;
  /** Schema name for `response_format`. */
  schemaName: string;
  /** JSON Schema of the expected object. */
  schema: Record<string, unknown>;
}

/** A completion. */
export interface ChatResult {
  /** The assistant's text ("" when it sent none). */
  content: string;
  /** Why generation stopped ("stop", "length", …). */
  finishReason: string;
  /** Input tokens as reported by the server, when it reports usage. */
  promptTokens: number | undefined;
  /** Output tokens as reported by the server. */
  completionTokens: number | undefined;
  /** The output mode that was used. */
  mode: OutputMode;
}

/** The part of the SDK the engine uses, as an interface. */
export interface ChatClient {
  /** Model name sent with every request. */
  readonly model: string;
  /**
   * Runs one completion; gives up (throwing {@link LlmUnavailableError}) no later than `deadline` (epoch ms, read on
   * `clock`, the caller's injected clock).
   */
  complete(request: ChatRequest, options: { deadline: number; signal: AbortSignal; clock: () => Date }): Promise<ChatResult>;
}

/** Options for {@link createOpenAiChatClient}. */
export interface OpenAiChatOptions {
  /** The SDK client (built by the composition root with apiKey, baseURL, timeout, maxRetries). */
  client: OpenAI;
  /** Model (or Azure deployment) name. */
  model: string;
  /** Logger. */
  logger: Logger;
  /**
   * `max_completion_tokens` (OpenAI and Azure; required by reasoning models) or `max_tokens` (what most
   * OpenAI-compatible local servers read).
   */
  tokenLimitParam: 'max_completion_tokens' | 'max_tokens';
  /** First output mode to try (default json_schema). */
  initialMode?: OutputMode;
}

const NEXT_MODE: Record<OutputMode, OutputMode | undefined> = { json_schema: 'json_object', json_object: 'text', text: undefined };

// Reasoning models accept only their default temperature.
const FIXED_TEMPERATURE = /^(o\d|gpt-5(?!-chat))/i;

function retryAfterMs(headers: Headers | undefined, now: number): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const s = Number.parseFloat(raw);
  if (Number.isFinite(s)) return s * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A fetch that tells the SDK not to retry when the wait would end after the deadline: a `retry-after` longer than the
 * time left, or less than a second left at all. The SDK then throws at once instead of sleeping past the deadline.
 */
function deadlineFetch(deadline: number, clock: () => Date): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (res.ok || res.headers.get('x-should-retry') === 'false') return res;
    const now = clock().getTime();
    const left = deadline - now;
    const wait = retryAfterMs(res.headers, now);
    if (left > 1000 && (wait === undefined || wait < left)) return res;
    const headers = new Headers(res.headers);
    headers.set('x-should-retry', 'false');
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  };
}

function isFormatRejection(err: unknown): boolean {
  return (
    (err instanceof OpenAI.BadRequestError || err instanceof OpenAI.UnprocessableEntityError) &&
    /response_format|json_schema|json_object|structured|schema|grammar/i.test(err.message)
  );
}

/** Maps an SDK error to a short reason; `now` (epoch ms) reads an HTTP-date `retry-after`. */
export function classifyError(err: unknown, now: number): LlmUnavailableError {
  if (err instanceof LlmUnavailableError) return err;
  if (err instanceof OpenAI.APIConnectionTimeoutError || err instanceof OpenAI.APIUserAbortError) {
    return new LlmUnavailableError('timeout', { cause: err });
  }
  if (err instanceof OpenAI.RateLimitError) {
    const wait = retryAfterMs(err.headers, now);
    const limited = new RateLimitedError('The LLM server is rate limiting requests.', wait, { cause: err });
    const after = wait === undefined ? '' : `; retry after ${Math.ceil(wait / 1000)} s`;
    return new LlmUnavailableError(`rate limited${after}`, { cause: limited });
  }
  if (err instanceof OpenAI.APIConnectionError) return new LlmUnavailableError('cannot connect to the server', { cause: err });
  if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
    return new LlmUnavailableError('the API key was refused', { cause: err });
  }
  if (err instanceof OpenAI.NotFoundError) return new LlmUnavailableError('model or endpoint not found', { cause: err });
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    return new LlmUnavailableError(err.status >= 500 ? `server error ${err.status}` : `request rejected (${err.status})`, {
      cause: err,
    });
  }
  return new LlmUnavailableError('unexpected error', { cause: err });
}

/** The {@link ChatClient} over the openai SDK. */
export function createOpenAiChatClient(options: OpenAiChatOptions): ChatClient {
  const { client, model, logger, tokenLimitParam } = options;
  // What the server accepted last; shared by all requests of this process.
  let mode: OutputMode = options.initialMode ?? 'json_schema';

  function body(request: ChatRequest, m: OutputMode): ChatCompletionCreateParamsNonStreaming {
    const params: ChatCompletionCreateParamsNonStreaming = { model, messages: request.messages };
    if (!FIXED_TEMPERATURE.test(model)) params.temperature = request.temperature;
    params[tokenLimitParam] = request.maxOutputTokens;
    if (m === 'json_schema') {
      params.response_format = {
        type: 'json_schema',
        json_schema: { name: request.schemaName, strict: true, schema: request.schema },
      };
    } else if (m === 'json_object') {
      params.response_format = { type: 'json_object' };
    }
    return params;
  }

  return {
    model,
    async complete(request, { deadline, signal, clock }) {
      const scoped = client.withOptions({ fetch: deadlineFetch(deadline, clock) });
      for (;;) {
        const left = Math.floor(deadline - clock().getTime());
        if (left <= 0) throw new LlmUnavailableError('timeout');
        const m = mode;
        try {
          const completion = await scoped.chat.completions.create(body(request, m), { timeout: left, signal });
          const choice = completion.choices?.[0];
          return {
            content: choice?.message?.content ?? '',
            finishReason: choice?.finish_reason ?? 'unknown',
            promptTokens: completion.usage?.prompt_tokens,
            completionTokens: completion.usage?.completion_tokens,
            mode: m,
          };
        } catch (err) {
          const next = NEXT_MODE[m];
          if (next && isFormatRejection(err)) {
            // Another request may already have stepped down; only step from the mode that failed.
            if (mode === m) mode = next;
            logger.warn({ model, from: m, to: mode }, 'the LLM server rejected the output format; trying a simpler one');
            continue;
          }
          throw classifyError(err, clock().getTime());
        }
      }
    },
  };
}
