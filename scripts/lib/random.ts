/** Deterministic randomness for the evaluation and the benchmark: same seed, same numbers, on every machine. */

/** mulberry32: a small, fast seeded generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string mixed with a seed, to derive independent seeds from names. */
export function hashSeed(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * A sampler of ranks 0..n-1 with Zipf probabilities (rank r has weight 1/(r+1)^s), by binary search over the
 * cumulative weights.
 */
export function zipfSampler(n: number, s = 1): { sample(rand: () => number): number; probability(rank: number): number } {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) {
    total += 1 / (r + 1) ** s;
    cumulative[r] = total;
  }
  return {
    sample(rand) {
      const x = rand() * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
    probability: (rank) => 1 / (rank + 1) ** s / total,
  };
}
