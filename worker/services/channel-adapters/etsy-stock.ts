import { runBatch } from '../../../db/batch';
import type { Database } from '../../../db/client';
import { listings } from '../../../db/schema';
import {
  ETSY_MAX_QUANTITY,
  etsyInventoryUpdate,
  etsyListingInventoryRequest,
} from '../../domain/channels/etsy';
import { ChannelPayloadError } from '../../domain/channels/types';
import { EtsyRefused, etsyClient } from './etsy-client';
import { listingIs, recordPushed, recordRefused } from './listing-push-results';
import type { ListingRow } from './types';

/**
 * The product SKU inside the Etsy listing: external.sku, else the channel SKU, except when the channel
 * SKU is the "<listing_id>/<product_id>" stand-in of a product without one (then the listing's only product).
 */
function productSku(r: ListingRow): string | null {
  if (r.external?.sku) return r.external.sku;
  return r.channelSku.startsWith(`${r.external!.listing_id}`) ? null : r.channelSku;
}

/**
 * Etsy replaces a listing's whole inventory on write, so each listing is read (getListingInventory) and
 * written back (updateListingInventory) with only its linked products' quantities changed: every other
 * offering, price and property stays as read. Etsy shows at most 999, so more is published as 999. A
 * listing Etsy refuses (or whose SKU it lacks) becomes a `sync_failure` for its rows alone.
 */
export async function pushEtsyStock(env: Env, db: Database, channelId: string, rows: ListingRow[]) {
  const client = await etsyClient(env, db, channelId);
  if (!client) return;
  const linked = rows.filter((r) => /^\d+$/.test(r.external?.listing_id ?? ''));
  await runBatch(
    db,
    rows
      .filter((r) => !linked.includes(r))
      .map((r) =>
        db
          .update(listings)
          .set({ syncError: 'Link the listing with external.listing_id (and sku) to push stock' })
          .where(listingIs(channelId, r)),
      ),
  );
  const byListing = Map.groupBy(linked, (r) => r.external!.listing_id!);
  for (const [listingId, group] of byListing) {
    const current = await client.request(etsyListingInventoryRequest(listingId));
    let update: ReturnType<typeof etsyInventoryUpdate>;
    try {
      update = etsyInventoryUpdate(
        listingId,
        current,
        group.map((r) => ({
          sku: productSku(r),
          quantity: Math.min(ETSY_MAX_QUANTITY, r.desiredQuantity ?? 0),
        })),
      );
    } catch (err) {
      if (!(err instanceof ChannelPayloadError)) throw err;
      await refusedByEtsy(db, channelId, group, err.message);
      continue;
    }
    if (!update.ok) {
      await refusedByEtsy(db, channelId, group, `${update.code} (listing ${listingId})`);
      continue;
    }
    try {
      await client.request(update.request);
    } catch (err) {
      if (!(err instanceof EtsyRefused)) throw err;
      await refusedByEtsy(db, channelId, group, err.message);
      continue;
    }
    await recordPushed(db, channelId, group);
  }
}

const refusedByEtsy = (db: Database, channelId: string, rows: ListingRow[], message: string) =>
  recordRefused(db, channelId, rows, { message, exception: `Etsy refused the stock update: ${message}` });
