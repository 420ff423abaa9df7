import OpenAI from 'openai';
import type { Logger } from '../core/logger.ts';

/** What is needed to reach an OpenAI-compatible server. */
export interface OpenAiConnection {
  /** API key; local servers ignore it, so a placeholder is sent when only a base URL is configured. */
  apiKey: string | undefined;
  /** Base URL (`…/v1`); OpenAI's own when undefined. */
  baseUrl: string | undefined;
  /** Per-attempt timeout in ms (the engine also passes a shorter one per request as its deadline nears). */
  timeoutMs: number;
  /** SDK retries on 408/409/429/5xx, connection errors and timeouts; `retry-after` is honoured. */
  maxRetries: number;
}

/** The SDK accepts any non-empty key; servers without authentication ignore it. */
export const PLACEHOLDER_API_KEY = 'sitrep-local-no-key';

/**
 * Builds the SDK client with every setting explicit, so the SDK's own environment lookups (OPENAI_BASE_URL,
 * OPENAI_ORG_ID, OPENAI_LOG …) never override what config.ts parsed, and its log lines go to our logger.
 */
export function createOpenAiClient(connection: OpenAiConnection, logger: Logger): OpenAI {
  const log = logger.child({ component: 'openai' });
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, ...rest: unknown[]): void =>
      log[level](rest.length ? { details: rest } : {}, message);
  return new OpenAI({
    apiKey: connection.apiKey ?? PLACEHOLDER_API_KEY,
    baseURL: connection.baseUrl ?? 'https://api.openai.com/v1',
    organization: null,
    project: null,
    webhookSecret: null,
    timeout: connection.timeoutMs,
    maxRetries: connection.maxRetries,
    logLevel: 'info',
    logger: { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') },
  });
}

/**
 * Which output-length parameter a server reads: OpenAI and Azure OpenAI want `max_completion_tokens` (reasoning
 * models reject `max_tokens`); most other OpenAI-compatible servers read `max_tokens`.
 */
export function tokenLimitParamFor(baseUrl: string | undefined): 'max_completion_tokens' | 'max_tokens' {
  if (!baseUrl) return 'max_completion_tokens';
  const host = new URL(baseUrl).hostname;
  return host === 'api.openai.com' ||
    host.endsWith('.openai.azure.com') ||
    host.endsWith('.cognitiveservices.azure.com') ||
    host.endsWith('.services.ai.azure.com')
    ? 'max_completion_tokens'
    : 'max_tokens';
}
