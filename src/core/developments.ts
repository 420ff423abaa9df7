import { candidateSentences, type CandidateSentence } from './sentences.ts';
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
  /** Sentences read per article. */
  sentencesPerArticle?: number;
}

interface Scored {
  s: CandidateSentence;
  v: Vector;
  n: number;
  salience: number;
}

interface Group {
  members: Scored[];
  centroid: Vector;
  centroidNorm: number;
}

const WEIGHTS = { centrality: 1.0, corroboration: 0.7, position: 1.0, query: 0.35, recency: 0.25 };

/**
 * Ranks the developments reported in a set of articles: sentences are grouped across articles when they report the
 * same thing, and each group is scored by centrality (how much of the coverage its words stand for), corroboration
 * (distinct outlets), lead position, relevance to the query and recency. Pure and deterministic.
 */
export function rankDevelopments(articles: readonly SourceArticle[], options: RankOptions = {}): Development[] {
  if (articles.length === 0) return [];
  const byId = new Map(articles.map((a) => [a.id, a]));
  const sentences = articles.flatMap((a) => candidateSentences(a.id, a.body, options.sentencesPerArticle ?? 25));
  if (sentences.length === 0) return [];

  // Document frequency over articles: how much of the coverage uses a term.
  const termLists = sentences.map((s) => terms(s.text));
  const df = new Map<string, number>();
  const perArticle = new Map<number, Set<string>>();
  sentences.forEach((s, i) => {
    let set = perArticle.get(s.articleId);
    if (!set) perArticle.set(s.articleId, (set = new Set()));
    for (const t of termLists[i]!) set.add(t);
  });
  for (const set of perArticle.values()) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
  const nDocs = perArticle.size;
  const tf = new Map<string, number>();
  for (const list of termLists) for (const t of list) tf.set(t, (tf.get(t) ?? 0) + 1);
  const maxTf = Math.max(...tf.values(), 1);
  const idf = (t: string): number => Math.log((nDocs + 1) / ((df.get(t) ?? 0) + 0.5)) + 0.1;
  // A word's weight: how many articles use it and how often it recurs overall. With one article the first part is
  // flat, and recurrence alone says what the article is about.
  const prob = (t: string): number => 0.5 * ((df.get(t) ?? 0) / nDocs) + 0.5 * Math.sqrt((tf.get(t) ?? 0) / maxTf);

  const query = new Set(options.queryTerms ?? []);
  const times = articles.map((a) => a.publishedAt.getTime());
  const end = options.windowEnd?.getTime() ?? Math.max(...times);
  const start = options.windowStart?.getTime() ?? Math.min(...times);
  const span = Math.max(end - start, 3_600_000);

  const scored: Scored[] = sentences.map((s, i) => {
    const ts = termLists[i]!;
    const uniq = [...new Set(ts)];
    // SumBasic-style centrality: the mean share of articles that use the sentence's words, ignoring words that
    // appear in a single article only once enough articles exist.
    const centrality = uniq.length === 0 ? 0 : uniq.reduce((acc, t) => acc + prob(t), 0) / Math.sqrt(uniq.length + 4);
    const queryHit = query.size === 0 ? 0 : uniq.filter((t) => query.has(t)).length / Math.min(query.size, 3);
    const position = 1 / (1 + s.position / 2);
    const age = (end - byId.get(s.articleId)!.publishedAt.getTime()) / span;
    const recency = Math.max(0, Math.min(1, 1 - age));
    const v = vectorOf(ts, idf);
    return {
      s,
      v,
      n: norm(v),
      salience:
        WEIGHTS.centrality * centrality +
        WEIGHTS.position * position * 0.5 +
        WEIGHTS.query * Math.min(1, queryHit) * 0.5 +
        WEIGHTS.recency * recency * 0.3,
    };
  });
  const maxSalience = Math.max(...scored.map((x) => x.salience), 1e-9);

  const groups = groupSentences(scored, options.groupThreshold ?? 0.3);
  const maxOutlets = Math.max(...groups.map((g) => outletsOf(g, byId)), 1);

  const developments = groups.map((g): Development => {
    const rep = g.members[0]!;
    const articleIds = [...new Set(g.members.map((m) => m.s.articleId))];
    const outlets = outletsOf(g, byId);
    const corroboration = Math.log2(1 + outlets) / Math.log2(1 + maxOutlets);
    const first = Math.min(...articleIds.map((id) => byId.get(id)!.publishedAt.getTime()));
    return {
      text: rep.s.text,
      articleIds,
      outlets,
      score: rep.salience / maxSalience + WEIGHTS.corroboration * corroboration,
      firstReportedAt: new Date(first),
      sentences: g.members.map((m) => m.s),
    };
  });
  return developments.sort((a, b) => b.score - a.score || a.firstReportedAt.getTime() - b.firstReportedAt.getTime());
}

function outletsOf(g: Group, byId: Map<number, SourceArticle>): number {
  return new Set(g.members.map((m) => byId.get(m.s.articleId)!.source.toLowerCase())).size;
}

// Greedy single pass, most salient first: a sentence joins the first group whose centroid it resembles. An inverted
// index over centroid terms keeps this near-linear.
function groupSentences(scored: Scored[], threshold: number): Group[] {
  const order = [...scored].sort((a, b) => b.salience - a.salience);
  const groups: Group[] = [];
  const index = new Map<string, number[]>();
  for (const x of order) {
    const candidates = new Map<number, number>();
    for (const t of x.v.keys()) for (const gi of index.get(t) ?? []) candidates.set(gi, (candidates.get(gi) ?? 0) + 1);
    let best = -1;
    let bestSim = threshold;
    for (const [gi, shared] of candidates) {
      if (shared < 2) continue;
      const g = groups[gi]!;
      // A group holds one sentence per article: two sentences of one article are two developments.
      if (g.members.some((m) => m.s.articleId === x.s.articleId)) continue;
      const sim = cosine(x.v, g.centroid, x.n, g.centroidNorm);
      if (sim > bestSim) {
        bestSim = sim;
        best = gi;
      }
    }
    if (best >= 0) {
      groups[best]!.members.push(x);
    } else {
      groups.push({ members: [x], centroid: x.v, centroidNorm: x.n });
      for (const t of x.v.keys()) {
        let list = index.get(t);
        if (!list) index.set(t, (list = []));
        list.push(groups.length - 1);
      }
    }
  }
  return groups;
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
}

/** Picks the top developments without redundancy (a maximal-marginal-relevance pass over the ranked list). */
export function selectDevelopments(ranked: readonly Development[], options: SelectOptions): Development[] {
  const { max, min = 1, relativeFloor = 0.45, maxSimilarity = 0.5 } = options;
  const chosen: { d: Development; v: Vector; n: number }[] = [];
  const top = ranked[0]?.score ?? 0;
  for (const d of ranked) {
    if (chosen.length >= max) break;
    if (chosen.length >= min && d.score < top * relativeFloor) break;
    const v = vectorOf(terms(d.text), () => 1);
    const n = norm(v);
    if (chosen.some((c) => cosine(v, c.v, n, c.n) > maxSimilarity)) continue;
    chosen.push({ d, v, n });
  }
  return chosen.map((c) => c.d);
}
