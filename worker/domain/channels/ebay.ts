/** eBay connector: orders polled from the Fulfillment API, notifications signed by eBay's keys, stock by SKU. */

import { ebayBulkQuantityRequests } from './ebay-inventory';
import { verifyEbaySignature } from './ebay-notifications';
import { normalizeEbayOrder } from './ebay-orders';
import type { ChannelConnector } from './types';

export * from './ebay-inventory';
export * from './ebay-notifications';
export * from './ebay-orders';

/**
 * eBay's connector. Notifications are signed with eBay's private key, so `secrets` are the PEM public keys the
 * caller fetched for the header's kid (parseEbaySignatureHeader, ebayPublicKeyRequest). A stock push's
 * listingId is the Inventory API SKU; bulkUpdatePriceQuantity takes no idempotency key and an absolute
 * quantity is safe to repeat.
 */
export function ebayConnector(): ChannelConnector<unknown> {
  return {
    channel: 'ebay',
    async verifyWebhook(rawBody, headers, publicKeys) {
      const header = headers.get('x-ebay-signature');
      for (const key of publicKeys) if (await verifyEbaySignature(rawBody, header, key)) return true;
      return false;
    },
    normalizeOrder: normalizeEbayOrder,
    inventoryPush: (items) =>
      ebayBulkQuantityRequests(items.map((item) => ({ sku: item.listingId, quantity: item.quantity }))),
  };
}
