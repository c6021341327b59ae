import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { allocations, exceptions, orderEvents, orders, shipments } from '../../db/schema';
import { newId } from '../domain/ids';
import { canTransition, type OrderStatus } from '../domain/order-status';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import { findOrder, orderView } from '../repo/orders';
import { domainEvent, publishEvents } from './domain-events';
import { releaseHolds } from './stock';
import { announceStockChange } from './stock-events';

const reservedOf = (db: Database, orderId: string) =>
  db
    .select({ id: allocations.id, sku: allocations.sku })
    .from(allocations)
    .where(and(eq(allocations.orderId, orderId), eq(allocations.status, 'reserved')));

/** Cancels an order and gives its reserved stock back; cancelling a cancelled order changes nothing. */
export async function cancelOrder(env: Env, db: Database, orderId: string, actor: string, reason?: string) {
  const order = await findOrder(db, orderId);
  if (!order) throw new ApiError(404, 'order_not_found', 'No such order');
  if (order.status === 'cancelled') {
    // a retry also finishes a release that an earlier cancel could not complete
    await releaseOrderStock(env, db, orderId, actor);
    return orderView(db, order);
  }
  const from = order.status as OrderStatus;
  if (!canTransition(from, 'cancelled')) {
    throw new ApiError(409, 'invalid_transition', `An order that is ${from} cannot be cancelled`, {
      status: from,
    });
  }
  const now = new Date().toISOString();
  const [updated] = await db.batch([
    db
      .update(orders)
      .set({ status: 'cancelled', updatedAt: now })
      .where(and(eq(orders.id, orderId), eq(orders.status, from)))
      .returning({ id: orders.id }),
    db.insert(orderEvents).values({
      id: newId('evt'),
      orderId,
      at: now,
      type: 'cancelled',
      message: reason ? `Cancelled: ${reason}` : 'Cancelled',
      actor,
    }),
    db
      .update(shipments)
      .set({ status: 'cancelled', updatedAt: now })
      .where(
        and(
          eq(shipments.orderId, orderId),
          inArray(shipments.status, [
            'allocated',
            'picking',
            'packed',
            'label_purchased',
            'exception',
            'ready_for_pickup',
          ]),
        ),
      ),
    db
      .update(exceptions)
      .set({ status: 'resolved', resolvedAt: now })
      .where(and(eq(exceptions.orderId, orderId), eq(exceptions.status, 'open'))),
    auditInsert(db, {
      actor,
      action: 'order.cancel',
      entity: 'order',
      entityId: orderId,
      data: { from, reason },
    }),
  ]);
  if (updated.length === 0)
    throw new ApiError(409, 'order_changed', 'The order changed meanwhile; reload and retry');
  await releaseOrderStock(env, db, orderId, actor);
  await publishEvents(env, [domainEvent('order.cancelled', orderId, { from, reason: reason ?? null })]);
  return orderView(db, (await findOrder(db, orderId))!);
}

/** Releases every hold still reserved for a cancelled order, then marks those allocations released. */
export async function releaseOrderStock(env: Env, db: Database, orderId: string, actor: string) {
  const held = await reservedOf(db, orderId);
  if (held.length === 0) return;
  await releaseHolds(env, held, actor, 'order cancelled');
  await announceStockChange(
    env,
    held.map((h) => h.sku),
  );
  await db
    .update(allocations)
    .set({ status: 'released' })
    .where(and(eq(allocations.orderId, orderId), eq(allocations.status, 'reserved')));
}
