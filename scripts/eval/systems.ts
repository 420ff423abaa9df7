import type { SourceArticle } from '../../src/core/developments.ts';
import { splitSentences, words } from '../../src/core/text.ts';
import { hashSeed, seededRandom } from '../lib/random.ts';
import { ngrams, rougeTokens, scoreCounts } from './rouge.ts';
import type { TrackedStory } from './stories.ts';
import { textRank } from './textrank.ts';

/** One daily-summary instance, the same for every system. */
export interface DailyInput {
  /** Topic folder name. */
  topic: string;
  /** The day d being summarised (YYYY-MM-DD). */
  date: string;
  /** The topic's articles published on d or d+1, oldest day first, then in file order. */
  articles: readonly SourceArticle[];
  /** Number of sentences to write. */
  budget: number;
  /** The tracked story of the topic (only systems that model a user's story use it). */
  story: TrackedStory;
}

/** A system under evaluation: writes `budget` sentences for an instance. */
export interface DailySystem {
  /** Name in tables and JSONL. */
  readonly name: string;
  /** The summary sentences. */
  summarize(input: DailyInput): Promise<string[]>;
}

/** A sentence of the shared baseline pool. */
export interface PoolSentence {
  /** Article it comes from. */
  articleId: number;
  /** 0-based index in its article. */
  position: number;
  /** Text. */
  text: string;
}

/**
 * The sentence pool of the baselines: every sentence of every article as the shared splitter cuts it, without
 * fragments of fewer than four words. No other cleaning: that is what the baselines are.
 */
export function sentencePool(articles: readonly SourceArticle[]): PoolSentence[] {
  const out: PoolSentence[] = [];
  for (const a of articles) {
    let position = 0;
    for (const s of splitSentences(a.body)) {
      if (words(s).length < 4) continue;
      out.push({ articleId: a.id, position: position++, text: s });
    }
  }
  return out;
}

/** `random`: budget sentences drawn uniformly from the pool with a seed per (topic, date). */
export function createRandomSystem(seed = 17): DailySystem {
  return {
    name: 'random',
    async summarize(input) {
      const pool = sentencePool(input.articles);
      const rand = seededRandom(hashSeed(`${input.topic}/${input.date}`, seed));
      // Partial Fisher–Yates: the first `budget` slots become a uniform sample.
      for (let i = 0; i < Math.min(input.budget, pool.length); i++) {
        const j = i + Math.floor(rand() * (pool.length - i));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      return pool.slice(0, input.budget).map((s) => s.text);
    },
  };
}

/** `lead`: the first sentence of each article in input order; second sentences when articles run out, and so on. */
export function createLeadSystem(): DailySystem {
  return {
    name: 'lead',
    async summarize(input) {
      const pool = sentencePool(input.articles);
      const order = [...pool].sort((a, b) => a.position - b.position);
      return order.slice(0, input.budget).map((s) => s.text);
    },
  };
}

/** `textrank`: TF-IDF cosine sentence graph, PageRank, the top `budget` sentences. */
export function createTextRankSystem(): DailySystem {
  return {
    name: 'textrank',
    async summarize(input) {
      const pool = sentencePool(input.articles);
      const scores = textRank(pool.map((s) => s.text));
      return pool
        .map((s, i) => ({ s, score: scores[i]! }))
        .sort((a, b) => b.score - a.score)
        .slice(0, input.budget)
        .map((x) => x.s.text);
    },
  };
}

/**
 * `oracle`: greedy selection from the pool maximising mean ROUGE-2 F1 against the day's references, adding sentences
 * while the score improves, up to the budget. The ceiling for extractive systems on this pool.
 */
export function createOracleSystem(referencesOf: (input: DailyInput) => readonly string[]): DailySystem {
  return {
    name: 'oracle',
    async summarize(input) {
      const refs = referencesOf(input).map((r) => rougeTokens(r));
      const refGrams = refs.map((r) => ngrams(r, 2));
      const pool = sentencePool(input.articles).map((s) => ({ text: s.text, tokens: rougeTokens(s.text) }));
      const chosen: { text: string; tokens: string[] }[] = [];
      const score = (tokens: string[]): number => {
        const g = ngrams(tokens, 2);
        return refGrams.reduce((acc, r) => acc + scoreCounts(g, r).f1, 0) / Math.max(1, refGrams.length);
      };
      let best = 0;
      while (chosen.length < input.budget) {
        const base = chosen.flatMap((c) => c.tokens);
        let pick = -1;
        let pickScore = best;
        pool.forEach((s, i) => {
          const sc = score([...base, ...s.tokens]);
          if (sc > pickScore) {
            pickScore = sc;
            pick = i;
          }
        });
        if (pick < 0) break;
        chosen.push(pool[pick]!);
        pool.splice(pick, 1);
        best = pickScore;
      }
      return chosen.map((c) => c.text);
    },
  };
}
