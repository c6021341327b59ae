/** Late shipment rate, as Amazon defines it: confirmed orders whose confirmation came after the ship-by date. */
import { type RateBucket, type RateEntry, rateBuckets } from './buckets';
import { instant, type KpiContext } from './context';
import type { KpiDefinition, KpiResult } from './definition';
import type { KpiFacts } from './facts';
import { shipmentsByOrder, shippingCompletedAt } from './order-shipping';

export const LATE_SHIPMENT: KpiDefinition = {
  id: 'late_shipment_rate',
  title: 'Late shipment rate',
  definition:
    'Unit: an order with a ship-by date whose shipping is confirmed (every shipment shipped). ' +
    'Denominator: such orders confirmed in the day. Numerator: those whose last shipment left after the ship-by date ' +
    '(a split order is late when any of its shipments is). ' +
    "An order counts in the day its shipping was completed, in the account's time zone; location: all. " +
    'Orders not yet shipped do not count here (see the on-time ship rate, which counts them once overdue).',
};

/** Late shipment rate per (channel, day of shipping completed); location is null. */
export function lateShipment(
  facts: Pick<KpiFacts, 'orders' | 'shipments'>,
  ctx: KpiContext,
): KpiResult<RateBucket> {
  const byOrder = shipmentsByOrder(facts.shipments);
  const entries = facts.orders.flatMap((order): RateEntry[] => {
    if (order.shipBy === null || order.fulfillment !== 'ship') return [];
    const completedAt = shippingCompletedAt(order, byOrder.get(order.id) ?? []);
    if (completedAt === null || completedAt > ctx.asOf) return [];
    const day = ctx.dayOf(new Date(completedAt).toISOString());
    return [
      {
        key: { channel: order.channel, location: null, day },
        id: order.id,
        denominator: 1,
        numerator: completedAt > instant(order.shipBy) ? 1 : 0,
      },
    ];
  });
  return { ...LATE_SHIPMENT, buckets: rateBuckets(entries) };
}
