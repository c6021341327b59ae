import type {
  BackorderFact,
  CancelledBy,
  KpiFacts,
  OrderFact,
  OrderLineFact,
  RefundFact,
  ReturnLineFact,
  ShipmentFact,
} from '../../domain/kpi/facts';

/**
 * Which orders' facts to read: those with a KPI event in the UTC hours [startHour, endHour) (hour keys, see
 * kpi_order_hours), or those with an open backorder; optionally of one channel or shipping from one location.
 */
export type FactScope = (
  | { kind: 'events'; startHour: string; endHour: string }
  | { kind: 'open_backorders' }
) & { channel?: string; location?: string };

// Pending rows are captures still under way.
function scopeSql(scope: FactScope): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  let text: string;
  if (scope.kind === 'events') {
    params.push(scope.startHour, scope.endHour);
    text =
      'select o.id from orders o where o.id in (select distinct order_id from kpi_order_hours where hour >= ?1 and hour < ?2)';
  } else {
    text = 'select o.id from orders o where o.id in (select order_id from order_lines where backordered > 0)';
  }
  text += " and o.status != 'pending'";
  if (scope.channel !== undefined) {
    params.push(scope.channel);
    text += ` and o.channel = ?${params.length}`;
  }
  if (scope.location !== undefined) {
    params.push(scope.location);
    text += ` and exists (select 1 from shipments x where x.order_id = o.id and x.location = ?${params.length})`;
  }
  return { text, params };
}

const QUERIES = {
  orders: (scope: string) =>
    `select o.id, o.channel, coalesce(c.type, o.channel) as channel_type, o.status, o.currency,
      coalesce(o.placed_at, o.created_at) as placed_at, o.subtotal, o.shipping_total, o.tax_total,
      o.discount_total, o.total, o.fulfillment, o.ship_by
     from orders o left join channels c on c.code = o.channel where o.id in (${scope})`,
  lines: (scope: string) =>
    `select id, order_id, sku, quantity, unit_price, cancelled_quantity, unit_cost, cost_currency
     from order_lines where order_id in (${scope})`,
  cancellations: (scope: string) =>
    `select order_id, min(at) as at, actor from order_events
     where type = 'cancelled' and order_id in (${scope}) group by order_id`,
  fees: (scope: string) => `select order_id, amount, currency from order_fees where order_id in (${scope})`,
  shipments: (scope: string) =>
    `select s.id, s.order_id, s.location, s.method, s.status, s.carrier, s.tracking_code, s.label_cost,
      s.label_currency, s.order_placed_at, s.label_purchased_at, s.shipped_at, s.delivered_at, s.first_scan_at,
      (select coalesce(sum(l.quantity), 0) from shipment_lines l where l.shipment_id = s.id) as units
     from shipments s where s.order_id in (${scope})`,
  backorders: (scope: string) =>
    `select l.id, l.order_id, l.sku, l.backordered, o.created_at,
      exists (select 1 from exceptions e where e.order_id = l.order_id and e.kind = 'short_pick' and e.sku = l.sku) as short_pick
     from order_lines l join orders o on o.id = l.order_id
     where l.backordered > 0 and l.sku is not null and l.order_id in (${scope})`,
  returns: (scope: string) =>
    `select rl.id, r.id as rma_id, r.order_id, rl.order_line_id, rl.sku, rl.quantity, rl.reason, r.created_at
     from return_lines rl join returns r on r.id = rl.return_id
     where r.status not in ('rejected', 'cancelled') and r.order_id in (${scope})`,
  refunds: (scope: string) =>
    `select id, order_id, return_id, coalesce(amount, channel_amount) as amount, currency, created_at
     from return_refunds where status in ('pushed', 'manual', 'from_channel')
       and coalesce(amount, channel_amount) > 0 and order_id in (${scope})`,
} as const;

type Row = Record<string, unknown>;
const str = (v: unknown) => v as string;
const num = (v: unknown) => Number(v ?? 0);
const opt = (v: unknown) => (v === null || v === undefined ? null : String(v));

// Cancellations made by a channel carry its actor (`channel:<id>`); channels do not tell us when the buyer asked.
const cancelledBy = (actor: unknown): CancelledBy =>
  typeof actor === 'string' && actor.startsWith('channel:') ? 'channel' : 'seller';

const toLine = (r: Row): OrderLineFact => ({
  id: str(r.id),
  sku: opt(r.sku),
  quantity: num(r.quantity),
  unitPrice: num(r.unit_price),
  cancelledQuantity: num(r.cancelled_quantity),
  unitCost:
    r.unit_cost === null || r.cost_currency === null
      ? null
      : { amount: num(r.unit_cost), currency: str(r.cost_currency) },
});

