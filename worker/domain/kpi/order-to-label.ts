/** Order-to-label time: how long a parcel waited from the order to its shipping label. */
import type { BucketKey } from './buckets';
import { groupBuckets } from './buckets';
import { instant, type KpiContext } from './context';
import type { KpiDefinition, KpiResult } from './definition';
import type { KpiFacts } from './facts';
import { ordersById } from './order-shipping';
import { nearestRank } from './percentile';

export const ORDER_TO_LABEL: KpiDefinition = {
  id: 'order_to_label_time',
  title: 'Order-to-label time',
  definition:
    "Per shipment with a label (bought or hand-entered tracking): label_purchased_at minus the order's placed_at, in milliseconds. " +
    'p50 and p90 by nearest rank (the value at rank ceil(p% x n) of the sorted times; always an observed time). ' +
    "A shipment counts in its location and in the day its label was bought, in the account's time zone. " +
    'A voided label no longer counts; pickup orders have no label.',
};

export interface OrderToLabelBucket {
  shipments: number;
  p50Ms: number | null;
  p90Ms: number | null;
  maxMs: number | null;
  /** Drill-down: the shipments measured. */
  shipmentIds: string[];
}

/** Order-to-label times per (channel, location, day of label purchase). */
export function orderToLabel(
  facts: Pick<KpiFacts, 'orders' | 'shipments'>,
  ctx: KpiContext,
): KpiResult<BucketKey & OrderToLabelBucket> {
  const orders = ordersById(facts.orders);
  const measured = facts.shipments.flatMap((s) => {
    const order = orders.get(s.orderId);
    if (!order || s.labelPurchasedAt === null || instant(s.labelPurchasedAt) > ctx.asOf) return [];
    const key = { channel: order.channel, location: s.location, day: ctx.dayOf(s.labelPurchasedAt) };
    return [{ key, id: s.id, ms: instant(s.labelPurchasedAt) - instant(s.orderPlacedAt) }];
  });
  const buckets = groupBuckets(
    measured,
    (m) => m.key,
    (_, group) => {
      const times = group.map((m) => m.ms);
      return {
        shipments: group.length,
        p50Ms: nearestRank(times, 50),
        p90Ms: nearestRank(times, 90),
        maxMs: nearestRank(times, 100),
        shipmentIds: group.map((m) => m.id).sort(),
      };
    },
  );
  return { ...ORDER_TO_LABEL, buckets };
}
