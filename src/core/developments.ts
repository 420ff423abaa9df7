import { UNLIMITED, type Deadline } from './deadline.ts';
import { mentionedDays } from './dates.ts';
import { groupSentences } from './grouping.ts';
import { candidateSentences, type CandidateSentence } from './sentences.ts';
import { createTermizer } from './termizer.ts';
import { terms } from './text.ts';
import { cosine, norm, vectorOf, type Vector } from './vector.ts';

/** What the ranking needs of an article. */
export interface SourceArticle {
  /** Article id. */
  id: number;
  /** Headline. */
  title: string;
  /** Outlet label; distinct outlets count as corroboration. */
  source: string;
  /** Publication time. */
  publishedAt: Date;
  /** Clean body text. */
  body: string;
}

/** A development: one reported fact or event, possibly reported by several articles. */
export interface Development {
  /** The sentence that best states it. */
  text: string;
  /** Supporting articles, the representative's article first, without repeats. */
  articleIds: number[];
  /** Number of distinct outlets reporting it (the corroboration shown to users). */
  outlets: number;
  /** Ranking score; higher is more important. */
  score: number;
  /** Earliest publication time among its reports. */
  firstReportedAt: Date;
  /** Every member sentence (for building LLM context), representative first. */
  sentences: CandidateSentence[];
}

/** Options for {@link rankDevelopments}. */
export interface RankOptions {
  /** Terms of the story or query (core/text `terms`), used to favour on-topic sentences. */
  queryTerms?: readonly string[];
  /** Window end, for recency; defaults to the newest article. */
  windowEnd?: Date;
  /** Window start, for recency; defaults to the oldest article. */
  windowStart?: Date;
  /** Cosine similarity above which two sentences report the same development. */
  groupThreshold?: number;
  /**
   * Most sentences read per article (default 25). With many articles fewer are read from each, so that about
   * {@link SENTENCE_BUDGET} sentences are ranked in all: leads matter most, and it bounds the work.
   */
  sentencesPerArticle?: number;
  /** About this many sentences ranked in all (default {@link SENTENCE_BUDGET}); see sentencesPerArticle. */
  sentenceBudget?: number;
  /** Overrides of the signal weights (evaluation and tuning; the defaults are what the product uses). */
  weights?: Partial<RankWeights>;
  /** Checked per article and per sentence: ranking stops with BudgetExceededError once it has passed. */
  deadline?: Deadline;
}

/** How much each signal counts in a development's score. */
export interface RankWeights {
  /** How much of the coverage the sentence's words stand for. */
  centrality: number;
  /** Lead position in its article. */
  position: number;
  /** Share of the story's or query's terms it mentions. */
  query: number;
  /** Newer articles first. */
  recency: number;
  /** The sentence names a day inside the window ("on Tuesday", "yesterday", "February 16"). */
  dated: number;
  /** The sentence names only days before the window (negative: background). */
  stale: number;
  /** Reports of the development: distinct outlets, and further articles of the same outlets. */
  corroboration: number;
  /** What a further article of an outlet already counted adds to corroboration, relative to a new outlet. */
  sameOutlet: number;
}

/**
 * The weights the product uses, tuned on the Timeline17 distractor topics (H1N1, BP oil spill, Haiti, Michael
 * Jackson) and reported on the held-out geopolitical topics (see BENCHMARKS.md).
 */
export const DEFAULT_WEIGHTS: Readonly<RankWeights> = {
  centrality: 0.75,
  position: 0.75,
  query: 0.175,
  recency: 0.075,
  dated: 0.15,
  stale: -0.15,
  corroboration: 0.35,
  sameOutlet: 0.25,
};

/** About this many sentences are ranked per call, however many articles there are (see sentencesPerArticle). */
export const SENTENCE_BUDGET = 1000;

const DAY = 86_400_000;

interface Scored {
  s: CandidateSentence;
  articleId: number;
  v: Vector;
  n: number;
  salience: number;
}

/** Articles of one outlet that must repeat a sentence, over at least as many days, for it to be boilerplate. */
export const REPEATED_LINE_ARTICLES = 3;

