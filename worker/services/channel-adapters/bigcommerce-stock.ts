import { runBatch } from '../../../db/batch';
import type { Database } from '../../../db/client';
import { listings } from '../../../db/schema';
import { bigcommerceInventoryRequests } from '../../domain/channels/bigcommerce';
import { BigCommerceRefused, bigcommerceClient } from './bigcommerce-client';
import { listingIs, recordPushed, recordRefused } from './listing-push-results';
import type { ListingRow } from './types';

/** Every BigCommerce store has location 1, its default; multi-location stores name theirs per listing. */
const DEFAULT_LOCATION = '1';

const isId = (id: string | undefined) => /^[1-9]\d{0,15}$/.test(id ?? '');
const stockKey = (variantId: string | number, locationId: string | number) => `${variantId}@${locationId}`;
const keyOf = (r: ListingRow) =>
  stockKey(r.external!.variant_id!, r.external?.location_id ?? DEFAULT_LOCATION);

/**
 * Sets each listing's variant (external.variant_id) at its location (external.location_id, else the
 * default location) with absolute adjustments, 2,000 per call. BigCommerce takes or refuses a call
 * whole: a refusal becomes a `sync_failure` for every listing in it.
 */
export async function pushBigCommerceStock(env: Env, db: Database, channelId: string, rows: ListingRow[]) {
  const client = await bigcommerceClient(env, db, channelId);
  if (!client) return;
  const linked = (r: ListingRow) =>
    isId(r.external?.variant_id) && isId(r.external?.location_id ?? DEFAULT_LOCATION);
  await runBatch(
    db,
    rows
      .filter((r) => !linked(r))
      .map((r) =>
        db
          .update(listings)
          .set({ syncError: 'Link the listing with external.variant_id (and location_id) to push stock' })
          .where(listingIs(channelId, r)),
      ),
  );
  const items = rows.filter(linked);
  const byKey = new Map(items.map((r) => [keyOf(r), r]));
  const requests = bigcommerceInventoryRequests(
    client.config.store_hash,
    items.map((r) => ({
      variantId: r.external!.variant_id!,
      locationId: r.external?.location_id ?? DEFAULT_LOCATION,
      quantity: r.desiredQuantity ?? 0,
    })),
  );
  for (const req of requests) {
    const sent = (JSON.parse(req.body) as { items: { variant_id: number; location_id: number }[] }).items;
    const sentRows = sent.map((i) => byKey.get(stockKey(i.variant_id, i.location_id))!);
    try {
      await client.request(req);
    } catch (err) {
      if (!(err instanceof BigCommerceRefused)) throw err;
      await refusedByBigCommerce(db, channelId, sentRows, err.message);
      continue;
    }
    await recordPushed(db, channelId, sentRows);
  }
}

const refusedByBigCommerce = (db: Database, channelId: string, rows: ListingRow[], message: string) =>
  recordRefused(db, channelId, rows, {
    message,
    exception: `BigCommerce refused the stock update: ${message}`,
  });
