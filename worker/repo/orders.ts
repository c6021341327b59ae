import { and, asc, desc, eq, exists, gte, inArray, lt, or } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { contains } from '../../db/contains';
import { allocations, orderEvents, orderLines, orders } from '../../db/schema';
import type { OrderStatus } from '../domain/order-status';

export type OrderRow = typeof orders.$inferSelect;

export async function findOrder(db: Database, id: string) {
  return db.query.orders.findFirst({ where: eq(orders.id, id) });
}

export async function findOrderByExternal(db: Database, channel: string, externalId: string) {
  return db.query.orders.findFirst({
    where: and(eq(orders.channel, channel), eq(orders.externalId, externalId)),
  });
}

type LineRow = Pick<
  typeof orderLines.$inferSelect,
  'id' | 'lineNo' | 'sku' | 'channelSku' | 'name' | 'quantity' | 'unitPrice' | 'backordered'
>;
type AllocationRow = Pick<typeof allocations.$inferSelect, 'lineId' | 'location' | 'quantity'>;
type EventRow = Pick<typeof orderEvents.$inferSelect, 'at' | 'type' | 'message' | 'actor'>;

/** An order with its lines, allocations and timeline, in the API's shape. */
export async function orderView(db: Database, order: OrderRow) {
  const [lines, allocs, events] = await db.batch([
    db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.lineNo)),
    db
      .select()
      .from(allocations)
      .where(and(eq(allocations.orderId, order.id), inArray(allocations.status, ['reserved', 'shipped']))),
    db
      .select()
      .from(orderEvents)
      .where(eq(orderEvents.orderId, order.id))
      .orderBy(asc(orderEvents.at), asc(orderEvents.id)),
  ]);
  return orderViewOf(order, lines, allocs, events);
}

/** The API shape from rows already at hand (a capture answers from what it just wrote, without reading back). */
export function orderViewOf(order: OrderRow, lines: LineRow[], allocs: AllocationRow[], events: EventRow[]) {
  return {
    id: order.id,
    channel: order.channel,
    external_id: order.externalId,
    status: order.status as OrderStatus,
    currency: order.currency,
    customer: { name: order.customerName, email: order.customerEmail },
    ship_to: order.shipTo as Record<string, unknown> | null,
    totals: {
      subtotal: order.subtotal,
      shipping: order.shippingTotal,
      tax: order.taxTotal,
      discount: order.discountTotal,
      total: order.total,
    },
    routing_explanation: order.routingExplanation,
    fulfillment: { method: order.fulfillment, location: order.pickupLocation },
    lines: lines.map((l) => ({
      id: l.id,
      line_no: l.lineNo,
      sku: l.sku ?? l.channelSku,
      matched: l.sku !== null,
      name: l.name,
      quantity: l.quantity,
      unit_price: l.unitPrice,
      allocations: allocs
        .filter((a) => a.lineId === l.id)
        .map((a) => ({ location: a.location, quantity: a.quantity })),
      backordered: l.backordered,
    })),
    timeline: events.map((e) => ({ at: e.at, type: e.type, message: e.message, actor: e.actor })),
    placed_at: order.placedAt,
    ship_by: order.shipBy,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}

export type OrderView = ReturnType<typeof orderViewOf>;

export interface OrderFilter {
  status?: OrderStatus;
  channel?: string;
  from?: string;
  to?: string;
  q?: string;
  cursor?: string;
  limit: number;
}

/** Newest first; the cursor is the last id of the previous page (ids sort by creation time). */
export async function listOrders(db: Database, f: OrderFilter) {
  const text = f.q;
  const where = and(
    f.status ? eq(orders.status, f.status) : undefined,
    f.channel ? eq(orders.channel, f.channel) : undefined,
    f.from ? gte(orders.createdAt, new Date(f.from).toISOString()) : undefined,
    f.to ? lt(orders.createdAt, new Date(f.to).toISOString()) : undefined,
    f.cursor ? lt(orders.id, f.cursor) : undefined,
    text
      ? or(
          contains(orders.externalId, text),
          contains(orders.id, text),
          contains(orders.customerName, text),
          contains(orders.customerEmail, text),
          exists(
            db
              .select({ one: orderLines.id })
              .from(orderLines)
              .where(
                and(
                  eq(orderLines.orderId, orders.id),
                  or(contains(orderLines.sku, text), contains(orderLines.channelSku, text)),
                ),
              ),
          ),
        )
      : undefined,
  );
  const rows = await db
    .select()
    .from(orders)
    .where(where)
    .orderBy(desc(orders.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  return {
    data: page.map((o) => ({
      id: o.id,
      external_id: o.externalId,
      channel: o.channel,
      status: o.status as OrderStatus,
      currency: o.currency,
      total: o.total,
      customer_name: o.customerName,
      created_at: o.createdAt,
    })),
    next_cursor: rows.length > f.limit ? page.at(-1)!.id : null,
  };
}
