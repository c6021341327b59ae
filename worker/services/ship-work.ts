import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { allocations, orderEvents, shipmentLines, shipments } from '../../db/schema';
import { newId } from '../domain/ids';
import { comparePack, packMatches } from '../domain/pack-check';
import { canShipmentTransition, type ShipmentStatus } from '../domain/shipment-status';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import { resolveCode } from '../repo/catalog';
import { findShipment, shipmentLinesOf, shipmentView } from '../repo/shipments';
import { domainEvent, publishEvents } from './domain-events';
import { inventoryOf } from './stock';
import { announceStockChange } from './stock-events';
import { syncOrderStatus } from './sync-order-status';

async function load(db: Database, id: string) {
  const s = await findShipment(db, id);
  if (!s) throw new ApiError(404, 'shipment_not_found', 'No such shipment');
  return { shipment: s, lines: await shipmentLinesOf(db, [id]) };
}

function guard(from: string, to: ShipmentStatus) {
  if (!canShipmentTransition(from as ShipmentStatus, to)) {
    throw new ApiError(409, 'invalid_transition', `A shipment that is ${from} cannot become ${to}`, {
      status: from,
    });
  }
}

export async function shipmentDetail(db: Database, id: string) {
  const { shipment, lines } = await load(db, id);
  return shipmentView(shipment, lines);
}

export interface PackInput {
  scans: { code: string; quantity: number }[];
  packages: { weight_grams: number; length_mm?: number; width_mm?: number; height_mm?: number }[];
}

/** Scan-to-verify: every unit scanned into the package, or the shipment stays unpacked and says what differs. */
export async function packShipment(db: Database, id: string, input: PackInput, actor: string) {
  const { shipment, lines } = await load(db, id);
  if (shipment.status === 'packed') return shipmentView(shipment, lines);
  guard(shipment.status, 'packed');
  const unpicked = lines.filter((l) => l.picked < l.quantity);
  if (unpicked.length) {
    throw new ApiError(409, 'not_picked', 'Pick every unit before packing', {
      lines: unpicked.map((l) => ({ sku: l.sku, remaining: l.quantity - l.picked })),
    });
  }
  const expected = new Map<string, number>();
  for (const l of lines) expected.set(l.sku, (expected.get(l.sku) ?? 0) + l.quantity);
  const scanned = new Map<string, number>();
  for (const s of input.scans) {
    const key = (await resolveCode(db, s.code)) ?? s.code;
    scanned.set(key, (scanned.get(key) ?? 0) + s.quantity);
  }
  const diff = comparePack(expected, scanned);
  if (!packMatches(diff))
    throw new ApiError(409, 'pack_mismatch', 'What was scanned does not match the shipment', diff);
  const now = new Date().toISOString();
  await db.batch([
    db
      .update(shipments)
      .set({ status: 'packed', packages: input.packages, updatedAt: now })
      .where(and(eq(shipments.id, id), eq(shipments.status, shipment.status))),
    db.update(shipmentLines).set({ packed: shipmentLines.quantity }).where(eq(shipmentLines.shipmentId, id)),
    auditInsert(db, {
      actor,
      action: 'shipment.pack',
      entity: 'shipment',
      entityId: id,
      data: input.packages,
    }),
  ]);
  await syncOrderStatus(db, shipment.orderId, actor);
  return shipmentDetail(db, id);
}

/** Tracking typed in by hand (a label bought outside Switchyard): the shipment can then ship. */
export async function enterTracking(
  db: Database,
  id: string,
  t: { carrier: string; service?: string; tracking_code: string },
  actor: string,
) {
  const { shipment } = await load(db, id);
  guard(shipment.status, 'label_purchased');
  const now = new Date().toISOString();
  await db.batch([
    db
      .update(shipments)
      .set({
        status: 'label_purchased',
        carrier: t.carrier,
        service: t.service ?? null,
        trackingCode: t.tracking_code,
        labelPurchasedAt: now,
        updatedAt: now,
      })
      .where(and(eq(shipments.id, id), eq(shipments.status, shipment.status))),
    auditInsert(db, { actor, action: 'shipment.tracking', entity: 'shipment', entityId: id, data: t }),
  ]);
  return shipmentDetail(db, id);
}

/**
 * Ships (or hands over a BOPIS order): each hold is committed in its SKU's DO (on hand and reserved go down
 * together), then the allocations, the shipment and the order move on. Doing it twice changes nothing.
 */
export async function shipShipment(
  env: Env,
  db: Database,
  id: string,
  actor: string,
  final: 'shipped' | 'picked_up' = 'shipped',
) {
  const { shipment, lines } = await load(db, id);
  if (['shipped', 'delivered', 'picked_up'].includes(shipment.status)) return shipmentView(shipment, lines);
  guard(shipment.status, final);
  // a line a short pick emptied has no hold left to ship
  for (const l of lines.filter((l) => l.quantity > 0)) {
    const r = await inventoryOf(env, l.sku).ship(l.allocationId, {
      actor,
      reason: final.replace('_', ' '),
      reference: id,
    });
    if (!r.ok)
      throw new ApiError(
        409,
        'hold_missing',
        `The reservation for ${l.sku} is gone; re-allocate the order`,
        r,
      );
  }
  const now = new Date().toISOString();
  await db.batch([
    db
      .update(allocations)
      .set({ status: 'shipped' })
      .where(
        inArray(
          allocations.id,
          lines.map((l) => l.allocationId),
        ),
      ),
    db.update(shipments).set({ status: final, shippedAt: now, updatedAt: now }).where(eq(shipments.id, id)),
    db.insert(orderEvents).values({
      id: newId('evt'),
      orderId: shipment.orderId,
      at: now,
      type: final === 'shipped' ? 'shipment_shipped' : 'picked_up',
      message:
        final === 'shipped'
          ? `Shipped from ${shipment.location}${shipment.trackingCode ? ` with ${shipment.carrier} ${shipment.trackingCode}` : ''}`
          : `Collected by the customer at ${shipment.location}`,
      actor,
    }),
    auditInsert(db, { actor, action: `shipment.${final}`, entity: 'shipment', entityId: id }),
  ]);
  await syncOrderStatus(db, shipment.orderId, actor);
  await announceStockChange(
    env,
    lines.map((l) => l.sku),
  );
  if (final === 'shipped') {
    await publishEvents(env, [
      domainEvent('shipment.shipped', id, {
        order_id: shipment.orderId,
        carrier: shipment.carrier,
        tracking_code: shipment.trackingCode,
      }),
    ]);
  }
  return shipmentDetail(db, id);
}
