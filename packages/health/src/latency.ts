/**
 * The nearest-rank percentile (`p` in 0–100) of `values`: the smallest value such that at least `p` % of the values
 * are at or below it. Undefined for no values. With few samples p95 is the slowest one, which is what a gate wants.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