/**
 * Drops sentences that one outlet repeats word for word in several articles published on different days: sign-offs,
 * comment rules, promotion boxes and explainer panels, whatever the outlet. Copies within a day are left alone:
 * updates of a developing story repeat their lede.
 */
function dropRepeatedLines(sentences: CandidateSentence[], byId: ReadonlyMap<number, SourceArticle>): CandidateSentence[] {
  const seen = new Map<string, { articles: Set<number>; days: Set<number> }>();
  const keyOf = (s: CandidateSentence): string => `${byId.get(s.articleId)!.source.toLowerCase()}\u0000${s.text.toLowerCase()}`;
  for (const s of sentences) {
    const k = keyOf(s);
    const entry = seen.get(k) ?? { articles: new Set(), days: new Set() };
    entry.articles.add(s.articleId);
    entry.days.add(Math.floor(byId.get(s.articleId)!.publishedAt.getTime() / DAY));
    seen.set(k, entry);
  }
  const repeated = (s: CandidateSentence): boolean => {
    const e = seen.get(keyOf(s))!;
    return e.articles.size >= REPEATED_LINE_ARTICLES && e.days.size >= REPEATED_LINE_ARTICLES;
  };
  return sentences.some(repeated) ? sentences.filter((s) => !repeated(s)) : sentences;
}

/**
 * Ranks the developments reported in a set of articles: sentences are grouped across articles when they report the
 * same thing, and each group is scored by centrality (how much of the coverage its words stand for), corroboration
 * (distinct outlets and articles), lead position, relevance to the query, recency, and whether it names a day in
 * the window. Pure and deterministic.
 */
