import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { COUNTING_STATUSES } from '../../domain/returns/return-status';

const SHIPPED = `('shipped', 'delivered', 'picked_up')`;
const COUNTING = `(${COUNTING_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Units of an order line (its id as a value, or a column of the outer query) that left with a shipment. */
export const shippedUnits = (orderLineId: SQL): SQL => sql`(SELECT coalesce(sum(sl.quantity), 0)
  FROM shipment_lines sl JOIN shipments s ON s.id = sl.shipment_id
  WHERE sl.order_line_id = ${orderLineId} AND s.status IN ${sql.raw(SHIPPED)})`;

/** Units of an order line already on returns that still count (not rejected or cancelled). */
export const returnedUnits = (orderLineId: SQL): SQL => sql`(SELECT coalesce(sum(rl.quantity), 0)
  FROM return_lines rl JOIN returns r ON r.id = rl.return_id
  WHERE rl.order_line_id = ${orderLineId} AND r.status IN ${sql.raw(COUNTING)})`;

const line = sql.raw('ol.id');

export interface OrderLineFacts {
  id: string;
  sku: string | null;
  channelSku: string;
  unitPrice: number;
  shipped: number;
  returned: number;
  finalSale: boolean;
  /** When this line's goods were delivered (or shipped, if delivery is unknown); null if never shipped. */
  fulfilledAt: string | null;
}

/** Each line of the order with what was shipped, what earlier returns claim, and its SKU's final-sale flag. */
export async function orderLineFacts(db: Database, orderId: string): Promise<OrderLineFacts[]> {
  const rows = await db.all<{
    id: string;
    sku: string | null;
    channel_sku: string;
    unit_price: number;
    final_sale: number | null;
    fulfilled_at: string | null;
    shipped: number;
    returned: number;
  }>(sql`SELECT ol.id, ol.sku, ol.channel_sku, ol.unit_price, k.final_sale,
      ${shippedUnits(line)} AS shipped, ${returnedUnits(line)} AS returned,
      (SELECT max(coalesce(s.delivered_at, s.shipped_at)) FROM shipment_lines sl
         JOIN shipments s ON s.id = sl.shipment_id
         WHERE sl.order_line_id = ol.id AND s.status IN ${sql.raw(SHIPPED)}) AS fulfilled_at
    FROM order_lines ol LEFT JOIN skus k ON k.sku = ol.sku
    WHERE ol.order_id = ${orderId} ORDER BY ol.line_no`);
  return rows.map((r) => ({
    id: r.id,
    sku: r.sku,
    channelSku: r.channel_sku,
    unitPrice: r.unit_price,
    shipped: r.shipped,
    returned: r.returned,
    finalSale: Boolean(r.final_sale),
    fulfilledAt: r.fulfilled_at,
  }));
}
