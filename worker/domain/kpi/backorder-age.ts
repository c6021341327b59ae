/** Backorder age: how long the units still waiting for stock have waited. */
import { type BucketKey, groupBuckets } from './buckets';
import { instant, type KpiContext } from './context';
import type { KpiDefinition, KpiResult } from './definition';
import type { KpiFacts } from './facts';
import { ordersById } from './order-shipping';
import { nearestRank } from './percentile';

export const BACKORDER_AGE: KpiDefinition = {
  id: 'backorder_age',
  title: 'Backorder age',
  definition:
    'A snapshot at the report time. Unit: a backorder recorded by then and not filled by then. ' +
    'Age: report time minus when it was recorded, in milliseconds; p50 and p90 by nearest rank, and the oldest. ' +
    "Every open backorder counts in the report time's day (account time zone), in the location that fell short " +
    '(null when waiting for any location).',
};

export interface BackorderAgeBucket {
  backorders: number;
  units: number;
  p50Ms: number | null;
  p90Ms: number | null;
  oldestMs: number | null;
  /** Drill-down: the waiting backorders and their orders. */
  backorderIds: string[];
  orderIds: string[];
}

/** Open backorders at ctx.asOf per (channel, location, day of asOf). */
export function backorderAge(
  facts: Pick<KpiFacts, 'orders' | 'backorders'>,
  ctx: KpiContext,
): KpiResult<BucketKey & BackorderAgeBucket> {
  const orders = ordersById(facts.orders);
  const today = ctx.dayOf(new Date(ctx.asOf).toISOString());
  const open = facts.backorders.flatMap((b) => {
    const order = orders.get(b.orderId);
    const since = instant(b.createdAt);
    const filled = b.filledAt !== null && instant(b.filledAt) <= ctx.asOf;
    if (!order || since > ctx.asOf || filled) return [];
    return [
      { ...b, ageMs: ctx.asOf - since, key: { channel: order.channel, location: b.location, day: today } },
    ];
  });
  const buckets = groupBuckets(
    open,
    (b) => b.key,
    (_, group) => {
      const ages = group.map((b) => b.ageMs);
      return {
        backorders: group.length,
        units: group.reduce((s, b) => s + b.quantity, 0),
        p50Ms: nearestRank(ages, 50),
        p90Ms: nearestRank(ages, 90),
        oldestMs: nearestRank(ages, 100),
        backorderIds: group.map((b) => b.id).sort(),
        orderIds: [...new Set(group.map((b) => b.orderId))].sort(),
      };
    },
  );
  return { ...BACKORDER_AGE, buckets };
}
