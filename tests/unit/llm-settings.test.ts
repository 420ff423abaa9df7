import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENAI_MODEL, loadConfig } from '../../src/config.ts';
import { estimateCostUsd, listPrice } from '../../src/summarize/llm-pricing.ts';
import { tokenLimitParamFor } from '../../src/summarize/openai-factory.ts';
import { extractJson, parseOutput } from '../../src/summarize/output-schemas.ts';

describe('LLM configuration', () => {
  it('is off without a key or base URL and has sensible defaults', () => {
    const c = loadConfig({});
    expect(c.llm.enabled).toBe(false);
    expect(c.openai).toMatchObject({ model: DEFAULT_OPENAI_MODEL, timeoutMs: 20_000, maxRetries: 2 });
    expect(c.llm).toMatchObject({ inputTokens: 6_000, dailyTokens: undefined, unverified: 'drop', price: undefined });
  });

  it('turns on with only a base URL (local server) and reads every setting', () => {
    const c = loadConfig({
      OPENAI_BASE_URL: 'http://localhost:11434/v1',
      OPENAI_MODEL: 'llama3.1:8b',
      OPENAI_TIMEOUT_MS: '45000',
      OPENAI_MAX_RETRIES: '0',
      SITREP_LLM_INPUT_TOKENS: '12_000',
      SITREP_LLM_DAILY_TOKENS: '200000',
      SITREP_LLM_UNVERIFIED: 'strict',
      SITREP_LLM_PRICE: '0.40, 1.60',
    });
    expect(c.llm.enabled).toBe(true);
    expect(c.openai).toMatchObject({ apiKey: undefined, model: 'llama3.1:8b', timeoutMs: 45_000, maxRetries: 0 });
    expect(c.llm).toMatchObject({ inputTokens: 12_000, dailyTokens: 200_000, unverified: 'strict', price: { inputPerMillion: 0.4, outputPerMillion: 1.6 } });
  });

  it('treats a daily budget of 0 as no limit and rejects a budget too small to hold any passage', () => {
    expect(loadConfig({ SITREP_LLM_DAILY_TOKENS: '0' }).llm.dailyTokens).toBeUndefined();
    expect(() => loadConfig({ SITREP_LLM_INPUT_TOKENS: '200' })).toThrow(/SITREP_LLM_INPUT_TOKENS: expected a whole number from 1000/);
    expect(() => loadConfig({ OPENAI_MAX_RETRIES: '-1' })).toThrow(/OPENAI_MAX_RETRIES/);
  });

  it('sends max_completion_tokens to OpenAI and Azure, max_tokens to other servers', () => {
    expect(tokenLimitParamFor(undefined)).toBe('max_completion_tokens');
    expect(tokenLimitParamFor('https://my-res.openai.azure.com/openai/v1/')).toBe('max_completion_tokens');
    expect(tokenLimitParamFor('http://localhost:11434/v1')).toBe('max_tokens');
    expect(tokenLimitParamFor('http://127.0.0.1:8000/v1')).toBe('max_tokens');
  });

  it('estimates cost from list prices, longest model prefix first, and not for unknown models', () => {
    expect(listPrice('gpt-4.1-mini-2025-04-14')).toEqual({ inputPerMillion: 0.4, outputPerMillion: 1.6 });
    expect(listPrice('gpt-4.1')).toEqual({ inputPerMillion: 2, outputPerMillion: 8 });
    expect(listPrice('llama3.1:8b')).toBeUndefined();
    expect(estimateCostUsd(listPrice('gpt-4.1-mini'), 6000, 500)).toBeCloseTo(0.0032, 6);
    expect(estimateCostUsd(undefined, 6000, 500)).toBeNull();
  });
});

describe('reading model output', () => {
  it('finds the JSON object in fences, prose or on its own', () => {
    expect(extractJson('{"a":1}')).toEqual({ a: 1 });
    expect(extractJson('Sure:\n```json\n{"a":2}\n```')).toEqual({ a: 2 });
    expect(extractJson('Result: {"a": "} tricky {", "b": 3} — done')).toEqual({ a: '} tricky {', b: 3 });
    expect(extractJson('no json here')).toBeUndefined();
  });

  it('accepts citations written as strings, brackets or a lone number and items written as strings', () => {
    const r = parseOutput('brief', JSON.stringify({ headline: 'h', bullets: [{ text: 'a', citations: '[1], 2' }, { text: 'b', citations: 3 }, 'c [4]'] }));
    expect(r).toEqual({
      ok: true,
      value: { headline: 'h', covered: true, items: [{ text: 'a', citations: [1, 2] }, { text: 'b', citations: [3] }, { text: 'c [4]', citations: [] }] },
    });
  });

  it('explains what does not match the schema', () => {
    expect(parseOutput('answer', '{"sentences": []}')).toEqual({ ok: false, error: expect.stringMatching(/answer schema \(covered:/) });
    expect(parseOutput('timeline', '{"headline": "h", "events": [{"text": 5}]}')).toMatchObject({ ok: false });
  });
});
