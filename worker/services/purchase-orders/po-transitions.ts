import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Statement } from '../../../db/batch';
import type { Database } from '../../../db/client';
import {
  allocations,
  auditEntries,
  orderEvents,
  orderLines,
  orders,
  purchaseOrders,
  shipments,
} from '../../../db/schema';
import { newId } from '../../domain/ids';
import { checkPoTransition, type PoStatus } from '../../domain/purchase-orders/po-status';
import { ApiError } from '../../http/errors';
import type { ConfirmPoInput } from '../../schemas/purchase-orders';
import { findPo, PO_ENTITY, type PoRow, poDetail } from './po-view';

/** Refuses a move the PO's kind and state do not allow: 409 `illegal_transition` with kind, from and to. */
export function guardPo(po: PoRow, to: PoStatus) {
  const check = checkPoTransition(po.kind, po.status, to);
  if (!check.ok)
    throw new ApiError(409, 'illegal_transition', `A ${po.status} ${po.kind} PO cannot become ${to}`, check);
}

/** The guarded status update: only lands if nobody moved the PO since it was read. */
export const movePo = (
  db: Database,
  po: PoRow,
  set: Partial<PoRow> & { status: PoStatus },
  at = new Date().toISOString(),
) =>
  db
    .update(purchaseOrders)
    .set({ ...set, updatedAt: at })
    .where(and(eq(purchaseOrders.id, po.id), eq(purchaseOrders.status, po.status)))
    .returning({ id: purchaseOrders.id });

/** True inside the batch only if this batch's `movePo(..., at)` landed: guards the writes that follow it. */
export const moveLanded = (id: string, status: PoStatus, at: string) =>
  sql`EXISTS (SELECT 1 FROM purchase_orders WHERE id = ${id} AND status = ${status} AND updated_at = ${at})`;

/** An audit entry written only when `condition` holds inside the batch. */
export const auditIf = (
  db: Database,
  fact: { actor: string; action: string; entity: string; entityId: string; data?: unknown },
  at: string,
  condition: SQL,
) =>
  db.insert(auditEntries).select(
    sql`SELECT ${newId('aud')}, ${at}, ${fact.actor}, ${fact.action}, ${fact.entity}, ${fact.entityId},
      ${fact.data === undefined ? null : JSON.stringify(fact.data)} WHERE ${condition}`,
  );

/** A timeline entry on the customer order, written only when `condition` holds inside the batch. */
export const orderEventIf = (
  db: Database,
  e: { orderId: string; at: string; type: string; message: string; actor: string },
  condition: SQL,
) =>
  db
    .insert(orderEvents)
    .select(
      sql`SELECT ${newId('evt')}, ${e.orderId}, ${e.at}, ${e.type}, ${e.message}, ${e.actor} WHERE ${condition}`,
    );

export const raced = () =>
  new ApiError(409, 'illegal_transition', 'The purchase order changed meanwhile; reload it');

/** The supplier accepted the PO, maybe with its own reference and a date. */
export async function confirmPo(db: Database, id: string, input: ConfirmPoInput, actor: string) {
  const po = await findPo(db, id);
  guardPo(po, 'confirmed');
  const now = new Date().toISOString();
  const [moved] = await db.batch([
    movePo(
      db,
      po,
      {
        status: 'confirmed',
        confirmedAt: now,
        supplierReference: input.supplier_reference ?? po.supplierReference,
        expectedAt: input.expected_at ? new Date(input.expected_at).toISOString() : po.expectedAt,
      },
      now,
    ),
    auditIf(
      db,
      { actor, action: 'purchase_order.confirm', entity: PO_ENTITY, entityId: id, data: input },
      now,
      moveLanded(id, 'confirmed', now),
    ),
  ]);
  if (moved.length === 0) throw raced();
  return poDetail(db, id);
}

/**
 * Cancels a PO the supplier has not shipped or delivered against. A dropship PO's units go back to waiting
 * on the customer order in the same batch: its allocations at the supplier are released, its shipment is
 * cancelled and the lines are backordered again.
 */
export async function cancelPo(db: Database, id: string, actor: string, reason = 'cancelled') {
  const po = await findPo(db, id);
  guardPo(po, 'cancelled');
  const now = new Date().toISOString();
  const landed = moveLanded(id, 'cancelled', now);
  const [moved] = await db.batch([
    movePo(db, po, { status: 'cancelled' }, now),
    auditIf(
      db,
      { actor, action: 'purchase_order.cancel', entity: PO_ENTITY, entityId: id, data: { reason } },
      now,
      landed,
    ),
    ...(po.kind === 'dropship' && po.orderId
      ? await returnDropshipUnits(db, { ...po, orderId: po.orderId }, actor, now, landed)
      : []),
  ]);
  if (moved.length === 0) throw raced();
  return poDetail(db, id);
}

async function returnDropshipUnits(
  db: Database,
  po: PoRow & { orderId: string },
  actor: string,
  now: string,
  landed: SQL,
): Promise<Statement[]> {
  const held = await db
    .select()
    .from(allocations)
    .where(
      and(
        eq(allocations.orderId, po.orderId),
        eq(allocations.location, po.supplier),
        eq(allocations.status, 'reserved'),
      ),
    );
  if (held.length === 0) return [];
  const lineIds = [...new Set(held.map((a) => a.lineId))];
  return [
    db
      .update(allocations)
      .set({ status: 'released' })
      .where(
        and(
          inArray(
            allocations.id,
            held.map((a) => a.id),
          ),
          landed,
        ),
      ),
    db
      .update(shipments)
      .set({ status: 'cancelled', updatedAt: now })
      .where(
        and(
          eq(shipments.orderId, po.orderId),
          eq(shipments.location, po.supplier),
          inArray(shipments.status, ['allocated', 'picking']),
          landed,
        ),
      ),
    ...lineIds.map((lineId) =>
      db
        .update(orderLines)
        .set({
          backordered: sql`max(0, ${orderLines.quantity} - (SELECT coalesce(sum(quantity), 0) FROM allocations WHERE line_id = ${lineId} AND status != 'released'))`,
        })
        .where(and(eq(orderLines.id, lineId), landed)),
    ),
    db
      .update(orders)
      .set({ status: 'backordered', updatedAt: now })
      .where(and(eq(orders.id, po.orderId), eq(orders.status, 'allocated'), landed)),
    orderEventIf(
      db,
      {
        orderId: po.orderId,
        at: now,
        type: 'dropship_cancelled',
        message: `${po.number} to ${po.supplier} cancelled: its units wait for stock again`,
        actor,
      },
      landed,
    ),
  ];
}