const toShipment = (r: Row): ShipmentFact => ({
  id: str(r.id),
  orderId: str(r.order_id),
  location: str(r.location),
  method: r.method === 'pickup' ? 'pickup' : 'ship',
  status: str(r.status),
  carrier: opt(r.carrier),
  trackingCode: opt(r.tracking_code),
  label:
    r.label_cost === null || r.label_currency === null
      ? null
      : { amount: num(r.label_cost), currency: str(r.label_currency) },
  packaging: null,
  units: num(r.units),
  orderPlacedAt: str(r.order_placed_at),
  labelPurchasedAt: opt(r.label_purchased_at),
  shippedAt: opt(r.shipped_at),
  deliveredAt: opt(r.delivered_at),
  firstCarrierScanAt: opt(r.first_scan_at),
});

const toBackorder = (r: Row): BackorderFact => ({
  id: `${str(r.id)}/backorder`,
  orderId: str(r.order_id),
  lineId: str(r.id),
  sku: str(r.sku),
  location: null,
  quantity: num(r.backordered),
  cause: r.short_pick ? 'short_pick' : 'no_stock_at_capture',
  createdAt: str(r.created_at),
  filledAt: null,
});

const toReturn = (r: Row): ReturnLineFact => ({
  id: str(r.id),
  rmaId: str(r.rma_id),
  orderId: str(r.order_id),
  orderLineId: str(r.order_line_id),
  sku: str(r.sku),
  quantity: num(r.quantity),
  reason: str(r.reason),
  createdAt: str(r.created_at),
});

const toRefund = (r: Row): RefundFact => ({
  id: str(r.id),
  orderId: str(r.order_id),
  kind: r.return_id === null ? 'other' : 'return',
  amount: num(r.amount),
  currency: str(r.currency),
  createdAt: str(r.created_at),
});

/**
 * The KPI facts of the orders in scope, read in one D1 batch (one transaction), and the database's clock when
 * it read them: a write that changed a fact after `readAt` marks its hours later than it. Backorders are
 * today's open ones (order_lines.backordered), dated by the order's capture: D1 keeps no history of fills.
 */
export async function loadKpiFacts(
  db: D1Database,
  scope: FactScope,
): Promise<{ facts: KpiFacts; readAt: string }> {
  const { text, params } = scopeSql(scope);
  const names = Object.keys(QUERIES) as (keyof typeof QUERIES)[];
  const [clock, ...results] = await db.batch<Row>([
    db.prepare("select strftime('%Y-%m-%dT%H:%M:%fZ', 'now') as now"),
    ...names.map((n) => db.prepare(QUERIES[n](text)).bind(...params)),
  ]);
  const readAt = str(clock!.results[0]!.now);
  const rows = Object.fromEntries(names.map((n, i) => [n, results[i]!.results])) as Record<
    keyof typeof QUERIES,
    Row[]
  >;
  const lines = Map.groupBy(rows.lines, (r) => str(r.order_id));
  const fees = Map.groupBy(rows.fees, (r) => str(r.order_id));
  const cancelled = new Map(rows.cancellations.map((r) => [str(r.order_id), r]));
  const orders = rows.orders.map((r): OrderFact => {
    const id = str(r.id);
    const cancel = cancelled.get(id);
    return {
      id,
      channel: str(r.channel),
      channelType: str(r.channel_type),
      status: str(r.status),
      currency: str(r.currency),
      placedAt: str(r.placed_at),
      subtotal: num(r.subtotal),
      shippingTotal: num(r.shipping_total),
      taxTotal: num(r.tax_total),
      discountTotal: num(r.discount_total),
      total: num(r.total),
      fulfillment: r.fulfillment === 'pickup' ? 'pickup' : 'ship',
      shipBy: opt(r.ship_by),
      cancellation: cancel ? { at: str(cancel.at), by: cancelledBy(cancel.actor) } : null,
      channelFees: (fees.get(id) ?? []).map((f) => ({ amount: num(f.amount), currency: str(f.currency) })),
      lines: (lines.get(id) ?? []).map(toLine),
    };
  });
  return {
    readAt,
    facts: {
      orders,
      shipments: rows.shipments.map(toShipment),
      backorders: rows.backorders.map(toBackorder),
      returns: rows.returns.map(toReturn),
      refunds: rows.refunds.map(toRefund),
    },
  };
}
