import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orders, pickLists, shipments } from '../../db/schema';
import { newId } from '../domain/ids';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import { pickDetails, shipmentLinesOf } from '../repo/shipments';
import { syncOrderStatus } from './sync-order-status';

const MAX_SHIPMENTS = 50;
// Orders whose waiting shipments may be picked: fully allocated, or already partly on their way.
const FULFILLABLE = ['allocated', 'picking', 'packed', 'partially_shipped'];

/**
 * Batches a location's shipments waiting to be picked (oldest order first) into one pick list (a wave),
 * moving them to picking. Only orders that are fully allocated are picked.
 */
export async function createPickList(db: Database, location: string, max: number, actor: string) {
  const waiting = await db
    .select({ id: shipments.id, orderId: shipments.orderId })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .where(
      and(
        eq(shipments.location, location),
        eq(shipments.status, 'allocated'),
        inArray(orders.status, FULFILLABLE),
      ),
    )
    .orderBy(asc(shipments.orderPlacedAt), asc(shipments.id))
    .limit(Math.min(max, MAX_SHIPMENTS));
  if (waiting.length === 0)
    throw new ApiError(409, 'nothing_to_pick', `No shipment at ${location} is waiting to be picked`);
  const id = newId('pck');
  const ids = waiting.map((w) => w.id);
  await db.batch([
    db.insert(pickLists).values({ id, location, status: 'open', createdBy: actor }),
    db
      .update(shipments)
      .set({ status: 'picking', pickListId: id, updatedAt: new Date().toISOString() })
      .where(and(inArray(shipments.id, ids), eq(shipments.status, 'allocated'))),
    auditInsert(db, {
      actor,
      action: 'pick_list.create',
      entity: 'pick_list',
      entityId: id,
      data: { shipments: ids },
    }),
  ]);
  for (const orderId of new Set(waiting.map((w) => w.orderId))) await syncOrderStatus(db, orderId, actor);
  return pickListView(db, id);
}

/** A pick list as the picker walks it: one row per SKU in bin order, with what is left to pick. */
export async function pickListView(db: Database, id: string) {
  const list = await db.query.pickLists.findFirst({ where: eq(pickLists.id, id) });
  if (!list) throw new ApiError(404, 'pick_list_not_found', 'No such pick list');
  const ships = await db.select().from(shipments).where(eq(shipments.pickListId, id));
  const lines = await shipmentLinesOf(
    db,
    ships.map((s) => s.id),
  );
  const skus = [...new Set(lines.map((l) => l.sku))];
  const { names, bins, codes } = await pickDetails(db, list.location, skus);
  const rows = skus.map((sku) => {
    const mine = lines.filter((l) => l.sku === sku);
    return {
      sku,
      name: names.get(sku) ?? sku,
      bin: bins.get(sku) ?? null,
      barcodes: codes.get(sku) ?? [],
      quantity: mine.reduce((s, l) => s + l.quantity, 0),
      picked: mine.reduce((s, l) => s + l.picked, 0),
      shipments: mine.map((l) => ({ shipment_id: l.shipmentId, quantity: l.quantity, picked: l.picked })),
    };
  });
  rows.sort((a, b) => (a.bin ?? '\uffff').localeCompare(b.bin ?? '\uffff') || a.sku.localeCompare(b.sku));
  return {
    id: list.id,
    location: list.location,
    status: list.status,
    created_at: list.createdAt,
    shipments: ships.map((s) => ({ id: s.id, order_id: s.orderId, status: s.status })),
    lines: rows,
  };
}
