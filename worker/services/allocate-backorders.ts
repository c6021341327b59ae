import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { runBatch } from '../../db/batch';
import type { Database } from '../../db/client';
import { allocations, orderEvents, orderLines, orders } from '../../db/schema';
import { newId } from '../domain/ids';
import { rankLocations } from '../domain/routing';
import { releaseOrderStock } from './cancel-order';
import { HOLD_TTL_MS } from './capture-order';
import { routingLocations } from './location-cache';
import { shipToPoint } from './plan-order';
import { openShipments, shipmentInserts } from './shipment-rows';
import { inventoryOf, toRoutingLocation } from './stock';

const BATCH = 50;
// Orders whose backordered lines may take new stock: also ones already being fulfilled (after a short pick).
const WAITING = ['backordered', 'on_hold', 'allocated', 'picking', 'packed', 'partially_shipped'];

/**
 * Gives newly received stock of a SKU to the backordered lines of the earliest placed orders first.
 * Each fill is keyed by the line and how many allocations it already has, so two concurrent fills
 * reserve the same holds and write the same rows once. Returns how many units were allocated.
 */
export async function allocateBackorders(
  env: Env,
  db: Database,
  sku: string,
  actor: string,
): Promise<number> {
  const waiting = await db
    .select({ line: orderLines, order: orders })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(eq(orderLines.sku, sku), gt(orderLines.backordered, 0), inArray(orders.status, WAITING)))
    // order date first: an order placed earlier but captured later (a late poll) is still served first
    .orderBy(sql`coalesce(${orders.placedAt}, ${orders.createdAt})`, asc(orders.id), asc(orderLines.lineNo))
    .limit(BATCH);
  if (waiting.length === 0) return 0;
  const locations = (await routingLocations(db)).map(toRoutingLocation);
  const stub = inventoryOf(env, sku);
  let total = 0;
  for (const { line, order } of waiting) {
    const [{ n }] = (await db
      .select({ n: sql<number>`count(*)` })
      .from(allocations)
      .where(eq(allocations.lineId, line.id))) as [{ n: number }];
    const ranked = order.pickupLocation
      ? [order.pickupLocation]
      : rankLocations(locations, shipToPoint(order.shipTo as { lat?: number; lng?: number })).map(
          (l) => l.code,
        );
    const { lines, atpBefore } = await stub.reserve({
      orderId: order.id,
      lines: [{ key: `${line.id}/${n}`, quantity: line.backordered, plan: [], fallback: ranked }],
      ttlMs: HOLD_TTL_MS,
      context: { actor, reason: 'backorder filled', reference: order.id },
    });
    const holds = lines[0]?.holds ?? [];
    if (Object.values(atpBefore).every((q) => q === 0)) break; // nothing left anywhere
    if (holds.length === 0) continue; // none where this order may take it from (a pickup store)
    const units = holds.reduce((s, h) => s + h.quantity, 0);
    const now = new Date().toISOString();
    const rows = holds.map((h) => ({
      id: h.id,
      orderId: order.id,
      lineId: line.id,
      sku,
      location: h.location,
      quantity: h.quantity,
      status: 'reserved' as const,
    }));
    const placed = { id: order.id, placedAt: order.placedAt ?? order.createdAt, method: order.fulfillment };
    await runBatch(db, [
      db.insert(allocations).values(rows).onConflictDoNothing(),
      ...shipmentInserts(db, placed, rows, await openShipments(db, order.id)),
      db
        .update(orderLines)
        .set({
          backordered: sql`max(0, ${orderLines.quantity} - (SELECT coalesce(sum(quantity), 0) FROM allocations WHERE line_id = ${line.id} AND status != 'released'))`,
        })
        .where(eq(orderLines.id, line.id)),
      db
        .update(orders)
        .set({ status: 'allocated', updatedAt: now })
        .where(
          and(
            eq(orders.id, order.id),
            eq(orders.status, 'backordered'),
            sql`NOT EXISTS (SELECT 1 FROM order_lines WHERE order_id = ${order.id} AND backordered > 0)`,
          ),
        ),
      db.insert(orderEvents).values({
        id: newId('evt'),
        orderId: order.id,
        at: now,
        type: 'backorder_filled',
        message: `${units} of ${sku} allocated from ${[...new Set(holds.map((h) => h.location))].join(', ')}`,
        actor,
      }),
    ]);
    await stub.confirm(holds.map((h) => h.id));
    // a cancel that ran meanwhile may not have seen these allocations: give them back
    const after = await db.query.orders.findFirst({
      where: and(eq(orders.id, order.id), ne(orders.status, 'cancelled')),
    });
    if (!after) await releaseOrderStock(env, db, order.id, actor);
    total += units;
  }
  return total;
}
