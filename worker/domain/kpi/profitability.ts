/** Profitability by channel: what sales brought in, less what they cost and what was paid back, per currency. */
import { type BucketKey, groupBuckets } from './buckets';
import { instant, type KpiContext } from './context';
import type { KpiDefinition, KpiResult } from './definition';
import type { KpiFacts, OrderFact, ShipmentFact } from './facts';
import { type Amounts, MoneyLedger } from './money-ledger';
import { ordersById, shipmentsByOrder } from './order-shipping';

export const PROFITABILITY: KpiDefinition = {
  id: 'profitability',
  title: 'Profitability by channel',
  definition:
    'Per currency, never converted. In the day an order was placed (account time zone): revenue = kept units x unit price ' +
    '- discounts + shipping charged (tax excluded; cancelled units and orders cancelled as a whole bring none); COGS = kept ' +
    'units x the unit cost at sale time; channel fees; shipping = the label costs of its shipments. ' +
    'In the day of each refund: refunds (money back after a sale; refunds of cancelled units or cancelled orders are not ' +
    'subtracted again). profit = revenue - COGS - fees - shipping - refunds. Location: all. ' +
    'Orders with a kept unit of unknown cost are listed in missingCostOrderIds: their COGS is not guessed.',
};

const FIELDS = ['revenue', 'cogs', 'channelFees', 'shipping', 'refunds'] as const;
type Field = (typeof FIELDS)[number];
export type ProfitLine = Amounts<Field> & { profit: number };

export interface ProfitabilityBucket {
  currencies: Record<string, ProfitLine>;
  /** Drill-down: orders whose sale counts in the day, refunds made in the day, and orders of unknown cost. */
  orderIds: string[];
  refundIds: string[];
  missingCostOrderIds: string[];
}

type Item =
  | { kind: 'sale'; key: BucketKey; order: OrderFact; shipments: ShipmentFact[]; cancelled: boolean }
  | { kind: 'refund'; key: BucketKey; id: string; amount: number; currency: string };

/** Adds one order's sale to the ledger; returns false when a kept unit has no known cost. */
function addSale(ledger: MoneyLedger<Field>, sale: Extract<Item, { kind: 'sale' }>): boolean {
  const { order, shipments, cancelled } = sale;
  for (const s of shipments) if (s.label) ledger.add('shipping', s.label.currency, s.label.amount);
  for (const fee of order.channelFees) ledger.add('channelFees', fee.currency, fee.amount);
  if (cancelled) return true;
  let costKnown = true;
  const kept = order.lines.map((l) => ({ line: l, units: l.quantity - l.cancelledQuantity }));
  const goods = kept.reduce((sum, k) => sum + k.units * k.line.unitPrice, 0);
  ledger.add('revenue', order.currency, goods - order.discountTotal + order.shippingTotal);
  for (const { line, units } of kept) {
    if (units <= 0) continue;
    if (line.unitCost) ledger.add('cogs', line.unitCost.currency, units * line.unitCost.amount);
    else costKnown = false;
  }
  return costKnown;
}

/** Profitability per (channel, day) and currency; location is null. */
export function profitability(
  facts: Pick<KpiFacts, 'orders' | 'shipments' | 'refunds'>,
  ctx: KpiContext,
): KpiResult<BucketKey & ProfitabilityBucket> {
  const orders = ordersById(facts.orders);
  const byOrder = shipmentsByOrder(facts.shipments);
  const isCancelled = (o: OrderFact) => o.cancellation !== null && instant(o.cancellation.at) <= ctx.asOf;
  const key = (channel: string, at: string) => ({ channel, location: null, day: ctx.dayOf(at) });
  const sales = facts.orders
    .filter((o) => instant(o.placedAt) <= ctx.asOf)
    .map((order): Item => {
      const shipments = byOrder.get(order.id) ?? [];
      return {
        kind: 'sale',
        key: key(order.channel, order.placedAt),
        order,
        shipments,
        cancelled: isCancelled(order),
      };
    });
  const refunds = facts.refunds.flatMap((r): Item[] => {
    const order = orders.get(r.orderId);
    if (!order || instant(r.createdAt) > ctx.asOf) return [];
    if (r.kind === 'cancellation' || isCancelled(order)) return [];
    return [
      {
        kind: 'refund',
        key: key(order.channel, r.createdAt),
        id: r.id,
        amount: r.amount,
        currency: r.currency,
      },
    ];
  });
  const buckets = groupBuckets(
    [...sales, ...refunds],
    (i) => i.key,
    (_, group) => {
      const ledger = new MoneyLedger(FIELDS);
      const missingCost: string[] = [];
      for (const item of group) {
        if (item.kind === 'refund') ledger.add('refunds', item.currency, item.amount);
        else if (!addSale(ledger, item)) missingCost.push(item.order.id);
      }
      const currencies = Object.fromEntries(
        Object.entries(ledger.totals()).map(([currency, a]) => [
          currency,
          { ...a, profit: a.revenue - a.cogs - a.channelFees - a.shipping - a.refunds },
        ]),
      );
      const ids = <K extends Item['kind']>(kind: K) =>
        group.filter((i): i is Extract<Item, { kind: K }> => i.kind === kind);
      return {
        currencies,
        orderIds: ids('sale')
          .map((s) => s.order.id)
          .sort(),
        refundIds: ids('refund')
          .map((r) => r.id)
          .sort(),
        missingCostOrderIds: missingCost.sort(),
      };
    },
  );
  return { ...PROFITABILITY, buckets };
}
