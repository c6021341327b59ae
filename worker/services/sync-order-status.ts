import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orderEvents, orders, shipments } from '../../db/schema';
import { newId } from '../domain/ids';
import { canTransition, type OrderStatus } from '../domain/order-status';
import { orderStatusFromShipments, type ShipmentStatus } from '../domain/shipment-status';
import { backorderedUnits } from '../repo/shipments';

/** Moves the order to the status its shipments imply (picking, partially shipped, shipped...), with a timeline entry. */
export async function syncOrderStatus(db: Database, orderId: string, actor: string) {
  const order = await db.query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (!order) return;
  const rows = await db
    .select({ status: shipments.status })
    .from(shipments)
    .where(eq(shipments.orderId, orderId));
  const next = orderStatusFromShipments(
    rows.map((r) => r.status as ShipmentStatus),
    await backorderedUnits(db, orderId),
  );
  const from = order.status as OrderStatus;
  if (!next || next === from || !canTransition(from, next)) return;
  const now = new Date().toISOString();
  await db.batch([
    db
      .update(orders)
      .set({ status: next, updatedAt: now })
      .where(and(eq(orders.id, orderId), eq(orders.status, from))),
    db.insert(orderEvents).values({
      id: newId('evt'),
      orderId,
      at: now,
      type: next,
      message: `Order is ${next.replace('_', ' ')}`,
      actor,
    }),
  ]);
}
