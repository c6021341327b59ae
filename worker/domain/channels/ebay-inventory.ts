/** eBay stock and tracking out: bulkUpdatePriceQuantity (per-item results) and createShippingFulfillment. */
import { z } from 'zod';
import { parsePayload } from './payload';
import type { ChannelRequest } from './types';

const CHANNEL = 'ebay';

/** bulkUpdatePriceQuantity takes at most 25 requests per call. */
export const EBAY_BULK_MAX = 25;

export interface EbayQuantity {
  /** The Inventory API SKU (inventory item key). */
  sku: string;
  quantity: number;
  /** Per-offer quantities, when one inventory item backs offers on several marketplaces. */
  offers?: { offerId: string; availableQuantity: number }[];
}

function checkQuantity(sku: string, quantity: number) {
  if (!sku) throw new RangeError('an eBay stock push needs a SKU');
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`quantity for ${sku} must be a whole number of units, got ${quantity}`);
  }
}

/** One bulkUpdatePriceQuantity call per 25 SKUs, setting shipToLocationAvailability (and offers when given). */
export function ebayBulkQuantityRequests(items: EbayQuantity[]): ChannelRequest[] {
  const requests: ChannelRequest[] = [];
  for (let start = 0; start < items.length; start += EBAY_BULK_MAX) {
    const chunk = items.slice(start, start + EBAY_BULK_MAX).map((item) => {
      checkQuantity(item.sku, item.quantity);
      for (const offer of item.offers ?? []) checkQuantity(item.sku, offer.availableQuantity);
      return {
        sku: item.sku,
        shipToLocationAvailability: { quantity: item.quantity },
        ...(item.offers?.length ? { offers: item.offers } : {}),
      };
    });
    requests.push({
      method: 'POST',
      path: '/sell/inventory/v1/bulk_update_price_quantity',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requests: chunk }),
    });
  }
  return requests;
}

const ErrorDetail = z.object({ errorId: z.number().optional(), message: z.string().optional() });
const BulkResponse = z.object({
  responses: z.array(
    z.object({
      statusCode: z.number().int(),
      sku: z.string().optional(),
      offerId: z.string().optional(),
      errors: z.array(ErrorDetail).nullish(),
    }),
  ),
});

export interface EbayBulkFailure {
  sku: string;
  offerId?: string;
  /** eBay's per-item status, or 0 when the item is missing from the response altogether. */
  statusCode: number;
  errors: { errorId?: number; message?: string }[];
}

/**
 * Reads a bulkUpdatePriceQuantity answer item by item: the call itself returns 200 (or 207) while single
 * items fail. A SKU we sent that the response does not mention counts as failed.
 */
export function parseEbayBulkResponse(
  response: unknown,
  sentSkus: string[],
): { updated: string[]; failed: EbayBulkFailure[] } {
  const { responses } = parsePayload(CHANNEL, BulkResponse, response);
  const failed: EbayBulkFailure[] = [];
  const updated = new Set<string>();
  for (const item of responses) {
    if (item.statusCode === 200 && item.sku) updated.add(item.sku);
    else if (item.sku) {
      failed.push({
        sku: item.sku,
        ...(item.offerId ? { offerId: item.offerId } : {}),
        statusCode: item.statusCode,
        errors: item.errors ?? [],
      });
    }
  }
  for (const sku of sentSkus) {
    if (!updated.has(sku) && !failed.some((f) => f.sku === sku))
      failed.push({ sku, statusCode: 0, errors: [] });
  }
  for (const f of failed) updated.delete(f.sku);
  return { updated: sentSkus.filter((sku) => updated.has(sku)), failed };
}

export interface EbayShipment {
  lineItems: { lineItemId: string; quantity: number }[];
  /** ISO instant the parcel left. */
  shippedDate: string;
  /** eBay's carrier enumeration value, such as USPS, UPS, FEDEX. */
  shippingCarrierCode: string;
  trackingNumber: string;
}

/** createShippingFulfillment for some or all lines of an order; eBay answers 201 with the fulfillment in Location. */
export function ebayShippingFulfillmentRequest(orderId: string, shipment: EbayShipment): ChannelRequest {
  if (shipment.lineItems.length === 0) throw new RangeError('an eBay shipment needs at least one line item');
  for (const line of shipment.lineItems) {
    checkQuantity(line.lineItemId, line.quantity);
    if (line.quantity === 0) throw new RangeError(`line ${line.lineItemId} ships no units`);
  }
  return {
    method: 'POST',
    path: `/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}/shipping_fulfillment`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      lineItems: shipment.lineItems,
      shippedDate: new Date(shipment.shippedDate).toISOString(),
      shippingCarrierCode: shipment.shippingCarrierCode,
      trackingNumber: shipment.trackingNumber.replace(/\s+/g, ''),
    }),
  };
}
