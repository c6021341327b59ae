import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { ediDocuments } from '../../../db/schema';
import type { PurchaseOrder } from '../../domain/edi';

/** The 850 an order was captured from, as stored on the inbound interchange that carried it; null when none. */
export async function purchaseOrderOf(
  db: Database,
  channel: string,
  orderId: string,
): Promise<PurchaseOrder | null> {
  const carriedIt = sql`EXISTS (SELECT 1 FROM json_each(${ediDocuments.parsed}, '$.orders') WHERE json_extract(value, '$.order_id') = ${orderId})`;
  const [doc] = await db
    .select({ parsed: ediDocuments.parsed })
    .from(ediDocuments)
    .where(
      and(
        eq(ediDocuments.channel, channel),
        eq(ediDocuments.direction, 'in'),
        eq(ediDocuments.status, 'accepted'),
        or(eq(ediDocuments.orderId, orderId), carriedIt),
      ),
    )
    .orderBy(asc(ediDocuments.id))
    .limit(1);
  const orders = (doc?.parsed as { orders?: { order_id: string; po: PurchaseOrder }[] } | undefined)?.orders;
  return orders?.find((o) => o.order_id === orderId)?.po ?? null;
}
