import { describe, expect, it } from 'vitest';
import {
  parseShopifyThrottle,
  SHOPIFY_MAX_QUANTITIES,
  type ShopifyQuantity,
  shopifyConnector,
  shopifyInventorySetMutation,
  shopifyThrottleWaitMs,
} from '../../../worker/domain/channels/shopify';
import type { ChannelRequest } from '../../../worker/domain/channels/types';

interface SetBody {
  query: string;
  variables: {
    idempotencyKey: string;
    input: {
      name: string;
      reason: string;
      referenceDocumentUri: string;
      quantities: {
        inventoryItemId: string;
        locationId: string;
        quantity: number;
        changeFromQuantity: number | null;
      }[];
    };
  };
}
const bodyOf = (request: ChannelRequest) => JSON.parse(request.body) as SetBody;

const quantity = (n: number, over: Partial<ShopifyQuantity> = {}): ShopifyQuantity => ({
  inventoryItemId: String(808950810 + n),
  locationId: '905684977',
  quantity: n,
  compareQuantity: n + 1,
  ...over,
});

describe('shopifyInventorySetMutation', () => {
  it('sets available quantities as a correction, compared against what we last saw', () => {
    const [request, ...rest] = shopifyInventorySetMutation([quantity(6)], 'push-1');
    expect(rest).toEqual([]);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/admin/api/2026-07/graphql.json',
      headers: { 'content-type': 'application/json' },
    });
    const body = bodyOf(request!);
    expect(body.query).toContain('inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey)');
    expect(body.variables).toEqual({
      idempotencyKey: 'push-1:0',
      input: {
        name: 'available',
        reason: 'correction',
        referenceDocumentUri: 'gid://switchyard/StockPush/push-1%3A0',
        quantities: [
          {
            inventoryItemId: 'gid://shopify/InventoryItem/808950816',
            locationId: 'gid://shopify/Location/905684977',
            quantity: 6,
            changeFromQuantity: 7,
          },
        ],
      },
    });
  });

  it('passes gids through and sends null to skip the compare', () => {
    const item = quantity(3, {
      inventoryItemId: 'gid://shopify/InventoryItem/1',
      locationId: 'gid://shopify/Location/2',
      compareQuantity: null,
    });
    const [q] = bodyOf(shopifyInventorySetMutation([item], 'k')[0]!).variables.input.quantities;
    expect(q).toEqual({
      inventoryItemId: 'gid://shopify/InventoryItem/1',
      locationId: 'gid://shopify/Location/2',
      quantity: 3,
      changeFromQuantity: null,
    });
  });

  it('splits more than 250 quantities into calls of at most 250, each with its own key', () => {
    const items = Array.from({ length: SHOPIFY_MAX_QUANTITIES + 1 }, (_, i) => quantity(i));
    const requests = shopifyInventorySetMutation(items, 'push-2');
    expect(requests.map((r) => bodyOf(r).variables.input.quantities.length)).toEqual([250, 1]);
    expect(requests.map((r) => bodyOf(r).variables.idempotencyKey)).toEqual(['push-2:0', 'push-2:1']);
    expect(bodyOf(requests[1]!).variables.input.quantities[0]!.quantity).toBe(250);
  });

  it('builds nothing for an empty batch', () => {
    expect(shopifyInventorySetMutation([], 'push-3')).toEqual([]);
  });

  it('refuses negative or fractional quantities', () => {
    expect(() => shopifyInventorySetMutation([quantity(-1)], 'k')).toThrow(RangeError);
    expect(() => shopifyInventorySetMutation([quantity(1, { quantity: 1.5 })], 'k')).toThrow(RangeError);
    expect(() => shopifyInventorySetMutation([quantity(1, { compareQuantity: -2 })], 'k')).toThrow(
      RangeError,
    );
  });
});

describe('shopifyConnector().inventoryPush', () => {
  it('maps listings to inventory items at their location, comparing against changeFrom', () => {
    const requests = shopifyConnector('2025-10').inventoryPush(
      [
        { listingId: '11', locationId: '22', quantity: 4 },
        { listingId: '12', locationId: '22', quantity: 0, changeFrom: 2 },
      ],
      'push-4',
    );
    expect(requests[0]!.path).toBe('/admin/api/2025-10/graphql.json');
    expect(bodyOf(requests[0]!).variables.input.quantities.map((q) => q.changeFromQuantity)).toEqual([
      null,
      2,
    ]);
  });

  it('refuses a push without a location, since Shopify stock lives per location', () => {
    expect(() => shopifyConnector().inventoryPush([{ listingId: '11', quantity: 4 }], 'k')).toThrow(
      RangeError,
    );
  });
});

describe('parseShopifyThrottle', () => {
  const response = {
    data: { inventorySetQuantities: { userErrors: [] } },
    extensions: {
      cost: {
        requestedQueryCost: 10,
        actualQueryCost: 10,
        throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 990, restoreRate: 100 },
      },
    },
  };

  it('reads the bucket from extensions.cost.throttleStatus', () => {
    expect(parseShopifyThrottle(response)).toEqual({
      requestedQueryCost: 10,
      actualQueryCost: 10,
      maximumAvailable: 1000,
      currentlyAvailable: 990,
      restoreRate: 100,
    });
  });

  it('gives null for a response without cost extensions', () => {
    expect(parseShopifyThrottle({ data: {} })).toBeNull();
    expect(parseShopifyThrottle(null)).toBeNull();
  });

  it('says how long to wait until a query of a given cost fits', () => {
    const status = { maximumAvailable: 1000, currentlyAvailable: 4, restoreRate: 100 };
    expect(shopifyThrottleWaitMs(status, 10)).toBe(60);
    expect(shopifyThrottleWaitMs(status, 4)).toBe(0);
  });
});
