import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orderLines, shipmentLines, shipments, skuBarcodes, skuBins, skus } from '../../db/schema';
import type { ShipmentStatus } from '../domain/shipment-status';

export type ShipmentRow = typeof shipments.$inferSelect;

export async function findShipment(db: Database, id: string) {
  return db.query.shipments.findFirst({ where: eq(shipments.id, id) });
}

export async function shipmentLinesOf(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(shipmentLines)
    .where(inArray(shipmentLines.shipmentId, ids))
    .orderBy(asc(shipmentLines.id));
}

export function shipmentView(s: ShipmentRow, lines: (typeof shipmentLines.$inferSelect)[]) {
  return {
    id: s.id,
    order_id: s.orderId,
    location: s.location,
    method: s.method,
    status: s.status as ShipmentStatus,
    pick_list_id: s.pickListId,
    carrier: s.carrier,
    service: s.service,
    tracking_code: s.trackingCode,
    label_url: s.labelUrl,
    packages: s.packages ?? [],
    pickup_code: s.pickupCode,
    pickup_expires_at: s.pickupExpiresAt,
    lines: lines
      .filter((l) => l.shipmentId === s.id)
      .map((l) => ({
        id: l.id,
        order_line_id: l.orderLineId,
        sku: l.sku,
        quantity: l.quantity,
        picked: l.picked,
        packed: l.packed,
      })),
    order_placed_at: s.orderPlacedAt,
    label_purchased_at: s.labelPurchasedAt,
    shipped_at: s.shippedAt,
    first_scan_at: s.firstScanAt,
    delivered_at: s.deliveredAt,
    created_at: s.createdAt,
  };
}

export async function listShipments(
  db: Database,
  f: { location?: string; status?: ShipmentStatus; order_id?: string; cursor?: string; limit: number },
) {
  const rows = await db
    .select()
    .from(shipments)
    .where(
      and(
        f.location ? eq(shipments.location, f.location) : undefined,
        f.status ? eq(shipments.status, f.status) : undefined,
        f.order_id ? eq(shipments.orderId, f.order_id) : undefined,
        f.cursor ? lt(shipments.id, f.cursor) : undefined,
      ),
    )
    .orderBy(desc(shipments.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const lines = await shipmentLinesOf(
    db,
    page.map((s) => s.id),
  );
  return {
    data: page.map((s) => shipmentView(s, lines)),
    next_cursor: rows.length > f.limit ? page.at(-1)!.id : null,
  };
}

/** Names, barcodes and bins of the SKUs on a pick list, for the picker's screen. */
export async function pickDetails(db: Database, location: string, skuList: string[]) {
  if (skuList.length === 0)
    return {
      names: new Map<string, string>(),
      bins: new Map<string, string>(),
      codes: new Map<string, string[]>(),
    };
  const [names, bins, codes] = await db.batch([
    db.select({ sku: skus.sku, name: skus.name }).from(skus).where(inArray(skus.sku, skuList)),
    db
      .select()
      .from(skuBins)
      .where(and(eq(skuBins.location, location), inArray(skuBins.sku, skuList))),
    db.select().from(skuBarcodes).where(inArray(skuBarcodes.sku, skuList)),
  ]);
  const codeMap = new Map<string, string[]>();
  for (const c of codes) codeMap.set(c.sku, [...(codeMap.get(c.sku) ?? []), c.barcode]);
  return {
    names: new Map(names.map((n) => [n.sku, n.name])),
    bins: new Map(bins.map((b) => [b.sku, b.bin])),
    codes: codeMap,
  };
}

export async function backorderedUnits(db: Database, orderId: string) {
  const rows = await db
    .select({ b: orderLines.backordered })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId));
  return rows.reduce((s, r) => s + r.b, 0);
}
