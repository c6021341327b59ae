/** Oversell incidents: order lines accepted that stock could not cover, by cause. */
import { type BucketKey, groupBuckets } from './buckets';
import { instant, type KpiContext } from './context';
import type { KpiDefinition, KpiResult } from './definition';
import type { KpiFacts, OversellCause } from './facts';
import { ordersById } from './order-shipping';

export const OVERSELL: KpiDefinition = {
  id: 'oversell_incidents',
  title: 'Oversell incidents',
  definition:
    'Unit: a backorder of an accepted order line. Causes: no_stock_at_capture (the channel sold units no location had) and ' +
    'short_pick (the record said the shelf had them; it did not). Counts incidents and units, in total and by cause. ' +
    "An incident counts in the day it was recorded, in the account's time zone, and in the location that fell short " +
    '(null when no location had the units).',
};

export interface CauseTally {
  incidents: number;
  units: number;
  orderIds: string[];
}

export interface OversellBucket {
  incidents: number;
  units: number;
  byCause: Partial<Record<OversellCause, CauseTally>>;
  /** Drill-down: the orders whose lines were oversold. */
  orderIds: string[];
}

const unique = (ids: string[]) => [...new Set(ids)].sort();

/** Oversell incidents per (channel, location, day recorded). */
export function oversell(
  facts: Pick<KpiFacts, 'orders' | 'backorders'>,
  ctx: KpiContext,
): KpiResult<BucketKey & OversellBucket> {
  const orders = ordersById(facts.orders);
  const incidents = facts.backorders.flatMap((b) => {
    const order = orders.get(b.orderId);
    if (!order || instant(b.createdAt) > ctx.asOf) return [];
    return [{ ...b, key: { channel: order.channel, location: b.location, day: ctx.dayOf(b.createdAt) } }];
  });
  const buckets = groupBuckets(
    incidents,
    (i) => i.key,
    (_, group) => {
      const byCause: OversellBucket['byCause'] = {};
      for (const [cause, of] of Map.groupBy(group, (i) => i.cause)) {
        byCause[cause] = {
          incidents: of.length,
          units: of.reduce((s, i) => s + i.quantity, 0),
          orderIds: unique(of.map((i) => i.orderId)),
        };
      }
      return {
        incidents: group.length,
        units: group.reduce((s, i) => s + i.quantity, 0),
        byCause,
        orderIds: unique(group.map((i) => i.orderId)),
      };
    },
  );
  return { ...OVERSELL, buckets };
}
