import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { allocations, shipmentLines, shipments } from '../../../db/schema';
import { ApiError } from '../../http/errors';
import type { ShipPoInput } from '../../schemas/purchase-orders';
import { domainEvent, publishEvents } from '../domain-events';
import { syncOrderStatus } from '../sync-order-status';
import { auditIf, guardPo, moveLanded, movePo, orderEventIf, raced } from './po-transitions';
import { findPo, PO_ENTITY, type PoRow, poDetail } from './po-view';

export interface ShipOutcome {
  /** True when the PO had shipped with this tracking already: nothing changed. */
  already: boolean;
  purchaseOrder: Awaited<ReturnType<typeof poDetail>>;
}

/**
 * The supplier shipped a dropship PO to the customer: the PO, the order's shipment at the supplier and its
 * allocations become shipped with the tracking, in one batch; our stock is not touched (the units were never
 * ours). Then the order's status follows its shipments and `shipment.shipped` tells the channel. Shipping
 * again with the same tracking changes nothing; with other tracking it is 409 `already_shipped`.
 */
export async function shipDropship(
  env: Env,
  db: Database,
  id: string,
  input: ShipPoInput,
  actor: string,
): Promise<ShipOutcome> {
  return shipPoRow(env, db, await findPo(db, id), input, actor);
}

export async function shipPoRow(
  env: Env,
  db: Database,
  po: PoRow,
  input: ShipPoInput,
  actor: string,
): Promise<ShipOutcome> {
  if (po.status === 'shipped') {
    if (po.carrier === input.carrier && po.trackingCode === input.tracking_code)
      return { already: true, purchaseOrder: await poDetail(db, po.id) };
    throw new ApiError(409, 'already_shipped', `${po.number} shipped already with other tracking`, {
      carrier: po.carrier,
      tracking_code: po.trackingCode,
    });
  }
  guardPo(po, 'shipped');
  if (!po.orderId) throw new Error(`dropship PO ${po.id} has no order`);
  const shipment = await db.query.shipments.findFirst({
    where: and(
      eq(shipments.orderId, po.orderId),
      eq(shipments.location, po.supplier),
      notInArray(shipments.status, ['cancelled', 'shipped', 'delivered']),
    ),
  });
  if (!shipment)
    throw new ApiError(409, 'shipment_missing', `The order has no open shipment from ${po.supplier}`);
  const lines = await db.select().from(shipmentLines).where(eq(shipmentLines.shipmentId, shipment.id));
  const now = new Date().toISOString();
  const landed = moveLanded(po.id, 'shipped', now);
  const [moved] = await db.batch([
    movePo(db, po, { status: 'shipped', carrier: input.carrier, trackingCode: input.tracking_code }, now),
    db
      .update(shipments)
      .set({
        status: 'shipped',
        carrier: input.carrier,
        trackingCode: input.tracking_code,
        shippedAt: now,
        updatedAt: now,
      })
      .where(and(eq(shipments.id, shipment.id), eq(shipments.status, shipment.status), landed)),
    db
      .update(allocations)
      .set({ status: 'shipped' })
      .where(
        and(
          inArray(
            allocations.id,
            lines.map((l) => l.allocationId),
          ),
          eq(allocations.status, 'reserved'),
          landed,
        ),
      ),
    orderEventIf(
      db,
      {
        orderId: po.orderId,
        at: now,
        type: 'shipment_shipped',
        message: `Shipped by supplier ${po.supplier} (${po.number}) with ${input.carrier} ${input.tracking_code}`,
        actor,
      },
      landed,
    ),
    auditIf(
      db,
      { actor, action: 'purchase_order.ship', entity: PO_ENTITY, entityId: po.id, data: input },
      now,
      landed,
    ),
    auditIf(
      db,
      {
        actor,
        action: 'shipment.shipped',
        entity: 'shipment',
        entityId: shipment.id,
        data: { purchase_order: po.id, ...input },
      },
      now,
      landed,
    ),
  ]);
  if (moved.length === 0) throw raced();
  await syncOrderStatus(db, po.orderId, actor);
  await publishEvents(env, [
    domainEvent('shipment.shipped', shipment.id, {
      order_id: po.orderId,
      carrier: input.carrier,
      tracking_code: input.tracking_code,
      purchase_order: po.id,
    }),
  ]);
  return { already: false, purchaseOrder: await poDetail(db, po.id) };
}
