import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { auditEntries, outboundMessages, purchaseOrderLines, purchaseOrders } from '../../../db/schema';
import type { PoKind, PoStatus } from '../../domain/purchase-orders/po-status';
import { ApiError } from '../../http/errors';
import type { PoQueryInput } from '../../schemas/purchase-orders';

export type PoRow = typeof purchaseOrders.$inferSelect;
export type PoLineRow = typeof purchaseOrderLines.$inferSelect;

/** What outbound messages and audit entries name a PO by. */
export const poReference = (id: string) => `purchase_order:${id}`;
export const PO_ENTITY = 'purchase_order';

/** The PO, or 404 `purchase_order_not_found`. */
export async function findPo(db: Database, id: string): Promise<PoRow> {
  const row = await db.query.purchaseOrders.findFirst({ where: eq(purchaseOrders.id, id) });
  if (!row) throw new ApiError(404, 'purchase_order_not_found', 'No such purchase order');
  return row;
}

export const poLines = (db: Database, id: string) =>
  db
    .select()
    .from(purchaseOrderLines)
    .where(eq(purchaseOrderLines.poId, id))
    .orderBy(asc(purchaseOrderLines.lineNo));

const summary = (r: PoRow) => ({
  id: r.id,
  number: r.number,
  kind: r.kind as PoKind,
  status: r.status as PoStatus,
  supplier: r.supplier,
  location: r.location,
  order_id: r.orderId,
  created_at: r.createdAt,
});

/** The PO with its lines, the messages sent about it and its timeline (from the audit log). */
export async function poDetail(db: Database, id: string) {
  const po = await findPo(db, id);
  const [lines, messages, audit] = await db.batch([
    poLines(db, id),
    db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.reference, poReference(id)))
      .orderBy(asc(outboundMessages.id)),
    db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.entity, PO_ENTITY), eq(auditEntries.entityId, id)))
      .orderBy(asc(auditEntries.id)),
  ]);
  return {
    ...summary(po),
    currency: po.currency,
    send_by: po.sendBy,
    supplier_reference: po.supplierReference,
    carrier: po.carrier,
    tracking_code: po.trackingCode,
    expected_at: po.expectedAt,
    sent_at: po.sentAt,
    confirmed_at: po.confirmedAt,
    created_by: po.createdBy,
    updated_at: po.updatedAt,
    lines: lines.map((l) => ({
      id: l.id,
      line_no: l.lineNo,
      sku: l.sku,
      quantity: l.quantity,
      received: l.received,
      unit_cost: l.unitCost,
      order_line_id: l.orderLineId,
    })),
    messages: messages.map((m) => ({
      id: m.id,
      kind: m.kind,
      recipient: m.recipient,
      subject: m.subject,
      body: m.body,
      status: m.status,
      created_at: m.createdAt,
    })),
    timeline: audit.map((a) => ({ at: a.at, action: a.action, actor: a.actor, data: a.data ?? null })),
  };
}

/** POs newest first, by status, kind or customer order, with a cursor (the last id of the page before). */
export async function listPos(db: Database, q: PoQueryInput) {
  const rows = await db
    .select()
    .from(purchaseOrders)
    .where(
      and(
        q.status ? eq(purchaseOrders.status, q.status) : undefined,
        q.kind ? eq(purchaseOrders.kind, q.kind) : undefined,
        q.order_id ? eq(purchaseOrders.orderId, q.order_id) : undefined,
        q.cursor ? lt(purchaseOrders.id, q.cursor) : undefined,
      ),
    )
    .orderBy(desc(purchaseOrders.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    data: page.map(summary),
    next_cursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
  };
}
