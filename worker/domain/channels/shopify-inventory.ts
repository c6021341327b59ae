/** Shopify stock out: GraphQL inventorySetQuantities requests and the cost-based throttle they report. */
import { z } from 'zod';
import type { ChannelRequest } from './types';

export const SHOPIFY_API_VERSION = '2026-07';
/** Shopify caps GraphQL input arrays at 250 items. */
export const SHOPIFY_MAX_QUANTITIES = 250;

export interface ShopifyQuantity {
  /** Numeric id or gid://shopify/InventoryItem/… */
  inventoryItemId: string;
  /** Numeric id or gid://shopify/Location/… */
  locationId: string;
  quantity: number;
  /** The quantity we last saw or pushed; Shopify refuses the set if it has changed since. null skips the check. */
  compareQuantity: number | null;
}

const MUTATION = `mutation SetAvailable($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}`;

const gid = (type: string, id: string) => (/^\d+$/.test(id) ? `gid://shopify/${type}/${id}` : id);

function checkQuantity(name: string, value: number | null) {
  if (value !== null && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be a whole number of units, got ${value}`);
  }
}

/**
 * Absolute "available" sets as compare-and-set (`changeFromQuantity`), one request per 250 quantities.
 * Chunk i carries idempotency key `<key>:<i>`, so a retried push replays rather than re-applies.
 */
export function shopifyInventorySetMutation(
  items: ShopifyQuantity[],
  idempotencyKey: string,
  apiVersion = SHOPIFY_API_VERSION,
): ChannelRequest[] {
  const requests: ChannelRequest[] = [];
  for (let start = 0; start < items.length; start += SHOPIFY_MAX_QUANTITIES) {
    const key = `${idempotencyKey}:${requests.length}`;
    const quantities = items.slice(start, start + SHOPIFY_MAX_QUANTITIES).map((item) => {
      checkQuantity('quantity', item.quantity);
      checkQuantity('compareQuantity', item.compareQuantity);
      return {
        inventoryItemId: gid('InventoryItem', item.inventoryItemId),
        locationId: gid('Location', item.locationId),
        quantity: item.quantity,
        changeFromQuantity: item.compareQuantity,
      };
    });
    const input = {
      name: 'available',
      reason: 'correction',
      referenceDocumentUri: `gid://switchyard/StockPush/${encodeURIComponent(key)}`,
      quantities,
    };
    requests.push({
      method: 'POST',
      path: `/admin/api/${apiVersion}/graphql.json`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: MUTATION, variables: { input, idempotencyKey: key } }),
    });
  }
  return requests;
}

export interface ShopifyThrottle {
  requestedQueryCost?: number;
  actualQueryCost?: number;
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

const CostExtension = z.object({
  extensions: z.object({
    cost: z.object({
      requestedQueryCost: z.number().optional(),
      actualQueryCost: z.number().nullish(),
      throttleStatus: z.object({
        maximumAvailable: z.number(),
        currentlyAvailable: z.number(),
        restoreRate: z.number().positive(),
      }),
    }),
  }),
});

/** The bucket state from a GraphQL response's `extensions.cost`, or null when the response has none. */
export function parseShopifyThrottle(json: unknown): ShopifyThrottle | null {
  const parsed = CostExtension.safeParse(json);
  if (!parsed.success) return null;
  const { requestedQueryCost, actualQueryCost, throttleStatus } = parsed.data.extensions.cost;
  return {
    ...throttleStatus,
    ...(requestedQueryCost === undefined ? {} : { requestedQueryCost }),
    ...(actualQueryCost == null ? {} : { actualQueryCost }),
  };
}

/** Milliseconds until the bucket holds `cost` points; 0 when it already does. */
export function shopifyThrottleWaitMs(status: ShopifyThrottle, cost: number): number {
  const missing = cost - status.currentlyAvailable;
  return missing <= 0 ? 0 : Math.ceil((missing / status.restoreRate) * 1000);
}
