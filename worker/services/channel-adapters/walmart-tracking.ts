import { z } from 'zod';
import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import { parsePayload } from '../../domain/channels/payload';
import { walmartHeaders, walmartShippingRequest } from '../../domain/channels/walmart';
import { newId } from '../../domain/ids';
import type { ShipmentRow } from './types';
import { walmartCall, walmartChannel, walmartError } from './walmart-client';

const Count = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);
const OrderLines = z.object({
  order: z.object({
    orderLines: z.object({
      orderLine: z.array(
        z.object({
          lineNumber: z.string(),
          item: z.object({ sku: z.string() }),
          orderLineStatuses: z.object({
            orderLineStatus: z.array(
              z.object({ status: z.string(), statusQuantity: z.object({ amount: Count }) }),
            ),
          }),
        }),
      ),
    }),
  }),
});

/** Units of each Walmart line that can still ship: neither cancelled nor shipped already. */
function openLines(order: z.output<typeof OrderLines>) {
  return order.order.orderLines.orderLine.map((l) => ({
    lineNumber: l.lineNumber,
    sku: l.item.sku,
    quantity: l.orderLineStatuses.orderLineStatus
      .filter((s) => s.status === 'Created' || s.status === 'Acknowledged')
      .reduce((n, s) => n + s.statusQuantity.amount, 0),
  }));
}

/** Our shipped units per SKU spread over Walmart's open lines of that SKU, never above a line's open units. */
function linesToShip(
  shipped: { channelSku: string; quantity: number }[],
  lines: ReturnType<typeof openLines>,
) {
  const left = new Map<string, number>();
  for (const l of shipped) left.set(l.channelSku, (left.get(l.channelSku) ?? 0) + l.quantity);
  return lines.flatMap((line) => {
    const n = Math.min(left.get(line.sku) ?? 0, line.quantity);
    if (n <= 0) return [];
    left.set(line.sku, (left.get(line.sku) ?? 0) - n);
    return [{ lineNumber: line.lineNumber, quantity: n }];
  });
}

/**
 * The shipping update for the order's lines, after reading the purchase order to name Walmart's line numbers.
 * A refusal (4xx) becomes a `sync_failure` exception on the order; 429 and 5xx are retried by the event queue.
 */
export async function pushWalmartTracking(
  env: Env,
  db: Database,
  given: { code: string; config: Record<string, unknown> },
  order: { externalId: string; lines: { channelSku: string; quantity: number }[] },
  shipment: ShipmentRow,
) {
  const channel = await walmartChannel(db, given);
  const read = await walmartCall(env, channel, 'walmart.orders', {
    method: 'GET',
    path: `/v3/orders/${encodeURIComponent(order.externalId)}`,
    headers: walmartHeaders(crypto.randomUUID()),
    body: '',
  });
  let refusal: string;
  if (read.status !== 200) refusal = `the order could not be read: ${walmartError(read.body, read.status)}`;
  else {
    const lines = linesToShip(order.lines, openLines(parsePayload('walmart', OrderLines, read.body)));
    if (lines.length === 0) refusal = 'no line of the order is open for the shipped SKUs';
    else {
      const req = walmartShippingRequest(
        order.externalId,
        {
          lines,
          carrier: shipment.carrier ?? 'Other',
          methodCode: 'Standard',
          trackingNumber: shipment.trackingCode ?? '',
          shippedAt: shipment.shippedAt ?? new Date().toISOString(),
        },
        crypto.randomUUID(),
      );
      const res = await walmartCall(env, channel, 'walmart.orders', req);
      if (res.status < 300) return;
      refusal = walmartError(res.body, res.status);
    }
  }
  await db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'sync_failure',
    status: 'open',
    orderId: shipment.orderId,
    channel: channel.code,
    message: `Walmart refused the shipping update: ${refusal}`,
    details: { shipment: shipment.id, tracking_code: shipment.trackingCode },
  });
}
