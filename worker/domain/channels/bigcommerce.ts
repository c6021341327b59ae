/** BigCommerce connector: thin order events in (then three reads), absolute stock per location out. */
import { bigcommerceInventoryRequests } from './bigcommerce-inventory';
import { type BigCommerceOrderPayload, normalizeBigCommerceOrder } from './bigcommerce-orders';
import { verifyBigCommerceHeader } from './bigcommerce-webhook';
import type { ChannelConnector } from './types';

export * from './bigcommerce-inventory';
export * from './bigcommerce-orders';
export * from './bigcommerce-webhook';

/**
 * BigCommerce's connector for one store. Deliveries are authenticated by the secret header set on the hook
 * (the body is not signed, so the raw bytes play no part). A stock push's listingId is the variant id and
 * locationId the BigCommerce location; an absolute quantity is safe to repeat, so the key is unused.
 */
export function bigcommerceConnector(config: {
  storeHash: string;
}): ChannelConnector<BigCommerceOrderPayload> {
  return {
    channel: 'bigcommerce',
    verifyWebhook: (_rawBody, headers, secrets) => verifyBigCommerceHeader(headers, secrets),
    normalizeOrder: normalizeBigCommerceOrder,
    inventoryPush: (items) =>
      bigcommerceInventoryRequests(
        config.storeHash,
        items.map((item) => {
          if (!item.locationId)
            throw new RangeError(`BigCommerce stock push for ${item.listingId} needs a locationId`);
          return { variantId: item.listingId, locationId: item.locationId, quantity: item.quantity };
        }),
      ),
  };
}
