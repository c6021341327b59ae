/** Etsy connector: receipts polled by update time, stock by read-modify-write of each listing's inventory. */
import { etsyInventoryUpdate, etsyListingInventoryRequest } from './etsy-inventory';
import { normalizeEtsyReceipt } from './etsy-receipts';
import { type ChannelConnector, ChannelPayloadError, type StockPush } from './types';

export * from './etsy-inventory';
export * from './etsy-receipts';

const listingsOf = (items: StockPush[]) => [...new Set(items.map((item) => item.listingId))];

/**
 * Etsy's connector. Etsy has no signed webhooks to verify, so verifyWebhook refuses everything. A stock push
 * names the listing and, when the listing has several products, the product's SKU; the caller first makes
 * inventoryReads() and hands their bodies to inventoryPush in the same order. A listing whose update
 * cannot be built (unknown SKU, shared quantity) throws ChannelPayloadError with the refusal's code.
 */
export function etsyConnector(): ChannelConnector<unknown> {
  return {
    channel: 'etsy',
    verifyWebhook: async () => false,
    normalizeOrder: normalizeEtsyReceipt,
    inventoryReads: (items) => listingsOf(items).map(etsyListingInventoryRequest),
    inventoryPush(items, _idempotencyKey, current) {
      const listings = listingsOf(items);
      if (current?.length !== listings.length) {
        throw new RangeError(
          `Etsy stock push needs the ${listings.length} inventories from inventoryReads()`,
        );
      }
      return listings.map((listingId, i) => {
        const changes = items
          .filter((item) => item.listingId === listingId)
          .map((item) => ({ sku: item.sku ?? null, quantity: item.quantity }));
        const update = etsyInventoryUpdate(listingId, current[i], changes);
        if (!update.ok) throw new ChannelPayloadError('etsy', `listings.${listingId}.products`, update.code);
        return update.request;
      });
    },
  };
}
