/** Cancellation rates: every cancelled order per channel, and Amazon's pre-fulfilment cancel rate. */
import { type RateBucket, type RateEntry, rateBuckets } from './buckets';
import { instant, type KpiContext } from './context';
import type { KpiDefinition, KpiResult } from './definition';
import type { KpiFacts, OrderFact } from './facts';

export const CANCELLATION: KpiDefinition = {
  id: 'cancellation_rate',
  title: 'Cancellation rate',
  definition:
    'Unit: an order. Denominator: orders placed in the day. Numerator: those of them cancelled as a whole by the report time, ' +
    'whoever cancelled. A cancelled line does not make its order cancelled (partialIds lists orders with cancelled lines). ' +
    "An order counts in the day it was placed, in the account's time zone; location: all.",
};

export const PRE_FULFILMENT_CANCEL: KpiDefinition = {
  id: 'pre_fulfilment_cancel_rate',
  title: 'Pre-fulfilment cancel rate',
  definition:
    "Amazon's definition: unit an order; denominator orders placed in the day; numerator those cancelled before shipping " +
    'by the seller (a person, Switchyard, or the channel without a buyer request, since a seller cancelling in Seller ' +
    'Central reaches us as a channel cancellation). Buyer-requested cancellations do not count. ' +
    "An order counts in the day it was placed, in the account's time zone; location: all.",
};

export type CancellationBucket = RateBucket & { partialIds: string[] };

const cancelledBy = (order: OrderFact, asOf: number) =>
  order.cancellation && instant(order.cancellation.at) <= asOf ? order.cancellation.by : null;

function placedEntries(
  facts: Pick<KpiFacts, 'orders'>,
  ctx: KpiContext,
  counts: (order: OrderFact) => boolean,
): RateEntry[] {
  return facts.orders
    .filter((o) => instant(o.placedAt) <= ctx.asOf)
    .map((order) => ({
      key: { channel: order.channel, location: null, day: ctx.dayOf(order.placedAt) },
      id: order.id,
      denominator: 1,
      numerator: counts(order) ? 1 : 0,
    }));
}

/** Cancellation rate per (channel, day placed); location is null. */
export function cancellation(
  facts: Pick<KpiFacts, 'orders'>,
  ctx: KpiContext,
): KpiResult<CancellationBucket> {
  const rates = rateBuckets(placedEntries(facts, ctx, (o) => cancelledBy(o, ctx.asOf) !== null));
  const partial = new Set(
    facts.orders
      .filter((o) => cancelledBy(o, ctx.asOf) === null && o.lines.some((l) => l.cancelledQuantity > 0))
      .map((o) => o.id),
  );
  const buckets = rates.map((b) => ({ ...b, partialIds: b.ids.denominator.filter((id) => partial.has(id)) }));
  return { ...CANCELLATION, buckets };
}

/** Amazon's pre-fulfilment cancel rate per (channel, day placed), for any channel; location is null. */
export function preFulfilmentCancel(facts: Pick<KpiFacts, 'orders'>, ctx: KpiContext): KpiResult<RateBucket> {
  const bySeller = (o: OrderFact) => {
    const by = cancelledBy(o, ctx.asOf);
    return by === 'seller' || by === 'channel';
  };
  return { ...PRE_FULFILMENT_CANCEL, buckets: rateBuckets(placedEntries(facts, ctx, bySeller)) };
}
