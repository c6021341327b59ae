// P4's arithmetic over what the fake channels received: how long each stock movement took to reach a channel,
// and how close each channel came to its request budget. Requests are { at, cost, set: { sku: quantity } }.
import { percentile } from '../lib/load.mjs';

const byArrival = (requests) => [...requests].sort((a, b) => a.at - b.at);

/**
 * Per movement { sku, committedAt, atp } (atp: the SKU's available to promise right after it), the ms from its
 * commit to the first request that set the SKU to atp or more, or null when none did. Stock only grows during
 * the burst, so no request built before the movement can carry that much.
 */
export function latencies(movements, requests) {
  const sorted = byArrival(requests);
  return movements.map((m) => {
    const hit = sorted.find((r) => (r.set[m.sku] ?? -1) >= m.atp);
    return hit ? hit.at - m.committedAt : null;
  });
}

/** p50, p99 and max of a list of ms. */
export function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
}

/**
 * The most a token bucket of this spec, full at the first request, would have had to hand out beyond what
 * it refilled: at most `capacity` means no stretch of time saw more than capacity + refill x its length.
 */
export function peakUse(requests, { capacity, refillPerSecond }) {
  let tokens = capacity;
  let least = capacity;
  let last = null;
  for (const r of byArrival(requests)) {
    if (last !== null) tokens = Math.min(capacity, tokens + ((r.at - last) / 1000) * refillPerSecond);
    last = r.at;
    tokens -= r.cost;
    least = Math.min(least, tokens);
  }
  return capacity - least;
}

/** The most cost that arrived within any `windowMs`. */
export function busiestWindow(requests, windowMs) {
  const sorted = byArrival(requests);
  let most = 0;
  let sum = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    sum += sorted[j].cost;
    while (sorted[j].at - sorted[i].at >= windowMs) sum -= sorted[i++].cost;
    most = Math.max(most, sum);
  }
  return most;
}

/** The latest quantity each SKU was set to, in arrival order. */
export function latestLevels(requests) {
  const levels = {};
  for (const r of byArrival(requests)) Object.assign(levels, r.set);
  return levels;
}
