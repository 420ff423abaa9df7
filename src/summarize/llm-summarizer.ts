import { createHash } from 'node:crypto';
import type { LlmRunInfo } from '../core/brief.ts';
import type { UnverifiedPolicy } from '../core/citation-check.ts';
import { BudgetExceededError, createDeadline, type Deadline } from '../core/deadline.ts';
import type { LanguageCode } from '../core/languages.ts';
import type { Logger } from '../core/logger.ts';
import { dayOf } from '../core/window.ts';
import type { LlmStore } from '../store/ports/llm-store.ts';
import { loadTokenCounter, MESSAGE_OVERHEAD_TOKENS, packContext, type TokenCounter } from './context-packer.ts';
import type { ChatClient, ChatMessage } from './llm-client.ts';
import { LlmUnavailableError } from './llm-errors.ts';
import { estimateCostUsd, type TokenPrice } from './llm-pricing.ts';
import { toSummary } from './llm-output.ts';
import { JSON_SCHEMAS, parseOutput, translatedSchema, type ParsedOutput } from './output-schemas.ts';
import { renderPrompt, type Prompt, type PromptSet } from './prompts.ts';
import { LLM_READING, type Summarizer, type SummaryInput, type SummaryOutput } from './summarizer.ts';
import { cannotTranslateNote, languageRule, translationTarget } from './translation.ts';

/** Injected collaborators and settings of the LLM engine. */
export interface LlmSummarizerDeps {
  /** Chat completions (the openai SDK behind an interface). */
  chat: ChatClient;
  /** Validated prompts. */
  prompts: PromptSet;
  /** Cache and usage ledger. */
  store: LlmStore;
  /** The engine used whenever the LLM cannot be (the extractive summarizer). */
  fallback: Summarizer;
  /** Logger. */
  logger: Logger;
  /** Current time (usage timestamps, budget days). */
  clock: () => Date;
  /** Whole-request deadline in ms: retries and the invalid-output retry included. */
  timeoutMs: number;
  /** Input token budget per request (messages included). */
  inputTokenBudget: number;
  /** Tokens a workspace may spend per UTC day; undefined for no limit. */
  dailyTokenBudget?: number | undefined;
  /** What happens to bullets that fail verification. */
  unverifiedPolicy: UnverifiedPolicy;
  /** Price for cost estimates; undefined when unknown. */
  price?: TokenPrice | undefined;
  /** Days a cached result is kept (default 30). */
  cacheDays?: number;
  /** Monotonic clock in ms for the LLM step's deadline checks (default `performance.now`; the request's clock). */
  now?: () => number;
}

/** What one attempt at the LLM produced. */
type Attempt = { kind: 'ok'; output: SummaryOutput } | { kind: 'fallback'; note: string; reason: string };

const DAY = 86_400_000;
// 2: bullets are checked claim by claim (claim-support); results verified by the older checks are not reused.
const CACHE_FORMAT = 2;
// Of a request's time budget, what stays for the extractive fallback after the LLM step (at most a quarter of it):
// selection over developments that are already ranked takes milliseconds, so two seconds is generous.
const FALLBACK_RESERVE_MS = 2_000;
// Less than this left for the LLM is not worth a request.
const MIN_LLM_MS = 250;

function startOfUtcDay(d: Date): Date {
  return new Date(Math.floor(d.getTime() / DAY) * DAY);
}

/**
 * The LLM engine: packs the best passages into a token budget, asks for cited JSON, verifies every citation, figure
 * and quotation, caches the result and records usage. Any failure, timeout, invalid output or exhausted budget gives
 * the extractive result instead, with a note saying why, within the deadline.
 */
