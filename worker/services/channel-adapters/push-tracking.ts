import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { operations, orderLines, orders, shipmentLines, shipments } from '../../../db/schema';
import { channelWithConfig } from '../channels';
import type { DomainEvent } from '../domain-events';
import { adapterOf } from './index';

/**
 * `shipment.shipped` -> the order's channel learns carrier and tracking. Once per shipment: the push is
 * claimed as an operation first, so a redelivered or concurrent event finds the claim and stops; a push
 * that fails gives the claim back for the queue's retry; one that succeeded is marked `done`.
 */
export async function pushTrackingToChannel(env: Env, db: Database, event: DomainEvent) {
  const shipment = await db.query.shipments.findFirst({ where: eq(shipments.id, event.subject) });
  if (!shipment?.trackingCode) return;
  const order = await db.query.orders.findFirst({ where: eq(orders.id, shipment.orderId) });
  if (!order) return;
  const channel = await channelWithConfig<Record<string, unknown>>(env, db, order.channel);
  const push = channel && adapterOf(channel.row.type)?.pushTracking;
  if (!channel || !push) return;
  const opId = `tracking:${shipment.id}`;
  const claimed = await db
    .insert(operations)
    .values({
      id: opId,
      kind: 'tracking_push',
      actor: 'system',
      target: shipment.id,
      result: { channel: channel.row.code },
    })
    .onConflictDoNothing()
    .returning({ id: operations.id });
  if (claimed.length === 0) return;
  // only this shipment's units: a split order tells the channel about each parcel separately
  const lines = await db
    .select({ channelSku: orderLines.channelSku, quantity: shipmentLines.quantity })
    .from(shipmentLines)
    .innerJoin(orderLines, eq(orderLines.id, shipmentLines.orderLineId))
    .where(eq(shipmentLines.shipmentId, shipment.id))
    .orderBy(asc(orderLines.lineNo));
  try {
    await push(
      env,
      db,
      { code: channel.row.code, config: channel.config },
      { externalId: order.externalId, lines },
      shipment,
    );
  } catch (err) {
    await db.delete(operations).where(eq(operations.id, opId));
    throw err;
  }
  await db
    .update(operations)
    .set({ result: { channel: channel.row.code, done: true } })
    .where(eq(operations.id, opId));
}
