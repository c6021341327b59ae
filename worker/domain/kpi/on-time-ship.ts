/** On-time ship rate: orders that were fully shipped by their ship-by date. */
import { type RateBucket, type RateEntry, rateBuckets } from './buckets';
import { instant, type KpiContext } from './context';
import type { KpiDefinition, KpiResult } from './definition';
import type { KpiFacts, OrderFact, ShipmentFact } from './facts';
import { liveShipments, shipmentsByOrder, shippingCompletedAt } from './order-shipping';

export const ON_TIME_SHIP: KpiDefinition = {
  id: 'on_time_ship_rate',
  title: 'On-time ship rate',
  definition:
    'Unit: an order with a ship-by date, shipped (not picked up) and not cancelled. ' +
    'Denominator: such orders that are decided by the report time: fully shipped, or past their ship-by date. ' +
    'Numerator: those whose last shipment left at or before the ship-by date; a split order is on time only when every one of its shipments is. ' +
    "An order counts in the day of its ship-by date, in the account's time zone; location: all (an order is one unit).",
};

export const ON_TIME_SHIP_BY_LOCATION: KpiDefinition = {
  id: 'on_time_ship_rate_by_location',
  title: 'On-time ship rate by location',
  definition:
    "As the on-time ship rate, with the unit an order's part shipped from one location: it is on time when " +
    "all of the order's shipments from that location left by the ship-by date. Counted in the location and the ship-by day.",
};

type Verdict = { completedAt: number | null; shipBy: number };

function entry(ctx: KpiContext, v: Verdict, id: string, key: RateEntry['key']): RateEntry[] {
  const completed = v.completedAt !== null && v.completedAt <= ctx.asOf ? v.completedAt : null;
  if (completed === null && v.shipBy > ctx.asOf) return []; // still has time: not decided
  return [{ key, id, denominator: 1, numerator: completed !== null && completed <= v.shipBy ? 1 : 0 }];
}

function shippable(facts: Pick<KpiFacts, 'orders' | 'shipments'>) {
  const byOrder = shipmentsByOrder(facts.shipments);
  return facts.orders
    .filter((o): o is OrderFact & { shipBy: string } => o.shipBy !== null)
    .filter((o) => o.fulfillment === 'ship' && o.cancellation === null)
    .map((order) => ({ order, shipments: byOrder.get(order.id) ?? [] }));
}

/** On-time ship rate per (channel, day of ship-by); location is null. */
export function onTimeShip(
  facts: Pick<KpiFacts, 'orders' | 'shipments'>,
  ctx: KpiContext,
): KpiResult<RateBucket> {
  const entries = shippable(facts).flatMap(({ order, shipments }) =>
    entry(
      ctx,
      { completedAt: shippingCompletedAt(order, shipments), shipBy: instant(order.shipBy) },
      order.id,
      { channel: order.channel, location: null, day: ctx.dayOf(order.shipBy) },
    ),
  );
  return { ...ON_TIME_SHIP, buckets: rateBuckets(entries) };
}

const lastShippedAt = (shipments: ShipmentFact[]) =>
  shipments.some((s) => s.shippedAt === null)
    ? null
    : Math.max(...shipments.map((s) => instant(s.shippedAt!)));

/** On-time ship rate per (channel, location, day of ship-by): each location's part of an order. */
export function onTimeShipByLocation(
  facts: Pick<KpiFacts, 'orders' | 'shipments'>,
  ctx: KpiContext,
): KpiResult<RateBucket> {
  const entries = shippable(facts).flatMap(({ order, shipments }) =>
    [...Map.groupBy(liveShipments(shipments), (s) => s.location)].flatMap(([location, here]) =>
      entry(ctx, { completedAt: lastShippedAt(here), shipBy: instant(order.shipBy) }, order.id, {
        channel: order.channel,
        location,
        day: ctx.dayOf(order.shipBy),
      }),
    ),
  );
  return { ...ON_TIME_SHIP_BY_LOCATION, buckets: rateBuckets(entries) };
}
