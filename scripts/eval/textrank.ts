import { terms } from '../../src/core/text.ts';

/**
 * TextRank over sentences: a graph whose edge weights are TF-IDF cosine similarities (IDF over the sentences
 * themselves), scored with weighted PageRank (damping 0.85) until the scores move less than 1e-6.
 */
export function textRank(sentences: readonly string[], damping = 0.85, maxIterations = 100): number[] {
  const n = sentences.length;
  if (n === 0) return [];
  const tokenLists = sentences.map((s) => terms(s));
  const df = new Map<string, number>();
  for (const list of tokenLists) for (const t of new Set(list)) df.set(t, (df.get(t) ?? 0) + 1);
  const vectors = tokenLists.map((list) => {
    const v = new Map<string, number>();
    for (const t of list) v.set(t, (v.get(t) ?? 0) + 1);
    let norm = 0;
    for (const [t, tf] of v) {
      const w = tf * Math.log(n / df.get(t)!);
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
  // Inverted index: similarity only between sentences that share a term.
  const postings = new Map<string, { i: number; w: number }[]>();
  vectors.forEach((v, i) => {
    for (const [t, w] of v) {
      if (w === 0) continue;
      let list = postings.get(t);
      if (!list) postings.set(t, (list = []));
      list.push({ i, w });
    }
  });
  const edges: Map<number, number>[] = vectors.map(() => new Map());
  for (const list of postings.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const x = list[a]!;
        const y = list[b]!;
        const w = x.w * y.w;
        edges[x.i]!.set(y.i, (edges[x.i]!.get(y.i) ?? 0) + w);
        edges[y.i]!.set(x.i, (edges[y.i]!.get(x.i) ?? 0) + w);
      }
    }
  }
  const outWeight = edges.map((e) => [...e.values()].reduce((a, b) => a + b, 0));
  let scores = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < maxIterations; it++) {
    const next = new Array<number>(n).fill((1 - damping) / n);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      if (outWeight[i] === 0) {
        dangling += scores[i]!;
        continue;
      }
      for (const [j, w] of edges[i]!) next[j]! += (damping * scores[i]! * w) / outWeight[i]!;
    }
    // A sentence that shares nothing spreads its score evenly, so scores keep summing to one.
    for (let j = 0; j < n; j++) next[j]! += (damping * dangling) / n;
    const delta = next.reduce((acc, x, j) => acc + Math.abs(x - scores[j]!), 0);
    scores = next;
    if (delta < 1e-6) break;
  }
  return scores;
}
