import { and, eq, lt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orderEvents, shipmentLines, shipments } from '../../db/schema';
import { newId } from '../domain/ids';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import { findShipment } from '../repo/shipments';
import { cancelOrder } from './cancel-order';
import { shipmentDetail, shipShipment } from './ship-work';
import { syncOrderStatus } from './sync-order-status';

/** How long a store holds a BOPIS order before its stock goes back on sale. */
export const PICKUP_HOLD_DAYS = 7;

// No 0/O or 1/I: the code is read out at a counter as often as it is scanned.
const PICKUP_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A code the customer can read out or show as a QR: 10 characters of a 32-letter alphabet, 50 random bits. */
const pickupCode = () =>
  [...crypto.getRandomValues(new Uint8Array(10))].map((b) => PICKUP_ALPHABET[b % 32]).join('');

/**
 * A picked BOPIS shipment is set aside for the customer: it gets its pickup code and hold deadline, and the
 * order becomes ready for pickup (the event a notification is sent from).
 */
export async function markReadyForPickup(db: Database, id: string, actor: string) {
  const s = await findShipment(db, id);
  if (!s) throw new ApiError(404, 'shipment_not_found', 'No such shipment');
  if (s.method !== 'pickup')
    throw new ApiError(409, 'not_a_pickup', 'This shipment is shipped, not collected');
  if (s.status === 'ready_for_pickup') return shipmentDetail(db, id);
  if (s.status !== 'picking')
    throw new ApiError(409, 'invalid_transition', `A shipment that is ${s.status} cannot be set aside`);
  const lines = await db.select().from(shipmentLines).where(eq(shipmentLines.shipmentId, id));
  const left = lines.filter((l) => l.picked < l.quantity);
  if (left.length)
    throw new ApiError(409, 'not_picked', 'Pick every unit first', {
      lines: left.map((l) => ({ sku: l.sku, remaining: l.quantity - l.picked })),
    });
  const now = new Date();
  const expires = new Date(now.getTime() + PICKUP_HOLD_DAYS * 86_400_000).toISOString();
  await db.batch([
    db
      .update(shipments)
      .set({
        status: 'ready_for_pickup',
        pickupCode: pickupCode(),
        pickupExpiresAt: expires,
        updatedAt: now.toISOString(),
      })
      .where(and(eq(shipments.id, id), eq(shipments.status, 'picking'))),
    db.insert(orderEvents).values({
      id: newId('evt'),
      orderId: s.orderId,
      at: now.toISOString(),
      type: 'ready_for_pickup',
      message: `Ready for pickup at ${s.location} until ${expires.slice(0, 10)}`,
      actor,
    }),
    auditInsert(db, { actor, action: 'shipment.ready_for_pickup', entity: 'shipment', entityId: id }),
  ]);
  await syncOrderStatus(db, s.orderId, actor);
  return shipmentDetail(db, id);
}

/** The customer collects: the scanned code must match; the stock leaves the store as a sale. */
export async function collectPickup(env: Env, db: Database, code: string, actor: string) {
  const s = await db.query.shipments.findFirst({
    where: eq(shipments.pickupCode, code.trim().toUpperCase()),
  });
  if (!s) throw new ApiError(422, 'wrong_pickup_code', 'No order waits for this pickup code');
  if (s.status === 'picked_up') return shipmentDetail(db, s.id);
  if (s.status !== 'ready_for_pickup')
    throw new ApiError(409, 'invalid_transition', `This pickup is ${s.status}`);
  return shipShipment(env, db, s.id, actor, 'picked_up');
}

/** Cancels BOPIS orders nobody collected in time, which puts their units back on sale. Runs from the cron. */
export async function expireUncollectedPickups(env: Env, db: Database, now = new Date()) {
  const expired = await db
    .select({ orderId: shipments.orderId })
    .from(shipments)
    .where(and(eq(shipments.status, 'ready_for_pickup'), lt(shipments.pickupExpiresAt, now.toISOString())))
    .limit(50);
  for (const { orderId } of expired)
    await cancelOrder(env, db, orderId, 'system:pickup-expiry', 'not collected in time');
  return expired.length;
}
