import { z } from 'zod';
import type { Database } from '../../../db/client';
import { ETSY_MAX_QUANTITY, etsyListingInventoryRequest } from '../../domain/channels/etsy';
import { parsePayload } from '../../domain/channels/payload';
import { EtsyRefused, etsyClient } from './etsy-client';
import type { ListingRow, ShownStock } from './types';

const Inventory = z.object({
  products: z.array(
    z.object({
      sku: z.string().nullish(),
      is_deleted: z.boolean().nullish(),
      offerings: z.array(
        z.object({ quantity: z.number().int().nonnegative(), is_deleted: z.boolean().nullish() }),
      ),
    }),
  ),
});

/** As the push targets it: external.sku, the channel SKU, or the listing's only product (null). */
function productSku(r: ListingRow): string | null {
  if (r.external?.sku) return r.external.sku;
  return r.channelSku.startsWith(`${r.external!.listing_id}`) ? null : r.channelSku;
}

/**
 * Each linked product's offering quantity, one getListingInventory per Etsy listing. A listing Etsy does
 * not have (404), or a SKU the listing lacks, reads as null.
 */
export async function readEtsyStock(
  env: Env,
  db: Database,
  channelId: string,
  rows: ListingRow[],
): Promise<ShownStock> {
  const shown: ShownStock = new Map();
  const client = await etsyClient(env, db, channelId);
  if (!client) return shown;
  const linked = rows.filter((r) => /^\d+$/.test(r.external?.listing_id ?? ''));
  for (const [listingId, group] of Map.groupBy(linked, (r) => r.external!.listing_id!)) {
    let body: unknown;
    try {
      body = await client.request(etsyListingInventoryRequest(listingId));
    } catch (err) {
      if (!(err instanceof EtsyRefused && err.status === 404)) throw err;
      for (const row of group) shown.set(row.channelSku, null);
      continue;
    }
    const products = parsePayload('etsy', Inventory, body).products.filter((p) => !p.is_deleted);
    for (const row of group) {
      const sku = productSku(row);
      const product =
        sku === null
          ? products.length === 1
            ? products[0]
            : undefined
          : products.find((p) => p.sku?.trim() === sku);
      const quantity = product?.offerings.find((o) => !o.is_deleted)?.quantity;
      // Etsy shows at most 999: a listing we pushed more to shows exactly what we sent.
      const capped = quantity === ETSY_MAX_QUANTITY && (row.pushedQuantity ?? 0) > ETSY_MAX_QUANTITY;
      shown.set(row.channelSku, capped ? row.pushedQuantity : (quantity ?? null));
    }
  }
  return shown;
}
