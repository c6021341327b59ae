/** Cost per order: what fulfilling and selling an order cost, per currency. */
import { type BucketKey, groupBuckets } from './buckets';
import type { KpiContext } from './context';
import type { KpiDefinition, KpiResult } from './definition';
import type { KpiFacts, OrderFact, PickLabourRate, ShipmentFact } from './facts';
import { type Amounts, MoneyLedger } from './money-ledger';
import { liveShipments, shipmentsByOrder, shippingCompletedAt } from './order-shipping';

export const COST_PER_ORDER: KpiDefinition = {
  id: 'cost_per_order',
  title: 'Cost per order',
  definition:
    'Unit: an order whose last shipment left (or was picked up) in the day (account time zone); location: all. Costs: labels and packaging of ' +
    "its shipments, pick labour when configured (per order plus per unit shipped), and the channel's fees. " +
    "Each currency is summed apart; perOrder is that currency's total divided by the orders in the bucket, rounded to the " +
    'nearest minor unit. Shipments that left without a known label cost are listed, never guessed.',
};

const FIELDS = ['labels', 'packaging', 'pickLabour', 'channelFees'] as const;
type Field = (typeof FIELDS)[number];
export type CostLine = Amounts<Field> & { total: number; perOrder: number };

export interface CostPerOrderBucket {
  orders: number;
  costs: Record<string, CostLine>;
  /** Drill-down: the orders costed, and shipments whose label cost we do not know. */
  orderIds: string[];
  unknownLabelShipmentIds: string[];
}

function addOrderCosts(
  ledger: MoneyLedger<Field>,
  order: OrderFact,
  shipments: ShipmentFact[],
  pickLabour: PickLabourRate | undefined,
) {
  for (const s of shipments) {
    if (s.label) ledger.add('labels', s.label.currency, s.label.amount);
    if (s.packaging) ledger.add('packaging', s.packaging.currency, s.packaging.amount);
  }
  if (pickLabour) {
    const units = liveShipments(shipments).reduce((sum, s) => sum + s.units, 0);
    ledger.add('pickLabour', pickLabour.currency, pickLabour.perOrder + pickLabour.perUnit * units);
  }
  for (const fee of order.channelFees) ledger.add('channelFees', fee.currency, fee.amount);
}

/** Cost per order per (channel, day shipping completed); location is null. */
export function costPerOrder(
  facts: Pick<KpiFacts, 'orders' | 'shipments'>,
  ctx: KpiContext,
  pickLabour?: PickLabourRate,
): KpiResult<BucketKey & CostPerOrderBucket> {
  const byOrder = shipmentsByOrder(facts.shipments);
  const completed = facts.orders.flatMap((order) => {
    const shipments = byOrder.get(order.id) ?? [];
    const at = shippingCompletedAt(order, shipments);
    if (at === null || at > ctx.asOf) return [];
    const day = ctx.dayOf(new Date(at).toISOString());
    return [{ order, shipments, key: { channel: order.channel, location: null, day } }];
  });
  const buckets = groupBuckets(
    completed,
    (c) => c.key,
    (_, group) => {
      const ledger = new MoneyLedger(FIELDS);
      for (const c of group) addOrderCosts(ledger, c.order, c.shipments, pickLabour);
      const costs = Object.fromEntries(
        Object.entries(ledger.totals()).map(([currency, a]) => {
          const total = a.labels + a.packaging + a.pickLabour + a.channelFees;
          return [currency, { ...a, total, perOrder: Math.round(total / group.length) }];
        }),
      );
      const unknownLabel = group.flatMap((c) =>
        liveShipments(c.shipments).filter((s) => s.method === 'ship' && s.label === null),
      );
      return {
        orders: group.length,
        costs,
        orderIds: group.map((c) => c.order.id).sort(),
        unknownLabelShipmentIds: unknownLabel.map((s) => s.id).sort(),
      };
    },
  );
  return { ...COST_PER_ORDER, buckets };
}
