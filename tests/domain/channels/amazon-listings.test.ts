import { describe, expect, it } from 'vitest';
import {
  AMAZON_FEED_MAX_MESSAGES,
  amazonConnector,
  amazonListingsFeed,
  amazonPatchListingsQuantity,
} from '../../../worker/domain/channels/amazon';
import feedExample from '../../fixtures/amazon-spapi-JSON_LISTINGS_FEED-example.json';

const SELLER = 'A3TH9S8BH6GOGM';
const US = 'ATVPDKIKX0DER';
const [, , , replaceMessage, mergeMessage] = feedExample.messages;

describe('amazonPatchListingsQuantity', () => {
  it('builds the patchListingsItem call with the same patch as the feed example', () => {
    const request = amazonPatchListingsQuantity(SELLER, 'My-SKU-D', US, 10, {
      productType: 'LUGGAGE',
      op: 'replace',
    });
    expect(request).toMatchObject({
      method: 'PATCH',
      path: `/listings/2021-08-01/items/${SELLER}/My-SKU-D?marketplaceIds=${US}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(JSON.parse(request.body)).toEqual({ productType: 'LUGGAGE', patches: replaceMessage!.patches });
  });

  it('merges by default, so the handling time and restock date stay as they are', () => {
    const request = amazonPatchListingsQuantity(SELLER, 'My-SKU-E', US, 10);
    expect(JSON.parse(request.body)).toEqual({ productType: 'PRODUCT', patches: mergeMessage!.patches });
  });

  it('escapes SKUs that contain slashes or spaces', () => {
    const request = amazonPatchListingsQuantity(SELLER, 'BOX 1/2', US, 0);
    expect(request.path).toBe(`/listings/2021-08-01/items/${SELLER}/BOX%201%2F2?marketplaceIds=${US}`);
  });

  it('refuses a negative or fractional quantity and an empty SKU', () => {
    expect(() => amazonPatchListingsQuantity(SELLER, 'SKU', US, -1)).toThrow(RangeError);
    expect(() => amazonPatchListingsQuantity(SELLER, 'SKU', US, 2.5)).toThrow(RangeError);
    expect(() => amazonPatchListingsQuantity(SELLER, '', US, 1)).toThrow(RangeError);
  });
});

describe('amazonListingsFeed', () => {
  it('writes one PATCH message per SKU in the shape of the feed example', () => {
    const feed = amazonListingsFeed(
      'AXXXXXXXXXXXX',
      [{ sku: 'My-SKU-D', quantity: 10, productType: 'LUGGAGE' }],
      {
        op: 'replace',
      },
    );
    expect(feed).toEqual({
      header: { sellerId: 'AXXXXXXXXXXXX', version: '2.0' },
      messages: [{ ...replaceMessage, messageId: 1 }],
    });
  });

  it('numbers messages from 1 in the order given', () => {
    const feed = amazonListingsFeed(SELLER, [
      { sku: 'A', quantity: 0 },
      { sku: 'B', quantity: 7 },
    ]);
    expect(feed.messages.map((m) => [m.messageId, m.sku, m.patches[0]!.value[0]!.quantity])).toEqual([
      [1, 'A', 0],
      [2, 'B', 7],
    ]);
  });

  it('refuses an empty feed and one above 25,000 messages', () => {
    const many = Array.from({ length: AMAZON_FEED_MAX_MESSAGES + 1 }, (_, i) => ({
      sku: `S${i}`,
      quantity: 1,
    }));
    expect(() => amazonListingsFeed(SELLER, many)).toThrow(RangeError);
    expect(() => amazonListingsFeed(SELLER, [])).toThrow(RangeError);
    expect(amazonListingsFeed(SELLER, many.slice(1)).messages).toHaveLength(AMAZON_FEED_MAX_MESSAGES);
  });
});

describe('amazonConnector', () => {
  const connector = amazonConnector({ sellerId: SELLER, marketplaceId: US });

  it('refuses every HTTP webhook, since Amazon notifies only through SQS or EventBridge', async () => {
    const bytes = new TextEncoder().encode('{}');
    expect(await connector.verifyWebhook(bytes, new Headers({ 'x-amz-signature': 'x' }), ['secret'])).toBe(
      false,
    );
  });

  it('pushes stock as one patchListingsItem call per SKU', () => {
    const requests = connector.inventoryPush(
      [
        { listingId: 'A', quantity: 3 },
        { listingId: 'B', quantity: 0 },
      ],
      'push-1',
    );
    expect(requests.map((r) => r.path)).toEqual([
      `/listings/2021-08-01/items/${SELLER}/A?marketplaceIds=${US}`,
      `/listings/2021-08-01/items/${SELLER}/B?marketplaceIds=${US}`,
    ]);
  });
});
