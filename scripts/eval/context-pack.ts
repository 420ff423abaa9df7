import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../../src/core/article.ts';
import type { Development } from '../../src/core/developments.ts';
import { loadTokenCounter, MESSAGE_OVERHEAD_TOKENS, packContext, type PackOptions } from '../../src/summarize/context-packer.ts';
import { loadPrompts, renderPrompt } from '../../src/summarize/prompts.ts';
import type { SummaryKind } from '../../src/summarize/summarizer.ts';
import { languageRule } from '../../src/summarize/translation.ts';

/**
 * The context the LLM engine would be sent, computed the way llm-summarizer computes it: the bundled prompt rendered
 * without sources gives the overhead, and context-packer fills the rest of the input token budget with passages.
 */

/** The product's default input token budget per request (SITREP_LLM_INPUT_TOKENS). */
export const INPUT_TOKEN_BUDGET = 6_000;

/** One packed passage and the article it quotes. */
export interface PackedLine {
  /** Article id. */
  articleId: number;
  /** Passage text (without its citation number). */
  text: string;
}

/** A packed context. */
export interface PackedForEval {
  /** The passages, in packed order. */
  lines: PackedLine[];
  /** Tokens of the packed sources block. */
  tokens: number;
  /** Tokens of the whole request: prompt, sources block and message framing. */
  inputTokens: number;
}

/** Packs the context of one request. */
export type ContextPacker = (
  kind: SummaryKind,
  subject: string,
  developments: readonly Development[],
  articles: ReadonlyMap<number, Article>,
) => PackedForEval;

const PROMPTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../prompts');

/** A packer with the real tokenizer and the bundled prompts; `options` as context-packer takes them (experiments). */
export async function createContextPacker(budget = INPUT_TOKEN_BUDGET, options: PackOptions = {}): Promise<ContextPacker> {
  const count = await loadTokenCounter();
  const prompts = loadPrompts(PROMPTS);
  return (kind, subject, developments, articles) => {
    const empty = renderPrompt(prompts[kind], {
      subject,
      window_from: '2000-01-01',
      window_to: '2000-01-02',
      min_bullets: '3',
      max_bullets: '7',
      nonce: '0123456789',
      language_rule: languageRule(null),
      sources: '',
    });
    const overhead = count(empty.system) + count(empty.user) + 3 * MESSAGE_OVERHEAD_TOKENS;
    const packed = packContext({ kind, developments, articles }, budget - overhead, count, options);
    const body = packed.text.slice(0, Math.max(0, packed.text.lastIndexOf('Sources:\n')));
    const lines: PackedLine[] = [];
    for (const line of body.split('\n')) {
      const m = /^\[(\d+)\] (.*)$/.exec(line);
      const articleId = m ? packed.sources.get(Number(m[1])) : undefined;
      if (m && articleId !== undefined) lines.push({ articleId, text: m[2]! });
    }
    return { lines, tokens: packed.tokens, inputTokens: overhead + packed.tokens };
  };
}
