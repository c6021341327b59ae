import { and, eq } from 'drizzle-orm';
import type { Statement } from '../../db/batch';
import type { Database } from '../../db/client';
import { shipmentLines, shipments } from '../../db/schema';
import { newId } from '../domain/ids';
import { type AllocationToShip, groupByLocation } from '../domain/shipment-status';

/**
 * Inserts that put new allocations on shipments: onto the order's shipment at that location that is still
 * waiting to be picked, else onto a new one. `open` maps location -> that shipment's id.
 */
export function shipmentInserts(
  db: Database,
  order: { id: string; placedAt: string; method?: 'ship' | 'pickup' },
  allocations: AllocationToShip[],
  open: Map<string, string> = new Map(),
): Statement[] {
  const statements: Statement[] = [];
  for (const [location, allocs] of groupByLocation(allocations)) {
    let shipmentId = open.get(location);
    if (!shipmentId) {
      shipmentId = newId('shp');
      statements.push(
        db.insert(shipments).values({
          id: shipmentId,
          orderId: order.id,
          location,
          method: order.method ?? 'ship',
          status: 'allocated',
          orderPlacedAt: order.placedAt,
        }),
      );
    }
    statements.push(
      db
        .insert(shipmentLines)
        .values(
          allocs.map((a) => ({
            id: `${shipmentId}.${a.id}`,
            shipmentId: shipmentId!,
            allocationId: a.id,
            orderLineId: a.lineId,
            sku: a.sku,
            quantity: a.quantity,
          })),
        )
        .onConflictDoNothing(),
    );
  }
  return statements;
}

/** The order's shipments still waiting to be picked, by location. */
export async function openShipments(db: Database, orderId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: shipments.id, location: shipments.location })
    .from(shipments)
    .where(and(eq(shipments.orderId, orderId), eq(shipments.status, 'allocated')));
  return new Map(rows.map((r) => [r.location, r.id]));
}
