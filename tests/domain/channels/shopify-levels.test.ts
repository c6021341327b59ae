import { describe, expect, it } from 'vitest';
import { parseShopifyAvailable, shopifyAvailableQuery } from '../../../worker/domain/channels/shopify-levels';

describe('Shopify available quantities', () => {
  it('asks for 250 items at a time at one location, as gids', () => {
    const ids = Array.from({ length: 251 }, (_, i) => `${808950810 + i}`);
    const requests = shopifyAvailableQuery(ids, '905684977', '2026-07');
    expect(requests).toHaveLength(2);
    const first = JSON.parse(requests[0]!.body);
    expect(requests[0]!.path).toBe('/admin/api/2026-07/graphql.json');
    expect(first.variables.ids).toHaveLength(250);
    expect(first.variables.ids[0]).toBe('gid://shopify/InventoryItem/808950810');
    expect(first.variables.locationId).toBe('gid://shopify/Location/905684977');
    expect(JSON.parse(requests[1]!.body).variables.ids).toEqual(['gid://shopify/InventoryItem/808951060']);
  });

  it('reads available per item, leaving out items not stocked there and unknown ids', () => {
    const levels = parseShopifyAvailable({
      data: {
        nodes: [
          {
            id: 'gid://shopify/InventoryItem/1',
            inventoryLevel: { quantities: [{ name: 'available', quantity: 6 }] },
          },
          { id: 'gid://shopify/InventoryItem/2', inventoryLevel: null },
          null,
        ],
      },
    });
    expect([...levels]).toEqual([['gid://shopify/InventoryItem/1', 6]]);
  });

  it('throws on an answer that is not a nodes list', () => {
    expect(() => parseShopifyAvailable({ errors: [{ message: 'Throttled' }] })).toThrow();
  });
});
