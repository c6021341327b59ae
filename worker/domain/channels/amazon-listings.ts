/** Amazon stock out: patchListingsItem for a few SKUs, a JSON_LISTINGS_FEED document for many. */
import type { ChannelRequest } from './types';

/** Amazon accepts at most this many messages in one JSON_LISTINGS_FEED. */
export const AMAZON_FEED_MAX_MESSAGES = 25_000;

export interface AmazonQuantityOptions {
  /** The listing's product type; "PRODUCT" is accepted for offer-only attributes such as quantity. */
  productType?: string;
  /**
   * "merge" changes only `quantity` and keeps the handling time (lead_time_to_ship_max_days) and restock date;
   * "replace" overwrites the whole attribute, dropping them.
   */
  op?: 'merge' | 'replace';
}

function checkQuantity(sku: string, quantity: number) {
  if (!sku) throw new RangeError('an Amazon stock push needs a SKU');
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`quantity for ${sku} must be a whole number of units, got ${quantity}`);
  }
}

function quantityPatch(quantity: number, op: 'merge' | 'replace') {
  return {
    op,
    path: '/attributes/fulfillment_availability',
    value: [{ fulfillment_channel_code: 'DEFAULT', quantity }],
  };
}

/** The patchListingsItem request that sets a merchant-fulfilled listing's quantity. Amazon queues it ("ACCEPTED"). */
export function amazonPatchListingsQuantity(
  sellerId: string,
  sku: string,
  marketplaceId: string,
  quantity: number,
  options: AmazonQuantityOptions = {},
): ChannelRequest {
  checkQuantity(sku, quantity);
  const path = `/listings/2021-08-01/items/${encodeURIComponent(sellerId)}/${encodeURIComponent(sku)}`;
  return {
    method: 'PATCH',
    path: `${path}?marketplaceIds=${encodeURIComponent(marketplaceId)}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      productType: options.productType ?? 'PRODUCT',
      patches: [quantityPatch(quantity, options.op ?? 'merge')],
    }),
  };
}

export interface ListingsFeedMessage {
  messageId: number;
  sku: string;
  operationType: 'PATCH';
  productType: string;
  patches: ReturnType<typeof quantityPatch>[];
}

export interface ListingsFeed {
  header: { sellerId: string; version: '2.0' };
  messages: ListingsFeedMessage[];
}

/**
 * A JSON_LISTINGS_FEED document (to upload via createFeedDocument, then createFeed) with one PATCH message
 * per SKU, numbered from 1. Refuses more than 25,000 items: the caller splits batches into several feeds.
 */
export function amazonListingsFeed(
  sellerId: string,
  items: { sku: string; quantity: number; productType?: string }[],
  options: Pick<AmazonQuantityOptions, 'op'> = {},
): ListingsFeed {
  if (items.length === 0 || items.length > AMAZON_FEED_MAX_MESSAGES) {
    throw new RangeError(
      `a listings feed carries 1 to ${AMAZON_FEED_MAX_MESSAGES} messages, got ${items.length}`,
    );
  }
  return {
    header: { sellerId, version: '2.0' },
    messages: items.map((item, i) => {
      checkQuantity(item.sku, item.quantity);
      return {
        messageId: i + 1,
        sku: item.sku,
        operationType: 'PATCH',
        productType: item.productType ?? 'PRODUCT',
        patches: [quantityPatch(item.quantity, options.op ?? 'merge')],
      };
    }),
  };
}
