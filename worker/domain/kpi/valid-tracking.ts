/** Valid tracking rate: shipped parcels the carrier has seen, so the customer can follow them. */
import { type RateBucket, type RateEntry, rateBuckets } from './buckets';
import { instant, type KpiContext } from './context';
import type { KpiDefinition, KpiResult } from './definition';
import type { KpiFacts } from './facts';
import { ordersById } from './order-shipping';

export const VALID_TRACKING: KpiDefinition = {
  id: 'valid_tracking_rate',
  title: 'Valid tracking rate',
  definition:
    'Unit: a shipped shipment (pickups excluded). Denominator: shipments confirmed shipped in the day. ' +
    'Numerator: those with a carrier, a tracking number and at least one carrier scan by the report time. ' +
    "A shipment counts in its location and the day it shipped, in the account's time zone " +
    '(Amazon attributes by promised delivery date, which we do not record).',
};

/** Valid tracking rate per (channel, location, day shipped). */
export function validTracking(
  facts: Pick<KpiFacts, 'orders' | 'shipments'>,
  ctx: KpiContext,
): KpiResult<RateBucket> {
  const orders = ordersById(facts.orders);
  const entries = facts.shipments.flatMap((s): RateEntry[] => {
    const order = orders.get(s.orderId);
    if (!order || s.method !== 'ship' || s.shippedAt === null || instant(s.shippedAt) > ctx.asOf) return [];
    const scanned = s.firstCarrierScanAt !== null && instant(s.firstCarrierScanAt) <= ctx.asOf;
    const valid = Boolean(s.carrier?.trim() && s.trackingCode?.trim()) && scanned;
    return [
      {
        key: { channel: order.channel, location: s.location, day: ctx.dayOf(s.shippedAt) },
        id: s.id,
        denominator: 1,
        numerator: valid ? 1 : 0,
      },
    ];
  });
  return { ...VALID_TRACKING, buckets: rateBuckets(entries) };
}
