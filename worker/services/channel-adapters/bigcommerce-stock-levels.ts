import { z } from 'zod';
import type { Database } from '../../../db/client';
import { parsePayload } from '../../domain/channels/payload';
import type { ChannelRequest } from '../../domain/channels/types';
import { BigCommerceRefused, bigcommerceClient } from './bigcommerce-client';
import type { ListingRow, ShownStock } from './types';

/** Every BigCommerce store has location 1, its default; multi-location stores name theirs per listing. */
const DEFAULT_LOCATION = '1';
/** Variants asked for per call, well inside BigCommerce's page limit. */
const PAGE = 100;

const LocationItems = z.object({
  data: z.array(
    z.object({
      identity: z.object({ variant_id: z.number().int() }),
      total_inventory_onhand: z.number().int(),
    }),
  ),
});

const isId = (id: string | undefined) => /^[1-9]\d{0,15}$/.test(id ?? '');
const locationOf = (r: ListingRow) => r.external?.location_id ?? DEFAULT_LOCATION;

function locationItemsRequest(storeHash: string, locationId: string, variantIds: string[]): ChannelRequest {
  const query = new URLSearchParams({ 'variant_id:in': variantIds.join(','), limit: String(PAGE) });
  return {
    method: 'GET',
    path: `/stores/${encodeURIComponent(storeHash)}/v3/inventory/locations/${locationId}/items?${query}`,
    headers: {},
    body: '',
  };
}

/**
 * Each listing's variant (external.variant_id) on hand at its location (external.location_id, else the
 * default), which is what the absolute adjustments set: one Inventory call per location and 100 variants.
 * A variant the location does not hold, or a location the store does not have, reads as null.
 */
export async function readBigCommerceStock(
  env: Env,
  db: Database,
  channelId: string,
  rows: ListingRow[],
): Promise<ShownStock> {
  const shown: ShownStock = new Map();
  const client = await bigcommerceClient(env, db, channelId);
  if (!client) return shown;
  const linked = rows.filter((r) => isId(r.external?.variant_id) && isId(locationOf(r)));
  for (const [location, group] of Map.groupBy(linked, locationOf)) {
    for (let i = 0; i < group.length; i += PAGE) {
      const chunk = group.slice(i, i + PAGE);
      const variantIds = [...new Set(chunk.map((r) => r.external!.variant_id!))];
      let answer: unknown;
      try {
        answer = await client.request(locationItemsRequest(client.config.store_hash, location, variantIds));
      } catch (err) {
        if (!(err instanceof BigCommerceRefused && err.status === 404)) throw err;
        answer = { data: [] };
      }
      const onHand = new Map(
        parsePayload('bigcommerce', LocationItems, answer).data.map((item) => [
          String(item.identity.variant_id),
          item.total_inventory_onhand,
        ]),
      );
      for (const row of chunk) shown.set(row.channelSku, onHand.get(row.external!.variant_id!) ?? null);
    }
  }
  return shown;
}
