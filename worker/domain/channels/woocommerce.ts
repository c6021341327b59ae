/** WooCommerce connector: signed order webhooks in, stock out by the REST batch endpoints. */

import type { ChannelConnector } from './types';
import { normalizeWooOrder } from './woocommerce-orders';
import { wooStockBatchRequests } from './woocommerce-stock';
import { verifyWooSignature } from './woocommerce-webhook';

export * from './woocommerce-orders';
export * from './woocommerce-stock';
export * from './woocommerce-webhook';

/**
 * WooCommerce's connector. `secrets` are the webhook secrets (several while one is replaced). A stock push's
 * listingId is the product id, or the variation id with the product as parentId. Woo's batch endpoints take
 * no idempotency key; an absolute stock_quantity is safe to repeat.
 */
export function wooConnector(): ChannelConnector<unknown> {
  return {
    channel: 'woocommerce',
    async verifyWebhook(rawBody, headers, secrets) {
      const header = headers.get('x-wc-webhook-signature');
      for (const secret of secrets) if (await verifyWooSignature(rawBody, header, secret)) return true;
      return false;
    },
    normalizeOrder: normalizeWooOrder,
    inventoryPush: (items) =>
      wooStockBatchRequests(
        items.map((item) => ({
          id: item.listingId,
          quantity: item.quantity,
          ...(item.parentId === undefined ? {} : { parentId: item.parentId }),
        })),
      ),
  };
}
