import { sql } from 'drizzle-orm';
import type { Statement } from '../../../db/batch';
import type { Database } from '../../../db/client';
import {
  auditEntries,
  counters,
  outboundMessages,
  purchaseOrderLines,
  purchaseOrders,
} from '../../../db/schema';
import { newId } from '../../domain/ids';
import { NUMBER_SLOT, type PoMessageInput, poMessage } from '../../domain/purchase-orders/po-message';
import { PO_COUNTER, PO_NUMBER_FORMAT, type PoKind } from '../../domain/purchase-orders/po-status';
import { auditInsert } from '../../repo/audit';
import { PO_ENTITY, poReference } from './po-view';

export interface PoDraft {
  id: string;
  kind: PoKind;
  supplier: string;
  location: string | null;
  orderId: string | null;
  currency: string;
  lines: { sku: string; quantity: number; unitCost?: number | null; orderLineId?: string | null }[];
  actor: string;
  /** Present: the PO is sent at once, with this message to this address. */
  send?: { recipient: string; message: PoMessageInput };
  at: string;
}

/**
 * The inserts of a PO, its lines, its email (when sent at once) and its audit entry, for one D1 batch. The
 * number comes from the `po` counter bumped in that batch, so a failed batch leaves no gap.
 */
export function poInserts(db: Database, d: PoDraft): Statement[] {
  const statements: Statement[] = [
    db
      .insert(counters)
      .values({ name: PO_COUNTER, value: 1 })
      .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + 1` } }),
    db.insert(purchaseOrders).values({
      id: d.id,
      number: sql`(SELECT printf(${PO_NUMBER_FORMAT}, value) FROM counters WHERE name = ${PO_COUNTER})`,
      kind: d.kind,
      supplier: d.supplier,
      location: d.location,
      orderId: d.orderId,
      status: d.send ? 'sent' : 'draft',
      currency: d.currency,
      sentAt: d.send ? d.at : null,
      createdBy: d.actor,
      createdAt: d.at,
      updatedAt: d.at,
    }),
    db.insert(purchaseOrderLines).values(
      d.lines.map((l, i) => ({
        id: newId('pol'),
        poId: d.id,
        lineNo: i + 1,
        sku: l.sku,
        quantity: l.quantity,
        unitCost: l.unitCost ?? null,
        orderLineId: l.orderLineId ?? null,
      })),
    ),
    auditInsert(db, {
      actor: d.actor,
      action: 'purchase_order.create',
      entity: PO_ENTITY,
      entityId: d.id,
      data: { kind: d.kind, supplier: d.supplier, location: d.location, order_id: d.orderId },
    }),
  ];
  if (d.send) statements.push(...sentStatements(db, d.id, d.at, d.actor, d.send));
  return statements;
}

/**
 * The stored email and the audit entry of a send. The email is written only if the PO is `sent` at `at`,
 * so of two racing sends only the one whose status update landed leaves a message.
 */
export function sentStatements(
  db: Database,
  id: string,
  at: string,
  actor: string,
  send: { recipient: string; message: PoMessageInput },
): Statement[] {
  const { subject, body } = poMessage(send.message);
  return [
    // every column in table order: insert ... select takes them all
    db.insert(outboundMessages).select(
      sql`SELECT ${newId('msg')}, 'email', ${send.recipient}, replace(${subject}, ${NUMBER_SLOT}, number),
        replace(${body}, ${NUMBER_SLOT}, number), ${poReference(id)}, 'queued', 0, NULL, ${at}, NULL
      FROM purchase_orders WHERE id = ${id} AND status = 'sent' AND sent_at = ${at}`,
    ),
    db.insert(auditEntries).select(
      sql`SELECT ${newId('aud')}, ${at}, ${actor}, 'purchase_order.send', ${PO_ENTITY}, ${id},
        ${JSON.stringify({ by: 'email', recipient: send.recipient })}
      FROM purchase_orders WHERE id = ${id} AND status = 'sent' AND sent_at = ${at}`,
    ),
  ];
}
