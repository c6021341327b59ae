import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { exceptions, orderEvents, orders } from '../../db/schema';
import { newId } from '../domain/ids';
import type { OrderStatus } from '../domain/order-status';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import { findOrder, orderView } from '../repo/orders';
import { backorderedUnits } from '../repo/shipments';

/** Work has not started on these: holding them keeps their stock reserved and keeps them off pick lists. */
const HOLDABLE: OrderStatus[] = ['allocated', 'backordered'];

/**
 * Puts an order on hold by hand (a fraud check, a customer call): its reservations stay, pick lists skip
 * it, and the hold shows in the exception inbox until it is released.
 */
export async function holdOrder(db: Database, orderId: string, actor: string, reason: string) {
  const order = await findOrder(db, orderId);
  if (!order) throw new ApiError(404, 'order_not_found', 'No such order');
  if (order.status === 'on_hold') return orderView(db, order);
  const from = order.status as OrderStatus;
  if (!HOLDABLE.includes(from)) {
    throw new ApiError(
      409,
      'invalid_transition',
      `An order that is ${from.replace('_', ' ')} cannot be held`,
      {
        status: from,
      },
    );
  }
  const now = new Date().toISOString();
  const [held] = await db.batch([
    db
      .update(orders)
      .set({ status: 'on_hold', updatedAt: now })
      .where(and(eq(orders.id, orderId), eq(orders.status, from)))
      .returning({ id: orders.id }),
    db
      .insert(orderEvents)
      .values({ id: newId('evt'), orderId, at: now, type: 'on_hold', message: `Held: ${reason}`, actor }),
    db.insert(exceptions).values({
      id: newId('exc'),
      kind: 'manual_hold',
      status: 'open',
      orderId,
      message: `Held by hand: ${reason}`,
      details: { from, actor },
    }),
    auditInsert(db, {
      actor,
      action: 'order.hold',
      entity: 'order',
      entityId: orderId,
      data: { from, reason },
    }),
  ]);
  if (held.length === 0)
    throw new ApiError(409, 'order_changed', 'The order changed meanwhile; reload and retry');
  return orderView(db, (await findOrder(db, orderId))!);
}

/** Lets a held order go back to work, unless it still waits for a person for another reason (an unmatched SKU). */
export async function releaseOrder(db: Database, orderId: string, actor: string) {
  const order = await findOrder(db, orderId);
  if (!order) throw new ApiError(404, 'order_not_found', 'No such order');
  if (order.status !== 'on_hold') {
    throw new ApiError(409, 'not_on_hold', `The order is ${order.status.replace('_', ' ')}, not on hold`);
  }
  const open = await db
    .select({ kind: exceptions.kind })
    .from(exceptions)
    .where(and(eq(exceptions.orderId, orderId), eq(exceptions.status, 'open')));
  const blocking = open.filter((e) => e.kind === 'unmatched_sku');
  if (blocking.length) {
    throw new ApiError(409, 'unmatched_lines', 'Link its unmatched SKUs first; the order is released then', {
      exceptions: blocking.length,
    });
  }
  const next: OrderStatus = (await backorderedUnits(db, orderId)) > 0 ? 'backordered' : 'allocated';
  const now = new Date().toISOString();
  const [released] = await db.batch([
    db
      .update(orders)
      .set({ status: next, updatedAt: now })
      .where(and(eq(orders.id, orderId), eq(orders.status, 'on_hold')))
      .returning({ id: orders.id }),
    db
      .insert(orderEvents)
      .values({ id: newId('evt'), orderId, at: now, type: next, message: 'Released from hold', actor }),
    db
      .update(exceptions)
      .set({ status: 'resolved', resolvedAt: now })
      .where(
        and(
          eq(exceptions.orderId, orderId),
          eq(exceptions.kind, 'manual_hold'),
          eq(exceptions.status, 'open'),
        ),
      ),
    auditInsert(db, {
      actor,
      action: 'order.release',
      entity: 'order',
      entityId: orderId,
      data: { to: next },
    }),
  ]);
  if (released.length === 0)
    throw new ApiError(409, 'order_changed', 'The order changed meanwhile; reload and retry');
  return orderView(db, (await findOrder(db, orderId))!);
}
