import { z } from 'zod';
import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import { ebayShippingFulfillmentRequest } from '../../domain/channels/ebay';
import { parsePayload } from '../../domain/channels/payload';
import { newId } from '../../domain/ids';
import { ebayCall, ebayChannel, ebayError } from './ebay-client';
import { fetchEbayOrder } from './ebay-orders';
import type { ShipmentRow } from './types';

const Lines = z.object({
  lineItems: z.array(
    z.object({
      lineItemId: z.string(),
      sku: z.string().nullish(),
      legacyItemId: z.string().nullish(),
      legacyVariationId: z.string().nullish(),
      quantity: z.number().int(),
    }),
  ),
});

// The SKU the order normalizer gave a line: its SKU, else legacy item id (and variation).
const lineSku = (l: z.output<typeof Lines>['lineItems'][number]) =>
  l.sku ||
  (l.legacyItemId && l.legacyVariationId
    ? `${l.legacyItemId}/${l.legacyVariationId}`
    : (l.legacyItemId ?? ''));

/** Our shipped units per channel SKU spread over eBay's line items of that SKU, never above a line's quantity. */
function lineItemsToShip(
  shipped: { channelSku: string; quantity: number }[],
  lines: z.output<typeof Lines>['lineItems'],
) {
  const left = new Map<string, number>();
  for (const l of shipped) left.set(l.channelSku, (left.get(l.channelSku) ?? 0) + l.quantity);
  return lines.flatMap((line) => {
    const sku = lineSku(line);
    const n = Math.min(left.get(sku) ?? 0, line.quantity);
    if (n <= 0) return [];
    left.set(sku, (left.get(sku) ?? 0) - n);
    return [{ lineItemId: line.lineItemId, quantity: n }];
  });
}

/**
 * createShippingFulfillment for the order's lines, after reading the order to name eBay's line item ids.
 * A refusal (4xx) becomes a `sync_failure` exception on the order; 429 and 5xx are retried by the event queue.
 */
export async function pushEbayTracking(
  env: Env,
  db: Database,
  given: { code: string; config: Record<string, unknown> },
  order: { externalId: string; lines: { channelSku: string; quantity: number }[] },
  shipment: ShipmentRow,
) {
  const channel = await ebayChannel(db, given);
  const { lineItems } = parsePayload('ebay', Lines, await fetchEbayOrder(env, channel, order.externalId));
  const lines = lineItemsToShip(order.lines, lineItems);
  let refusal: string | null = null;
  if (lines.length === 0) refusal = 'none of the shipped SKUs is on the eBay order';
  else {
    const req = ebayShippingFulfillmentRequest(order.externalId, {
      lineItems: lines,
      shippedDate: shipment.shippedAt ?? new Date().toISOString(),
      shippingCarrierCode: (shipment.carrier ?? 'Other').toUpperCase().replace(/[^A-Z0-9]/g, ''),
      trackingNumber: shipment.trackingCode ?? '',
    });
    const res = await ebayCall(env, channel, 'ebay.fulfillment', req);
    if (res.status < 300) return;
    refusal = ebayError(res.body, res.status);
  }
  await db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'sync_failure',
    status: 'open',
    orderId: shipment.orderId,
    channel: channel.code,
    message: `eBay refused the shipping fulfillment: ${refusal}`,
    details: { shipment: shipment.id, tracking_code: shipment.trackingCode },
  });
}
