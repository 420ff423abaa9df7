import { UNLIMITED, type Deadline } from './deadline.ts';
import { cosine, type Vector } from './vector.ts';

/** What grouping needs of a sentence. */
export interface Groupable {
  /** Article the sentence comes from. */
  articleId: number;
  /** Weighted term vector. */
  v: Vector;
  /** Its norm. */
  n: number;
  /** Importance; the most important sentence founds and represents its group. */
  salience: number;
}

/** Sentences that report the same development, the founding (most salient) one first. */
export interface SentenceGroup<T extends Groupable> {
  /** Members, most salient first, at most one per article. */
  members: T[];
}

// How many of a sentence's heaviest terms are used to find groups it may join. Two sentences above the similarity
// threshold share some of their heaviest terms, and skipping light (common) terms keeps the candidate lists short
// even when one word is in every sentence.
const KEY_TERMS = 8;
// Groups tried per key term: the first (most salient) ones. A sentence that matches none of them founds its own
// group; this bounds the work when one heavy term is shared by hundreds of sentences.
const GROUPS_PER_TERM = 40;

function keyTerms(v: Vector): string[] {
  return [...v.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, KEY_TERMS)
    .map(([t]) => t);
}

/**
 * Greedy single pass, most salient first: a sentence joins the most similar group (cosine with the group's founder
 * above `threshold`) that has no sentence of its article yet, or founds a new group. Candidate groups come from an
 * index over each founder's heaviest terms, which keeps this near-linear.
 */
export function groupSentences<T extends Groupable>(
  sentences: readonly T[],
  threshold: number,
  deadline: Deadline = UNLIMITED,
): SentenceGroup<T>[] {
  const order = [...sentences].sort((a, b) => b.salience - a.salience);
  const groups: { members: T[]; founder: T; articles: Set<number> }[] = [];
  const index = new Map<string, number[]>();
  for (const x of order) {
    deadline.check('grouping');
    const seen = new Set<number>();
    let best = -1;
    let bestSim = threshold;
    const keys = keyTerms(x.v);
    for (const t of keys) {
      for (const gi of index.get(t) ?? []) {
        if (seen.has(gi)) continue;
        seen.add(gi);
        const g = groups[gi]!;
        // A group holds one sentence per article: two sentences of one article are two developments.
        if (g.articles.has(x.articleId)) continue;
        const sim = cosine(x.v, g.founder.v, x.n, g.founder.n);
        if (sim > bestSim) {
          bestSim = sim;
          best = gi;
        }
      }
    }
    if (best >= 0) {
      groups[best]!.members.push(x);
      groups[best]!.articles.add(x.articleId);
      continue;
    }
    groups.push({ members: [x], founder: x, articles: new Set([x.articleId]) });
    for (const t of keys) {
      let list = index.get(t);
      if (!list) index.set(t, (list = []));
      if (list.length < GROUPS_PER_TERM) list.push(groups.length - 1);
    }
  }
  return groups.map((g) => ({ members: g.members }));
}
