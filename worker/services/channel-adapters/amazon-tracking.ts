import { z } from 'zod';
import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import { parsePayload } from '../../domain/channels/payload';
import { newId } from '../../domain/ids';
import { amazonCall, amazonChannel, amazonError } from './amazon-client';
import { amazonOrderItemPages } from './amazon-orders';
import type { ShipmentRow } from './types';

const Items = z.object({
  payload: z.object({
    OrderItems: z.array(
      z.object({
        OrderItemId: z.string(),
        ASIN: z.string(),
        SellerSKU: z.string().nullish(),
        QuantityOrdered: z.number().int(),
      }),
    ),
  }),
});

// Amazon's CarrierCode values for the carriers our label providers name; anything else goes as "Other".
const CARRIERS: Record<string, string> = {
  UPS: 'UPS',
  USPS: 'USPS',
  FEDEX: 'FedEx',
  DHL: 'DHL',
  DHLEXPRESS: 'DHL',
  ONTRAC: 'OnTrac',
};

/** Our shipped units per channel SKU spread over the channel's lines of that SKU, never above a line's quantity. */
function itemsToConfirm(
  shipped: { channelSku: string; quantity: number }[],
  lines: { id: string; sku: string; quantity: number }[],
) {
  const left = new Map<string, number>();
  for (const l of shipped) left.set(l.channelSku, (left.get(l.channelSku) ?? 0) + l.quantity);
  return lines.flatMap((line) => {
    const n = Math.min(left.get(line.sku) ?? 0, line.quantity);
    if (n <= 0) return [];
    left.set(line.sku, (left.get(line.sku) ?? 0) - n);
    return [{ orderItemId: line.id, quantity: n }];
  });
}

/**
 * confirmShipment for the order's lines: the order's items are read first (getOrderItems) to name Amazon's
 * OrderItemIds. A refusal (4xx) becomes a `sync_failure` exception on the order, since sending it again cannot
 * help; 429 and 5xx are retried by the event queue.
 */
export async function pushAmazonTracking(
  env: Env,
  db: Database,
  given: { code: string; config: Record<string, unknown> },
  order: { externalId: string; lines: { channelSku: string; quantity: number }[] },
  shipment: ShipmentRow,
) {
  const channel = await amazonChannel(db, given);
  const pages = await amazonOrderItemPages(env, channel, order.externalId);
  const lines = pages.flatMap((page) =>
    parsePayload('amazon', Items, page).payload.OrderItems.map((i) => ({
      id: i.OrderItemId,
      sku: i.SellerSKU || i.ASIN,
      quantity: i.QuantityOrdered,
    })),
  );
  const carrier = shipment.carrier ?? 'Other';
  const code = CARRIERS[carrier.toUpperCase().replace(/[^A-Z]/g, '')];
  const body = {
    marketplaceId: channel.config.marketplace_ids[0],
    packageDetail: {
      packageReferenceId: shipment.id,
      carrierCode: code ?? 'Other',
      ...(code ? {} : { carrierName: carrier }),
      ...(shipment.service ? { shippingMethod: shipment.service } : {}),
      trackingNumber: (shipment.trackingCode ?? '').replace(/\s+/g, ''),
      shipDate: new Date(shipment.shippedAt ?? Date.now()).toISOString(),
      orderItems: itemsToConfirm(order.lines, lines),
    },
  };
  const res = await amazonCall(env, channel, 'amazon.confirmShipment', {
    method: 'POST',
    path: `/orders/v0/orders/${encodeURIComponent(order.externalId)}/shipmentConfirmation`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status < 300) return;
  await db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'sync_failure',
    status: 'open',
    orderId: shipment.orderId,
    channel: channel.code,
    message: `Amazon refused the shipment confirmation: ${amazonError(res.body, res.status)}`,
    details: { shipment: shipment.id, tracking_code: shipment.trackingCode },
  });
}
