import { displayTitle, repeatedTitles } from './headline.ts';
import type { Article } from './article.ts';
import type { VerificationCounts } from './citation-check.ts';
import type { SourceMix } from './source-mix.ts';

/** A numbered source of a brief. */
export interface BriefSource {
  /** Citation number, from 1. */
  n: number;
  /** Stored article id. */
  articleId: number;
  /** Headline. */
  title: string;
  /** URL when known. */
  url: string | null;
  /** Outlet. */
  source: string;
  /** Publication time. */
  publishedAt: Date;
}

/** One key development, with the numbers of the sources it rests on. */
export interface BriefBullet {
  /** Plain text (untrusted article text: renderers escape it). */
  text: string;
  /** Citation numbers into {@link Brief.sources}; empty only for an LLM bullet kept `unverified` under the "mark" policy. */
  citations: number[];
  /** Distinct outlets reporting it. */
  outlets: number;
  /** Date label for timelines (YYYY-MM-DD), absent for briefs. */
  date?: string;
  /** Set when a check could not confirm the bullet against its sources (LLM engine). */
  unverified?: boolean;
  /** What the checks could not confirm, one line each (LLM engine). */
  problems?: string[];
  /** Section title when an LLM digest groups bullets into threads; bullets of one section are adjacent. */
  section?: string;
  /** A translated bullet's statement as its sources word it: what its citations were checked against. */
  original?: string;
}

/** What a brief read of its window. */
export interface BriefCoverage {
  /** Matching articles in the window: exact when `exact`, else a lower bound. */
  matched: number;
  /** Whether `matched` is exact. */
  exact: boolean;
  /** `all`: every match was read; `spread`: a sample spread evenly over the window's time. */
  method: 'all' | 'spread';
}

/** The footer phrase for what was read: "read 467 of 467 matching articles", "read 150 of more than 2,000 …". */
export function describeCoverage(read: number, c: BriefCoverage): string {
  const n = (x: number): string => x.toLocaleString('en');
  if (c.method === 'all') return `read ${n(read)} of ${n(c.matched)} matching article${c.matched === 1 ? '' : 's'}`;
  return `read ${n(read)} of ${c.exact ? '' : 'more than '}${n(c.matched)} matching articles, spread evenly over the window`;
}

/** Sources that disagree about the development of one bullet ("61 [1] vs 85 [3]"). */
export interface BriefContradiction {
  /** Index (from 0) of the bullet. */
  bullet: number;
  /** What is disputed: "killed", "strikes", "killed vs injured". */
  what: string;
  /** Every value with the citations that state it. */
  values: { value: string; citations: number[] }[];
}

/** A figure that moved since the previous brief shown in the same place. */
export interface BriefFigureChange {
  /** What it counts. */
  what: string;
  /** The earlier value and its citations (into this brief's sources). */
  before: { value: string; citations: number[] };
  /** The current value and its citations. */
  after: { value: string; citations: number[] };
}

/** What changed since the previous brief of the story shown in the same channel, DM or (CLI) workspace. */
export interface BriefChanges {
  /** When the previous brief was produced. */
  since: Date;
  /** Indices (from 0) of bullets whose development the previous brief did not have. */
  newBullets: number[];
  /** Figures that moved. */
  figures: BriefFigureChange[];
  /** Names that appeared. */
  actors: string[];
}

/** How an LLM-written result was produced. */
export interface LlmRunInfo {
  /** Prompt `id@version`. */
  prompt: string;
  /** Model name. */
  model: string;
  /** True when the result came from the cache (no tokens spent). */
  cached: boolean;
  /** Tokens spent on this result (every request, including a rejected first attempt). */
  usage: { promptTokens: number; completionTokens: number; costUsd: number | null };
}

/** The neutral result of a brief, an answer or a timeline, before rendering. */
export interface Brief {
  /** brief | answer | timeline | digest. */
  kind: 'brief' | 'answer' | 'timeline' | 'digest';
  /** Story name, the free-text query or the question. */
  story: string;
  /** Whether `story` is a tracked story or free text. */
  subject: 'story' | 'query' | 'question';
  /** The time window that was searched. */
  window: { from: Date; to: Date };
  /** Which engine wrote the bullets: "extractive" or "llm:<model>". */
  engine: string;
  /** One line. */
  headline: string;
  /** Key developments, most important first (timelines: oldest first). */
  bullets: BriefBullet[];
  /** Sources in citation order. */
  sources: BriefSource[];
  /** Notes for the reader (window widened, nothing found, …). */
  notes: string[];
  /** Number of articles considered. */
  articlesConsidered: number;
  /** Who is reporting: outlets, domains, languages of the cited sources and the single-outlet bullets. */
  sourceMix?: SourceMix;
  /** How the articles read stand for the window's matches (briefs and timelines). */
  coverage?: BriefCoverage;
  /** Citation checks, present when an LLM wrote the bullets. */
  verification?: VerificationCounts;
  /** Prompt, model, cache and usage, present when an LLM wrote the bullets. */
  llm?: LlmRunInfo;
  /** Where the cited sources disagree, per bullet (read on the cited passages, never on the bullet's wording). */
  contradictions?: BriefContradiction[];
  /** What changed since the previous brief shown in the same place; absent for a first brief. */
  changes?: BriefChanges;
  /** The language the brief was asked in (`--language`, or an answer's question); absent: as the sources are written. */
  language?: string;
  /** `changes`: the reader asked only for what changed (`--changes`). */
  focus?: 'changes';
}

/**
 * Numbers the sources of written bullets in order of first citation (at most `maxCitations` per bullet). Bullets
 * without a known article are kept only when marked unverified (the LLM engine's "mark" policy), citing nothing.
 */
export function citeBullets<B extends { articleIds: readonly number[]; unverified?: boolean }>(
  bullets: readonly B[],
  articles: ReadonlyMap<number, Article>,
  maxCitations = 4,
): { bullets: { bullet: B; citations: number[] }[]; sources: BriefSource[] } {
  const numbers = new Map<number, number>();
  const sources: BriefSource[] = [];
  const out: { bullet: B; citations: number[] }[] = [];
  let repeated: Set<string> | undefined;
  for (const b of bullets) {
    const citations: number[] = [];
    for (const id of b.articleIds.slice(0, maxCitations)) {
      const a = articles.get(id);
      if (!a) continue;
      let n = numbers.get(id);
      if (n === undefined) {
        n = sources.length + 1;
        numbers.set(id, n);
        repeated ??= repeatedTitles(articles.values());
        sources.push({ n, articleId: id, title: displayTitle(a, repeated), url: a.url, source: a.source, publishedAt: a.publishedAt });
      }
      citations.push(n);
    }
    if (citations.length === 0 && !b.unverified) continue;
    out.push({ bullet: b, citations });
  }
  return { bullets: out, sources };
}
