import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { locations, outboundMessages, purchaseOrders } from '../../../db/schema';
import { newId } from '../../domain/ids';
import type { DomainEvent } from '../domain-events';
import { cancelPo } from './po-transitions';
import { poReference } from './po-view';
import { supplierEmail } from './suppliers';

/** A dropship PO the supplier may still act on. */
const OPEN = ['draft', 'sent', 'confirmed'] as const;

/**
 * `order.cancelled` -> its open dropship POs are cancelled too, and a supplier who had the PO is told (a
 * stored email, like the PO itself), so nothing ships for an order that no longer exists. A redelivered
 * event finds the POs cancelled already and does nothing.
 */
export async function cancelDropshipPosOfOrder(_env: Env, db: Database, event: DomainEvent) {
  const open = await db
    .select()
    .from(purchaseOrders)
    .where(
      and(
        eq(purchaseOrders.orderId, event.subject),
        eq(purchaseOrders.kind, 'dropship'),
        inArray(purchaseOrders.status, [...OPEN]),
      ),
    );
  for (const po of open) {
    await cancelPo(db, po.id, 'system:order-cancelled', 'the customer order was cancelled');
    if (po.status === 'draft') continue;
    const supplier = await db.query.locations.findFirst({ where: eq(locations.code, po.supplier) });
    const recipient = supplier ? supplierEmail(supplier) : null;
    if (!recipient) continue;
    await db.insert(outboundMessages).values({
      id: newId('msg'),
      kind: 'email',
      recipient,
      subject: `CANCELLED: ${po.number}`,
      body: `Please do not ship ${po.number}: the customer order it was for has been cancelled.\n`,
      reference: poReference(po.id),
      status: 'queued',
    });
  }
}
