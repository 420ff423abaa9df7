/** Small measurement helpers for the benchmark. */

/** The q-quantile (0..1) of samples by the nearest-rank method; NaN for no samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/** p50 and p95 of latency samples (ms). */
export interface Latency {
  /** Runs measured. */
  runs: number;
  /** Median, ms. */
  p50: number;
  /** 95th percentile, ms. */
  p95: number;
}

/** Summarises samples. */
export function latency(samples: readonly number[]): Latency {
  return { runs: samples.length, p50: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}

/** Runs `fn` and returns its wall time in ms. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
