/** Return rate and reasons: units customers sent back against units handed to them. */
import { groupBuckets, type RateBucket, type RateEntry, toRate } from './buckets';
import { instant, type KpiContext } from './context';
import type { KpiDefinition, KpiResult } from './definition';
import type { KpiFacts } from './facts';
import { ordersById } from './order-shipping';

export const RETURNS: KpiDefinition = {
  id: 'return_rate',
  title: 'Return rate and reasons',
  definition:
    'Unit: a unit of stock. Numerator: units on return (RMA) lines opened in the day. Denominator: units of shipments ' +
    "that left (shipped or picked up) in the day. Both count in their own day, in the account's time zone, so a return " +
    'counts when it is opened, not on the day of the sale. Reasons: returned units per reason. Location: all. ' +
    'Drill-down: the orders returned from (numerator) and the shipments that left (denominator).',
};

export type ReturnsBucket = RateBucket & { reasons: Record<string, number> };

type Entry = RateEntry & { reason?: string };

/** Return rate and reasons per (channel, day); location is null. */
export function returns(
  facts: Pick<KpiFacts, 'orders' | 'shipments' | 'returns'>,
  ctx: KpiContext,
): KpiResult<ReturnsBucket> {
  const orders = ordersById(facts.orders);
  const key = (channel: string, at: string) => ({ channel, location: null, day: ctx.dayOf(at) });
  const shipped = facts.shipments.flatMap((s): Entry[] => {
    const order = orders.get(s.orderId);
    if (!order || s.shippedAt === null || instant(s.shippedAt) > ctx.asOf) return [];
    return [{ key: key(order.channel, s.shippedAt), id: s.id, denominator: s.units, numerator: 0 }];
  });
  const returned = facts.returns.flatMap((r): Entry[] => {
    const order = orders.get(r.orderId);
    if (!order || instant(r.createdAt) > ctx.asOf) return [];
    const entry = { id: r.orderId, denominator: 0, numerator: r.quantity, reason: r.reason };
    return [{ key: key(order.channel, r.createdAt), ...entry }];
  });
  const buckets = groupBuckets(
    [...shipped, ...returned],
    (e) => e.key,
    (_, group) => {
      const reasons: Record<string, number> = {};
      for (const e of group)
        if (e.reason !== undefined) reasons[e.reason] = (reasons[e.reason] ?? 0) + e.numerator;
      return { ...toRate(group), reasons };
    },
  );
  return { ...RETURNS, buckets };
}
