import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { runBatch } from '../../../db/batch';
import type { Database } from '../../../db/client';
import { locations, orderLines, orders, purchaseOrderLines, purchaseOrders, skus } from '../../../db/schema';
import { newId } from '../../domain/ids';
import type { MessageAddress } from '../../domain/purchase-orders/po-message';
import { checkPoTransition } from '../../domain/purchase-orders/po-status';
import { ApiError } from '../../http/errors';
import type { LocationRow } from '../../repo/catalog';
import type { CreatePoInput, FromBackordersInput } from '../../schemas/purchase-orders';
import { findPo, poDetail, poLines } from './po-view';
import { findSupplier, supplierEmail } from './suppliers';
import { poInserts, sentStatements } from './write-po';

// Orders whose backordered units still wait for stock (as allocate-backorders.ts fills them).
const WAITING = ['backordered', 'on_hold', 'allocated', 'picking', 'packed', 'partially_shipped'];
const OPEN = ['draft', 'sent', 'confirmed', 'partially_received'] as const;

/** One of our locations that can receive goods, or 422 `unknown_location`. */
async function receivingLocation(db: Database, code: string): Promise<LocationRow> {
  const row = await db.query.locations.findFirst({ where: eq(locations.code, code) });
  if (!row || row.kind === 'dropship' || !row.active)
    throw new ApiError(
      422,
      'unknown_location',
      `${code} is not an active location of ours that receives goods`,
      {
        location: code,
      },
    );
  return row;
}

/** Drafts a replenishment PO (owner or manager); it is sent with `sendPo`. */
export async function createReplenishment(db: Database, input: CreatePoInput, actor: string) {
  await Promise.all([findSupplier(db, input.supplier), receivingLocation(db, input.location)]);
  const wanted = [...new Set(input.lines.map((l) => l.sku))];
  const known = new Set(
    (await db.select({ sku: skus.sku }).from(skus).where(inArray(skus.sku, wanted))).map((r) => r.sku),
  );
  const unknown = wanted.filter((s) => !known.has(s));
  if (unknown.length) throw new ApiError(422, 'unknown_sku', 'Some SKUs do not exist', { skus: unknown });
  const id = newId('po');
  await runBatch(
    db,
    poInserts(db, {
      id,
      kind: 'replenishment',
      supplier: input.supplier,
      location: input.location,
      orderId: null,
      currency: input.currency,
      lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitCost: l.unit_cost })),
      actor,
      at: new Date().toISOString(),
    }),
  );
  return poDetail(db, id);
}

/**
 * Drafts a replenishment PO for what backordered orders wait for at a location: each SKU's backordered units
 * (of orders shipping from anywhere, and of pickups at that store) less what open POs to it already bring.
 */
export async function draftFromBackorders(db: Database, input: FromBackordersInput, actor: string) {
  await Promise.all([findSupplier(db, input.supplier), receivingLocation(db, input.location)]);
  const [waiting, coming] = await db.batch([
    db
      .select({ sku: orderLines.sku, units: sql<number>`sum(${orderLines.backordered})` })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(
        and(
          gt(orderLines.backordered, 0),
          inArray(orders.status, WAITING),
          or(isNull(orders.pickupLocation), eq(orders.pickupLocation, input.location)),
        ),
      )
      .groupBy(orderLines.sku)
      .orderBy(orderLines.sku),
    db
      .select({
        sku: purchaseOrderLines.sku,
        units: sql<number>`sum(${purchaseOrderLines.quantity} - ${purchaseOrderLines.received})`,
      })
      .from(purchaseOrderLines)
      .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.poId))
      .where(
        and(
          eq(purchaseOrders.kind, 'replenishment'),
          eq(purchaseOrders.location, input.location),
          inArray(purchaseOrders.status, OPEN),
        ),
      )
      .groupBy(purchaseOrderLines.sku),
  ]);
  const onOrder = new Map(coming.map((c) => [c.sku, c.units]));
  const lines = waiting
    .map((w) => ({ sku: w.sku!, quantity: w.units - (onOrder.get(w.sku!) ?? 0) }))
    .filter((l) => l.sku !== null && l.quantity > 0);
  if (lines.length === 0)
    throw new ApiError(
      422,
      'nothing_backordered',
      'No backordered units wait that open POs do not already bring',
    );
  const id = newId('po');
  await runBatch(
    db,
    poInserts(db, {
      id,
      kind: 'replenishment',
      supplier: input.supplier,
      location: input.location,
      orderId: null,
      currency: input.currency,
      lines,
      actor,
      at: new Date().toISOString(),
    }),
  );
  return poDetail(db, id);
}

/** Sends a draft replenishment PO: its email goes to the outbox and it becomes `sent`; 409 from any other state. */
export async function sendPo(db: Database, id: string, actor: string) {
  const po = await findPo(db, id);
  const check = checkPoTransition(po.kind, po.status, 'sent');
  if (!check.ok) throw new ApiError(409, 'illegal_transition', `A ${po.status} PO cannot be sent`, check);
  const supplier = await findSupplier(db, po.supplier);
  const recipient = supplierEmail(supplier);
  if (!recipient)
    throw new ApiError(422, 'supplier_email_missing', `${supplier.name} has no email for purchase orders`);
  const [lines, shipTo] = await Promise.all([
    poLines(db, id),
    po.location ? db.query.locations.findFirst({ where: eq(locations.code, po.location) }) : undefined,
  ]);
  const at = new Date().toISOString();
  const [updated] = await db.batch([
    db
      .update(purchaseOrders)
      .set({ status: 'sent', sentAt: at, updatedAt: at })
      .where(and(eq(purchaseOrders.id, id), eq(purchaseOrders.status, po.status)))
      .returning({ id: purchaseOrders.id }),
    ...sentStatements(db, id, at, actor, {
      recipient,
      message: {
        kind: po.kind,
        supplierName: supplier.name,
        shipTo: { name: shipTo?.name, ...((shipTo?.address as MessageAddress) ?? {}) },
        currency: po.currency,
        lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitCost: l.unitCost })),
      },
    }),
  ]);
  if (updated.length === 0)
    throw new ApiError(409, 'illegal_transition', 'The PO changed meanwhile; reload it', { from: po.status });
  return poDetail(db, id);
}
