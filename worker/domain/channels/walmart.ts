/** Walmart Marketplace connector: purchase orders polled by cursor, stock one SKU per call. */
import type { ChannelConnector } from './types';
import { normalizeWalmartOrder } from './walmart-orders';
import { walmartInventoryRequest } from './walmart-requests';

export * from './walmart-orders';
export * from './walmart-requests';

/**
 * Walmart's connector. Orders are polled (and must be acknowledged), so there is no webhook body to verify
 * here. Each inventory call carries a correlation id derived from the push's idempotency key, so a retried
 * push is traceable as the same one; listingId is the seller SKU.
 */
export function walmartConnector(): ChannelConnector<unknown> {
  return {
    channel: 'walmart',
    verifyWebhook: async () => false,
    normalizeOrder: normalizeWalmartOrder,
    inventoryPush: (items, idempotencyKey) =>
      items.map((item, i) =>
        walmartInventoryRequest(item.listingId, item.quantity, `${idempotencyKey}:${i}`),
      ),
  };
}
