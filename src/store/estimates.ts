/**
 * Estimates a search engine keeps about its own index (how many articles hold a word), shared by the engines: an
 * estimate stays valid until the index has grown by a tenth, and only the most recent few hundred are kept.
 */
export interface EstimateCache<V> {
  /** The estimate for `key` made when the index held about as many articles as `total` now, if any. */
  get(key: string, total: number): V | undefined;
  /** Remembers an estimate made with `total` articles in the index. */
  set(key: string, value: V, total: number): void;
}

/** An {@link EstimateCache} holding at most `limit` entries, the oldest dropped first. */
export function createEstimateCache<V>(limit = 512): EstimateCache<V> {
  const kept = new Map<string, { value: V; atTotal: number }>();
  return {
    get(key, total) {
      const e = kept.get(key);
      return e && total <= e.atTotal * 1.1 + 100 ? e.value : undefined;
    },
    set(key, value, total) {
      kept.delete(key);
      kept.set(key, { value, atTotal: total });
      while (kept.size > limit) kept.delete(kept.keys().next().value!);
    },
  };
}

/** BM25's inverse document frequency of a word in `matches` of `total` articles. */
export function inverseDocumentFrequency(matches: number, total: number): number {
  return Math.log(1 + (Math.max(total, matches) - matches + 0.5) / (matches + 0.5));
}
