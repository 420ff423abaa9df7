/** Prices in US dollars per million tokens. */
export interface TokenPrice {
  /** Input (prompt) tokens. */
  inputPerMillion: number;
  /** Output (completion) tokens. */
  outputPerMillion: number;
}

// OpenAI list prices for standard-tier text tokens. Only an estimate: cached-input discounts, batch pricing and
// regional (Azure) prices differ; SITREP_LLM_PRICE overrides it. Longest prefix wins ("gpt-4.1-mini" before "gpt-4.1").
const LIST_PRICES: [prefix: string, price: TokenPrice][] = [
  ['gpt-4.1-nano', { inputPerMillion: 0.1, outputPerMillion: 0.4 }],
  ['gpt-4.1-mini', { inputPerMillion: 0.4, outputPerMillion: 1.6 }],
  ['gpt-4.1', { inputPerMillion: 2, outputPerMillion: 8 }],
  ['gpt-4o-mini', { inputPerMillion: 0.15, outputPerMillion: 0.6 }],
  ['gpt-4o', { inputPerMillion: 2.5, outputPerMillion: 10 }],
  ['gpt-5-nano', { inputPerMillion: 0.05, outputPerMillion: 0.4 }],
  ['gpt-5-mini', { inputPerMillion: 0.25, outputPerMillion: 2 }],
  ['gpt-5', { inputPerMillion: 1.25, outputPerMillion: 10 }],
  ['o4-mini', { inputPerMillion: 1.1, outputPerMillion: 4.4 }],
  ['o3-mini', { inputPerMillion: 1.1, outputPerMillion: 4.4 }],
];

/** The list price of a model, or undefined for models we know nothing about (local servers). */
export function listPrice(model: string): TokenPrice | undefined {
  const m = model.toLowerCase();
  let best: [string, TokenPrice] | undefined;
  for (const entry of LIST_PRICES) if (m.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best?.[1];
}

/** Estimated cost of one request, or null when the price is unknown. */
export function estimateCostUsd(price: TokenPrice | undefined, promptTokens: number, completionTokens: number): number | null {
  if (!price) return null;
  return (promptTokens * price.inputPerMillion + completionTokens * price.outputPerMillion) / 1e6;
}
