/** Shopify stock in: what a shop shows as "available" for inventory items at one location (for the reconcile). */
import { z } from 'zod';
import type { ChannelRequest } from './types';

/** Shopify's `nodes` query takes at most 250 ids. */
export const SHOPIFY_MAX_NODES = 250;

const QUERY = `query AvailableAt($ids: [ID!]!, $locationId: ID!) {
  nodes(ids: $ids) {
    ... on InventoryItem {
      id
      inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } }
    }
  }
}`;

/** Shopify's global id for a numeric id (an id that is already a gid is kept). */
export const shopifyGid = (type: string, id: string) =>
  /^\d+$/.test(id) ? `gid://shopify/${type}/${id}` : id;

/** One request per 250 items, all at one location. */
export function shopifyAvailableQuery(
  itemIds: string[],
  locationId: string,
  apiVersion: string,
): ChannelRequest[] {
  const requests: ChannelRequest[] = [];
  for (let i = 0; i < itemIds.length; i += SHOPIFY_MAX_NODES) {
    requests.push({
      method: 'POST',
      path: `/admin/api/${apiVersion}/graphql.json`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: QUERY,
        variables: {
          ids: itemIds.slice(i, i + SHOPIFY_MAX_NODES).map((id) => shopifyGid('InventoryItem', id)),
          locationId: shopifyGid('Location', locationId),
        },
      }),
    });
  }
  return requests;
}

const Answer = z.object({
  data: z.object({
    nodes: z.array(
      z
        .object({
          id: z.string(),
          inventoryLevel: z
            .object({ quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })) })
            .nullable(),
        })
        .nullable(),
    ),
  }),
});

/**
 * Available quantity per inventory item gid. An item that is not stocked at the location (no level) is
 * absent from the map; an unknown id (null node) too. Throws on an answer that is not this shape.
 */
export function parseShopifyAvailable(json: unknown): Map<string, number> {
  const { data } = Answer.parse(json);
  const out = new Map<string, number>();
  for (const node of data.nodes) {
    const available = node?.inventoryLevel?.quantities.find((q) => q.name === 'available');
    if (node && available) out.set(node.id, available.quantity);
  }
  return out;
}