export function rankDevelopments(articles: readonly SourceArticle[], options: RankOptions = {}): Development[] {
  if (articles.length === 0) return [];
  const W = { ...DEFAULT_WEIGHTS, ...options.weights };
  const byId = new Map(articles.map((a) => [a.id, a]));
  const perArticle = Math.max(
    6,
    Math.min(options.sentencesPerArticle ?? 25, Math.floor((options.sentenceBudget ?? SENTENCE_BUDGET) / articles.length)),
  );
  const deadline = options.deadline ?? UNLIMITED;
  const sentences = dropRepeatedLines(
    articles.flatMap((a) => {
      deadline.check('ranking');
      return candidateSentences(a.id, a.body, perArticle, a.title);
    }),
    byId,
  );
  if (sentences.length === 0) return [];

  const termize = createTermizer();
  const termLists = sentences.map((s) => {
    deadline.check('ranking');
    return termize(s.text);
  });
  // Document frequency over articles (how much of the coverage uses a term) and frequency overall.
  const df = new Map<string, number>();
  const tf = new Map<string, number>();
  let current = -1;
  let seen = new Set<string>();
  sentences.forEach((s, i) => {
    if (s.articleId !== current) {
      current = s.articleId;
      seen = new Set();
    }
    for (const t of termLists[i]!) {
      tf.set(t, (tf.get(t) ?? 0) + 1);
      if (!seen.has(t)) {
        seen.add(t);
        df.set(t, (df.get(t) ?? 0) + 1);
      }
    }
  });
  const nDocs = new Set(sentences.map((s) => s.articleId)).size;
  let maxTf = 1;
  for (const c of tf.values()) if (c > maxTf) maxTf = c;
  const idf = (t: string): number => Math.log((nDocs + 1) / ((df.get(t) ?? 0) + 0.5)) + 0.1;
  // A word's weight: how many articles use it and how often it recurs overall. With one article the first part is
  // flat, and recurrence alone says what the article is about.
  const prob = (t: string): number => 0.5 * ((df.get(t) ?? 0) / nDocs) + 0.5 * Math.sqrt((tf.get(t) ?? 0) / maxTf);

  const query = new Set(options.queryTerms ?? []);
  let newest = -Infinity;
  let oldest = Infinity;
  for (const a of articles) {
    newest = Math.max(newest, a.publishedAt.getTime());
    oldest = Math.min(oldest, a.publishedAt.getTime());
  }
  const end = options.windowEnd?.getTime() ?? newest;
  const start = options.windowStart?.getTime() ?? oldest;
  const span = Math.max(end - start, 3_600_000);
  // Days a sentence may name and still be news: from the window's first day to its last.
  const firstDay = Math.floor(start / DAY) * DAY;
  const lastDay = Math.floor((options.windowEnd ? end - 1 : end) / DAY) * DAY;

  const scored: Scored[] = sentences.map((s, i) => {
    const uniq = [...new Set(termLists[i]!)];
    const article = byId.get(s.articleId)!;
    // SumBasic-style centrality: the mean share of articles that use the sentence's words.
    const centrality = uniq.length === 0 ? 0 : uniq.reduce((acc, t) => acc + prob(t), 0) / Math.sqrt(uniq.length + 4);
    const queryHit = query.size === 0 ? 0 : uniq.filter((t) => query.has(t)).length / Math.min(query.size, 3);
    const position = 1 / (1 + s.position / 2);
    const recency = Math.max(0, Math.min(1, 1 - (end - article.publishedAt.getTime()) / span));
    const days = mentionedDays(s.text, article.publishedAt);
    const dated = days.some((d) => d >= firstDay && d <= lastDay);
    const stale = !dated && days.length > 0 && days.every((d) => d < firstDay);
    const v = vectorOf(termLists[i]!, idf);
    return {
      s,
      articleId: s.articleId,
      v,
      n: norm(v),
      salience:
        W.centrality * centrality +
        W.position * position +
        W.query * Math.min(1, queryHit) +
        W.recency * recency +
        (dated ? W.dated : 0) +
        (stale ? W.stale : 0),
    };
  });
  const maxSalience = Math.max(...scored.map((x) => x.salience), 1e-9);

  deadline.check('ranking');
  const groups = groupSentences(scored, options.groupThreshold ?? 0.3, deadline);
  // Distinct outlets count fully; further articles of an outlet already counted count `sameOutlet` each.
  const support = groups.map((g) => {
    const outlets = new Set(g.members.map((m) => byId.get(m.articleId)!.source.toLowerCase())).size;
    return { outlets, weight: outlets + W.sameOutlet * (g.members.length - outlets) };
  });
  const maxSupport = Math.max(...support.map((x) => x.weight), 1);

  const developments = groups.map((g, gi): Development => {
    const rep = g.members[0]!;
    const articleIds = g.members.map((m) => m.articleId);
    const corroboration = Math.log2(1 + support[gi]!.weight) / Math.log2(1 + maxSupport);
    let first = Infinity;
    for (const id of articleIds) first = Math.min(first, byId.get(id)!.publishedAt.getTime());
    return {
      text: rep.s.text,
      articleIds,
      outlets: support[gi]!.outlets,
      score: rep.salience / maxSalience + W.corroboration * corroboration,
      firstReportedAt: new Date(first),
      sentences: g.members.map((m) => m.s),
    };
  });
  return developments.sort((a, b) => b.score - a.score || a.firstReportedAt.getTime() - b.firstReportedAt.getTime());
}

/** Options for {@link selectDevelopments}. */
export interface SelectOptions {
  /** At most this many. */
  max: number;
  /** At least this many when available, even if weak. */
  min?: number;
  /** Developments scoring below this share of the best are left out once `min` is reached. */
  relativeFloor?: number;
  /** Redundancy: a development this similar (cosine over terms) to a chosen one is skipped. */
  maxSimilarity?: number;
  /** Checked per development considered. */
  deadline?: Deadline;
}

/** Picks the top developments without redundancy (a maximal-marginal-relevance pass over the ranked list). */
export function selectDevelopments(ranked: readonly Development[], options: SelectOptions): Development[] {
  const { max, min = 1, relativeFloor = 0.45, maxSimilarity = 0.5, deadline = UNLIMITED } = options;
  const chosen: { d: Development; v: Vector; n: number }[] = [];
  const top = ranked[0]?.score ?? 0;
  for (const d of ranked) {
    if (chosen.length >= max) break;
    if (chosen.length >= min && d.score < top * relativeFloor) break;
    deadline.check('selection');
    const v = vectorOf(terms(d.text), () => 1);
    const n = norm(v);
    if (chosen.some((c) => cosine(v, c.v, n, c.n) > maxSimilarity)) continue;
    chosen.push({ d, v, n });
  }
  return chosen.map((c) => c.d);
}
