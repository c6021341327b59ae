/** BigCommerce out: absolute stock per location (v3 Inventory) and order shipments with tracking (v2). */
import type { ChannelRequest } from './types';

/** Items per absolute-adjustment call [M: BigCommerce documents 2,000]. */
export const BIGCOMMERCE_ADJUSTMENT_MAX = 2000;

export interface BigCommerceStock {
  variantId: string;
  locationId: string;
  quantity: number;
}

const positiveId = (name: string, id: string) => {
  if (!/^\d+$/.test(id) || Number(id) === 0)
    throw new RangeError(`${name} ${JSON.stringify(id)} is not an id`);
  return Number(id);
};

/**
 * PUT /v3/inventory/adjustments/absolute: sets each variant's quantity at a location, 2,000 items per call.
 * The reason is stored in BigCommerce's inventory history next to the change.
 */
export function bigcommerceInventoryRequests(
  storeHash: string,
  items: BigCommerceStock[],
  reason = 'Switchyard stock sync',
): ChannelRequest[] {
  const body = items.map((item) => {
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 0) {
      throw new RangeError(
        `quantity for variant ${item.variantId} must be a whole number, got ${item.quantity}`,
      );
    }
    return {
      location_id: positiveId('location', item.locationId),
      variant_id: positiveId('variant', item.variantId),
      quantity: item.quantity,
    };
  });
  const requests: ChannelRequest[] = [];
  for (let start = 0; start < body.length; start += BIGCOMMERCE_ADJUSTMENT_MAX) {
    requests.push({
      method: 'PUT',
      path: `/stores/${encodeURIComponent(storeHash)}/v3/inventory/adjustments/absolute`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason, items: body.slice(start, start + BIGCOMMERCE_ADJUSTMENT_MAX) }),
    });
  }
  return requests;
}

export interface BigCommerceShipment {
  /** The shipping address id from /v2/orders/{id}/shipping_addresses. */
  orderAddressId: string;
  trackingNumber: string;
  /** BigCommerce's carrier code (ups, fedex, usps, …); empty lets the store guess from the number. */
  trackingCarrier?: string;
  comments?: string;
  /** Order product ids (from /v2/orders/{id}/products) and how many of each left. */
  items: { orderProductId: string; quantity: number }[];
}

/** POST /v2/orders/{id}/shipments: BigCommerce moves the order to Shipped or Partially Shipped itself. */
export function bigcommerceShipmentRequest(
  storeHash: string,
  orderId: string,
  shipment: BigCommerceShipment,
): ChannelRequest {
  if (shipment.items.length === 0) throw new RangeError('a BigCommerce shipment needs at least one item');
  return {
    method: 'POST',
    path: `/stores/${encodeURIComponent(storeHash)}/v2/orders/${positiveId('order', orderId)}/shipments`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      order_address_id: positiveId('order address', shipment.orderAddressId),
      tracking_number: shipment.trackingNumber.trim(),
      tracking_carrier: shipment.trackingCarrier ?? '',
      comments: shipment.comments ?? '',
      items: shipment.items.map((item) => {
        if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
          throw new RangeError(`order product ${item.orderProductId} ships ${item.quantity} units`);
        }
        return {
          order_product_id: positiveId('order product', item.orderProductId),
          quantity: item.quantity,
        };
      }),
    }),
  };
}
