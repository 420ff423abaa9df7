import { displayTitle, repeatedTitles } from '../core/headline.ts';
import type { Article } from '../core/article.ts';
import type { Development } from '../core/developments.ts';
import { dayOf } from '../core/window.ts';
import type { SummaryKind } from './summarizer.ts';

/**
 * Packs the candidate passages for an LLM prompt, best first, into a token budget. The budget, not the corpus, sets
 * the size of the request: a story with fifty thousand articles costs the same as one with fifty.
 */

/** Counts the tokens of a text. */
export type TokenCounter = (text: string) => number;

/**
 * A counter that counts the way OpenAI's current models do (o200k_base); special-token text in articles ("<|endoftext|>")
 * counts as plain text. Loaded on first use: the encoding takes about a second to load, which every CLI command
 * would otherwise pay even with the LLM engine off.
 */
export async function loadTokenCounter(): Promise<TokenCounter> {
  const { countTokens } = await import('gpt-tokenizer');
  const plain = { disallowedSpecial: new Set<string>() };
  return (text) => countTokens(text, plain);
}

/** Tokens a chat request spends on message framing besides the message texts (per message, and for the reply). */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** The packed `{{sources}}` text and what it refers to. */
export interface PackedContext {
  /** The data block's content: numbered passages, then the numbered source list. */
  text: string;
  /** Citation number → article id, for every source that has a passage. */
  sources: Map<number, number>;
  /** Passages included. */
  passages: number;
  /** Developments with at least one passage included. */
  developments: number;
  /** Tokens of `text`. */
  tokens: number;
}

/** Options for {@link packContext}. */
export interface PackOptions {
  /** Most passages (member sentences from different articles) per development. */
  perDevelopment?: number;
  /** Stop looking after this many developments even if room remains (bounds the work). */
  maxDevelopments?: number;
}

/** Neutralises anything in untrusted text that could pose as a data-block marker or a new line of structure. */
export function sanitizeUntrusted(text: string): string {
  return text
    .replace(/<<<|>>>/g, (m) => (m === '<<<' ? '‹‹‹' : '›››'))
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .trim();
}

// Timelines need every day represented: take each day's best development, then each day's second best, and so on.
function timelineOrder(developments: readonly Development[]): Development[] {
  const byDay = new Map<string, Development[]>();
  for (const d of developments) {
    const day = dayOf(d.firstReportedAt);
    const list = byDay.get(day) ?? [];
    list.push(d);
    byDay.set(day, list);
  }
  const days = [...byDay.values()];
  const out: Development[] = [];
  for (let round = 0; out.length < developments.length; round++) {
    for (const list of days) if (list[round]) out.push(list[round]!);
  }
  return out;
}

/**
 * Numbers sources in order of first use and adds passages, best development first, while they fit in
 * `budgetTokens`. Passages of one development are one paragraph, so the model sees what several outlets agree on.
 */
export function packContext(
  input: { kind: SummaryKind; developments: readonly Development[]; articles: ReadonlyMap<number, Article> },
  budgetTokens: number,
  count: TokenCounter,
  options: PackOptions = {},
): PackedContext {
  const perDevelopment = options.perDevelopment ?? 3;
  const maxDevelopments = options.maxDevelopments ?? 400;
  const ordered = input.kind === 'timeline' ? timelineOrder(input.developments) : input.developments;

  const numbers = new Map<number, number>();
  const repeated = repeatedTitles(input.articles.values());
  const sourceLines = new Map<number, string>();
  const paragraphs: string[][] = [];
  let used = count('Sources:\n') + 2;
  let passages = 0;

  for (const d of ordered.slice(0, maxDevelopments)) {
    if (budgetTokens - used < 24) break;
    const lines: string[] = [];
    for (const s of d.sentences.slice(0, perDevelopment)) {
      const article = input.articles.get(s.articleId);
      if (!article) continue;
      let n = numbers.get(article.id);
      const isNew = n === undefined;
      if (n === undefined) n = numbers.size + 1;
      const line = `[${n}] ${sanitizeUntrusted(s.text)}`;
      const header = isNew
        ? `[${n}] ${sanitizeUntrusted(article.source)}, ${dayOf(article.publishedAt)}: ${sanitizeUntrusted(displayTitle(article, repeated))}`
        : '';
      // +1 per line for the newline that joins it.
      const cost = count(line) + 1 + (isNew ? count(header) + 1 : 0) + (lines.length === 0 ? 1 : 0);
      if (used + cost > budgetTokens) continue;
      used += cost;
      if (isNew) {
        numbers.set(article.id, n);
        sourceLines.set(n, header);
      }
      lines.push(line);
      passages++;
    }
    if (lines.length) paragraphs.push(lines);
  }

  const render = (): string =>
    [...paragraphs.map((p) => p.join('\n')), ['Sources:', ...[...sourceLines.values()]].join('\n')].join('\n\n');
  let text = render();
  let tokens = count(text);
  // Token counts of pieces add up almost exactly; trim the weakest passages if the joined text came out over.
  while (tokens > budgetTokens && paragraphs.length > 0) {
    const last = paragraphs[paragraphs.length - 1]!;
    last.pop();
    passages--;
    if (last.length === 0) paragraphs.pop();
    pruneUnused(paragraphs, numbers, sourceLines);
    text = render();
    tokens = count(text);
  }
  const sources = new Map([...numbers.entries()].map(([articleId, n]) => [n, articleId]));
  return { text, sources, passages, developments: paragraphs.length, tokens };
}

function pruneUnused(paragraphs: string[][], numbers: Map<number, number>, sourceLines: Map<number, string>): void {
  const cited = new Set(paragraphs.flat().map((l) => Number(/^\[(\d+)\]/.exec(l)![1])));
  for (const [articleId, n] of numbers) {
    if (!cited.has(n)) {
      numbers.delete(articleId);
      sourceLines.delete(n);
    }
  }
}
