/**
 * Nearest-rank percentile: the smallest value with at least p% of the values at or below it, i.e. the
 * value at rank ceil(p/100 x n) of the sorted values. It is always one of the observed values (no
 * interpolation). Null for no values.
 */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[rank - 1]!;
}
