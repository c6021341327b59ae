/** Walmart Marketplace calls out: the headers every call needs, acknowledge, inventory and shipping updates. */
import type { ChannelRequest, HeaderReader } from './types';

/** WM_SVC.NAME as Walmart's examples send it. */
export const WALMART_SERVICE_NAME = 'Walmart Marketplace';

/**
 * The headers every Marketplace call carries except the access token, which the caller adds with
 * walmartAuthHeaders. WM_QOS.CORRELATION_ID must be unique per call; Walmart support traces calls by it.
 */
export function walmartHeaders(correlationId: string, json = false): Record<string, string> {
  if (!correlationId.trim()) throw new RangeError('a Walmart call needs a correlation id');
  return {
    'WM_SVC.NAME': WALMART_SERVICE_NAME,
    'WM_QOS.CORRELATION_ID': correlationId,
    accept: 'application/json',
    ...(json ? { 'content-type': 'application/json' } : {}),
  };
}

/** The credential header, from the token API's access_token (valid 15 minutes). */
export const walmartAuthHeaders = (accessToken: string): Record<string, string> => ({
  'WM_SEC.ACCESS_TOKEN': accessToken,
});

const po = (purchaseOrderId: string) => {
  if (!/^\d+$/.test(purchaseOrderId)) {
    throw new RangeError(`${JSON.stringify(purchaseOrderId)} is not a Walmart purchase order id`);
  }
  return purchaseOrderId;
};

/** Acknowledge a released order: Walmart expects it soon after release, and only acknowledged lines ship. */
export function walmartAcknowledgeRequest(purchaseOrderId: string, correlationId: string): ChannelRequest {
  return {
    method: 'POST',
    path: `/v3/orders/${po(purchaseOrderId)}/acknowledge`,
    headers: walmartHeaders(correlationId),
    body: '',
  };
}

/** PUT /v3/inventory for one SKU (the single-item call; many SKUs at once go through the inventory feed). */
export function walmartInventoryRequest(
  sku: string,
  quantity: number,
  correlationId: string,
): ChannelRequest {
  if (!sku) throw new RangeError('a Walmart stock push needs a SKU');
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`quantity for ${sku} must be a whole number of units, got ${quantity}`);
  }
  return {
    method: 'PUT',
    path: `/v3/inventory?${new URLSearchParams({ sku })}`,
    headers: walmartHeaders(correlationId, true),
    body: JSON.stringify({ sku, quantity: { unit: 'EACH', amount: quantity } }),
  };
}

// Carriers Walmart names in its enumeration; anything else goes in otherCarrier with a tracking URL.
const CARRIERS = new Set(['UPS', 'USPS', 'FedEx', 'Airborne', 'OnTrac', 'DHL', 'LS', 'UDS', 'UPSMI', 'FDX']);

export interface WalmartShipment {
  lines: { lineNumber: string; quantity: number }[];
  carrier: string;
  /** Walmart's ship method: Standard, Express, OneDay, Freight, WhiteGlove, Value. */
  methodCode: string;
  trackingNumber: string;
  trackingUrl?: string;
  shippedAt: string;
}

/** POST /v3/orders/{po}/shipping: marks the given line quantities Shipped with their tracking. */
export function walmartShippingRequest(
  purchaseOrderId: string,
  shipment: WalmartShipment,
  correlationId: string,
): ChannelRequest {
  if (shipment.lines.length === 0) throw new RangeError('a Walmart shipment needs at least one line');
  const shipDateTime = Date.parse(shipment.shippedAt);
  if (Number.isNaN(shipDateTime)) throw new RangeError(`${shipment.shippedAt} is not a timestamp`);
  const carrierName = CARRIERS.has(shipment.carrier)
    ? { carrier: shipment.carrier }
    : { otherCarrier: shipment.carrier };
  const orderLine = shipment.lines.map((line) => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new RangeError(`line ${line.lineNumber} ships ${line.quantity} units`);
    }
    return {
      lineNumber: line.lineNumber,
      orderLineStatuses: {
        orderLineStatus: [
          {
            status: 'Shipped',
            statusQuantity: { unitOfMeasurement: 'EACH', amount: String(line.quantity) },
            trackingInfo: {
              shipDateTime,
              carrierName,
              methodCode: shipment.methodCode,
              trackingNumber: shipment.trackingNumber.trim(),
              ...(shipment.trackingUrl ? { trackingURL: shipment.trackingUrl } : {}),
            },
          },
        ],
      },
    };
  });
  return {
    method: 'POST',
    path: `/v3/orders/${po(purchaseOrderId)}/shipping`,
    headers: walmartHeaders(correlationId, true),
    body: JSON.stringify({ orderShipment: { orderLines: { orderLine } } }),
  };
}

/**
 * Walmart's live budget from a response's headers: tokens left in the current window and when it refills
 * (epoch ms). Null when the headers are absent or unreadable.
 */
export function parseWalmartThrottle(headers: HeaderReader): { tokens: number; replenishAt: number } | null {
  const tokens = Number(headers.get('x-current-token-count'));
  const replenishAt = Number(headers.get('x-next-replenishment-time'));
  if (!headers.get('x-current-token-count') || !Number.isInteger(tokens) || tokens < 0) return null;
  if (!Number.isFinite(replenishAt) || replenishAt <= 0) return null;
  return { tokens, replenishAt };
}