export function createLlmSummarizer(deps: LlmSummarizerDeps): Summarizer {
  const { chat, prompts, store, fallback, logger, clock, timeoutMs } = deps;
  const engine = `llm:${chat.model}`;
  const inFlight = new Map<string, Promise<SummaryOutput>>();
  let counter: Promise<TokenCounter> | undefined;

  function cacheKey(input: SummaryInput, prompt: Prompt, target: LanguageCode | null): string {
    const sources = [...input.articles.values()].map((a) => [a.id, a.contentHash] as const).sort((a, b) => a[0] - b[0]);
    return createHash('sha256')
      .update(
        JSON.stringify({
          f: CACHE_FORMAT,
          prompt: prompt.ref,
          model: chat.model,
          kind: input.kind,
          subject: input.subject.trim().toLowerCase(),
          language: target,
          bullets: [input.minBullets, input.maxBullets],
          policy: deps.unverifiedPolicy,
          budget: deps.inputTokenBudget,
          sources,
        }),
      )
      .digest('hex');
  }

  async function fromCache(input: SummaryInput, key: string, prompt: Prompt): Promise<SummaryOutput | null> {
    const hit = await store.getCached(input.workspace, key);
    if (!hit) return null;
    try {
      const stored = JSON.parse(hit.output) as Pick<SummaryOutput, 'headline' | 'bullets' | 'notes' | 'verification'>;
      const llm: LlmRunInfo = {
        prompt: prompt.ref,
        model: chat.model,
        cached: true,
        usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 },
      };
      return { ...stored, engine, llm };
    } catch (err) {
      logger.warn({ err, key }, 'unreadable LLM cache entry; asking again');
      return null;
    }
  }

  async function withFallback(input: SummaryInput, note: string, reason: string): Promise<SummaryOutput> {
    const { language, fallback: lead, ...rest } = input;
    // Written from the default reading's developments when the request carries them (see SummaryInput.fallback).
    const { preferred: _deep, ...others } = rest;
    const extractiveInput: SummaryInput = lead
      ? { ...others, developments: lead.developments, ...(lead.preferred !== undefined ? { preferred: lead.preferred } : {}) }
      : rest;
    const out = await fallback.summarize(extractiveInput);
    const untranslated = cannotTranslateNote(language, out.bullets.map((b) => b.text), true);
    const notes = [...out.notes, note, ...(untranslated ? [untranslated] : [])];
    return { ...out, notes, details: { ...out.details, llmFallback: reason } };
  }

  /** Runs the request; resolves with a fallback decision rather than throwing. */
  async function attempt(
    input: SummaryInput,
    prompt: Prompt,
    key: string,
    target: LanguageCode | null,
    deadline: number,
    signal: AbortSignal,
    stage: Deadline,
  ): Promise<Attempt> {
    const nonce = createHash('sha256').update(`${key}:${input.subject}`).digest('hex').slice(0, 10);
    const values = {
      language_rule: languageRule(target),
      subject: input.subject.replace(/<<<|>>>/g, '').replace(/\s+/g, ' ').trim(),
      window_from: dayOf(input.window.from),
      window_to: dayOf(input.window.to),
      min_bullets: String(input.minBullets),
      max_bullets: String(input.maxBullets),
      nonce,
    };
    const countTokens = await (counter ??= loadTokenCounter());
    const empty = renderPrompt(prompt, { ...values, sources: '' });
    const overhead = countTokens(empty.system) + countTokens(empty.user) + 3 * MESSAGE_OVERHEAD_TOKENS;
    const packed = packContext(input, deps.inputTokenBudget - overhead, countTokens);
    stage.check('context packing');
    if (packed.passages === 0) {
      return { kind: 'fallback', reason: 'budget', note: 'LLM input token budget is too small for any passage; extractive summary.' };
    }
    const rendered = renderPrompt(prompt, { ...values, sources: packed.text });
    // A prompt file without the placeholder still hears the rule when the output is to be translated.
    if (target && !/\{\{\s*language_rule\s*\}\}/.test(prompt.system)) rendered.system += `\n${values.language_rule}`;
    const messages: ChatMessage[] = [
      { role: 'system', content: rendered.system },
      { role: 'user', content: rendered.user },
    ];
    const inputTokens = overhead + packed.tokens;

    if (deps.dailyTokenBudget !== undefined) {
      const used = await store.tokensUsedSince(input.workspace, startOfUtcDay(clock()));
      if (used + inputTokens + prompt.maxOutputTokens > deps.dailyTokenBudget) {
        return {
          kind: 'fallback',
          reason: 'daily budget',
          note:
            `This workspace's daily LLM budget of ${deps.dailyTokenBudget.toLocaleString('en')} tokens is used up ` +
            `(${used.toLocaleString('en')} used today; it resets at 00:00 UTC). Extractive summary.`,
        };
      }
    }

    const usage = { promptTokens: 0, completionTokens: 0, costUsd: 0 as number | null };
    let parsed: ParsedOutput | undefined;
    let lastError = '';
    for (let round = 0; round < 2 && !parsed; round++) {
      const result = await chat.complete(
        {
          messages,
          temperature: prompt.temperature,
          maxOutputTokens: prompt.maxOutputTokens,
          schemaName: `sitrep_${prompt.outputSchema}`,
          schema: target ? translatedSchema(prompt.outputSchema) : JSON_SCHEMAS[prompt.outputSchema],
        },
        { deadline, signal, clock },
      );
      const promptTokens = result.promptTokens ?? countTokens(messages.map((m) => m.content).join('\n'));
      const completionTokens = result.completionTokens ?? countTokens(result.content);
      const cost = estimateCostUsd(deps.price, promptTokens, completionTokens);
      const r = parseOutput(prompt.outputSchema, result.content);
      const truncated = result.finishReason === 'length';
      await store.recordUsage({
        workspace: input.workspace,
        at: clock(),
        prompt: prompt.ref,
        model: chat.model,
        promptTokens,
        completionTokens,
        costUsd: cost,
        outcome: r.ok && !truncated ? 'ok' : truncated ? 'truncated' : 'invalid',
      });
      usage.promptTokens += promptTokens;
      usage.completionTokens += completionTokens;
      usage.costUsd = usage.costUsd === null || cost === null ? null : usage.costUsd + cost;
      if (r.ok && !truncated) {
        parsed = r.value;
      } else {
        lastError = truncated ? 'the reply was cut off at the output token limit' : r.ok ? '' : r.error;
        logger.warn({ prompt: prompt.ref, model: chat.model, round, error: lastError }, 'invalid LLM output');
        // The retry shows the model what it sent and what was wrong with it.
        messages.push(
          { role: 'assistant', content: result.content.slice(0, 4000) },
          { role: 'user', content: `That reply was not usable: ${lastError}. Reply again with the JSON object only.` },
        );
      }
    }
    if (!parsed) return { kind: 'fallback', reason: 'invalid output', note: 'LLM unavailable (invalid output); extractive summary.' };

    const llm: LlmRunInfo = { prompt: prompt.ref, model: chat.model, cached: false, usage };
    const output = toSummary(parsed, input, packed.sources, { engine, llm, policy: deps.unverifiedPolicy, language: target });
    // Verification is synchronous: the timer cannot cut it short, so its end is checked here.
    stage.check('verification');
    if (!output) {
      return {
        kind: 'fallback',
        reason: 'verification',
        note: 'The LLM summary failed the citation checks (no bullet cited its sources correctly); extractive summary.',
      };
    }
    const { headline, bullets, notes, verification } = output;
    const expireBefore = new Date(clock().getTime() - (deps.cacheDays ?? 30) * DAY);
    await store.putCached(
      {
        key,
        workspace: input.workspace,
        prompt: prompt.ref,
        model: chat.model,
        output: JSON.stringify({ headline, bullets, notes, verification }),
        createdAt: clock(),
      },
      expireBefore,
    );
    return { kind: 'ok', output };
  }

  /** The LLM step's share of the request's budget: its own timeout, leaving time for the fallback. */
  function llmTimeMs(outer: Deadline | undefined): number {
    if (!outer) return timeoutMs;
    const reserve = Math.min(FALLBACK_RESERVE_MS, outer.budgetMs / 4);
    return Math.floor(Math.min(timeoutMs, outer.remaining() - reserve));
  }

  async function run(input: SummaryInput, prompt: Prompt, key: string, target: LanguageCode | null): Promise<SummaryOutput> {
    const ms = llmTimeMs(input.deadline);
    if (ms < MIN_LLM_MS) {
      logger.warn({ prompt: prompt.ref, model: chat.model, leftMs: input.deadline?.remaining() }, 'no time left for the LLM');
      return withFallback(input, 'Too little of the time limit was left for the LLM; extractive summary.', 'no time');
    }
    const deadline = clock().getTime() + ms;
    const stage = createDeadline(ms, deps.now ?? (() => performance.now()));
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<Attempt>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ kind: 'fallback', reason: 'timeout', note: 'LLM unavailable (timeout); extractive summary.' });
      }, ms);
    });
    // A late failure after the deadline must not become an unhandled rejection.
    const work = attempt(input, prompt, key, target, deadline, controller.signal, stage).catch((err: unknown): Attempt => {
      if (err instanceof BudgetExceededError) {
        return { kind: 'fallback', reason: 'timeout', note: `LLM unavailable (timeout during ${err.stage}); extractive summary.` };
      }
      const e = err instanceof LlmUnavailableError ? err : new LlmUnavailableError('unexpected error', { cause: err });
      if (!(err instanceof LlmUnavailableError)) logger.error({ err }, 'LLM engine failed');
      return { kind: 'fallback', reason: e.reason, note: `${e.message}; extractive summary.` };
    });
    let result: Attempt;
    try {
      result = await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
    }
    if (result.kind === 'ok') return result.output;
    logger.warn({ prompt: prompt.ref, model: chat.model, reason: result.reason }, 'LLM fallback to extractive');
    return withFallback(input, result.note, result.reason);
  }

  return {
    name: engine,
    reading: LLM_READING,
    async summarize(input) {
      const prompt = prompts[input.kind];
      // Nothing to write about: the extractive engine handles empty input without spending tokens.
      if (input.developments.length === 0) return fallback.summarize(input);
      // Told once per request: which sources are in other languages than the one asked for.
      const target = translationTarget(input);
      const key = cacheKey(input, prompt, target);
      const cached = await fromCache(input, key, prompt);
      if (cached) return cached;
      // Two identical requests at once share one LLM call.
      const pending = inFlight.get(`${input.workspace}:${key}`);
      if (pending) return pending;
      const p = run(input, prompt, key, target).finally(() => inFlight.delete(`${input.workspace}:${key}`));
      inFlight.set(`${input.workspace}:${key}`, p);
      return p;
    },
  };
}
