import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orderEvents, shipments, webhookInbox } from '../../db/schema';
import { shipmentStatusFor } from '../domain/carriers/tracking';
import type { TrackingUpdate } from '../domain/carriers/types';
import { newId } from '../domain/ids';
import { canShipmentTransition, type ShipmentStatus } from '../domain/shipment-status';
import { applyReturnTracking, SCANNED } from './apply-return-tracking';
import { syncOrderStatus } from './sync-order-status';

/**
 * A carrier's tracking update, once per event id: the shipment's timeline gets the scan, and a delivery
 * (or a return to sender) moves the shipment and then the order. Unknown tracking numbers are ignored.
 */
export async function applyTracking(db: Database, source: string, raw: string, update: TrackingUpdate) {
  const inbox = await db
    .insert(webhookInbox)
    .values({
      id: newId('whk'),
      channel: source,
      topic: 'tracker.updated',
      deliveryId: update.event_id,
      body: raw,
      status: 'processed',
      receivedAt: new Date().toISOString(),
      processedAt: new Date().toISOString(),
    })
    .onConflictDoNothing()
    .returning({ id: webhookInbox.id });
  if (inbox.length === 0) return { applied: false, reason: 'duplicate' as const };
  const shipment = await db.query.shipments.findFirst({
    where: eq(shipments.trackingCode, update.tracking_code),
  });
  if (!shipment) {
    return (
      (await applyReturnTracking(db, source, update)) ?? {
        applied: false,
        reason: 'unknown_tracking' as const,
      }
    );
  }
  const firstScan = SCANNED.includes(update.status) && !shipment.firstScanAt;
  const target = shipmentStatusFor(update.status);
  const from = shipment.status as ShipmentStatus;
  const moves = target !== null && target !== from && canShipmentTransition(from, target);
  const now = new Date().toISOString();
  await db.batch([
    db.insert(orderEvents).values({
      id: newId('evt'),
      orderId: shipment.orderId,
      at: now,
      type: `tracking_${update.status}`,
      message: `${update.carrier} ${update.tracking_code}: ${update.status.replaceAll('_', ' ')}${update.location ? ` in ${update.location}` : ''}`,
      actor: source,
    }),
    ...(moves
      ? [
          db
            .update(shipments)
            .set({
              status: target!,
              deliveredAt: target === 'delivered' ? update.at : null,
              ...(firstScan ? { firstScanAt: update.at } : {}),
              updatedAt: now,
            })
            .where(and(eq(shipments.id, shipment.id), eq(shipments.status, from))),
        ]
      : firstScan
        ? [db.update(shipments).set({ firstScanAt: update.at }).where(eq(shipments.id, shipment.id))]
        : []),
  ]);
  if (moves) await syncOrderStatus(db, shipment.orderId, source);
  return { applied: true, reason: null };
}
