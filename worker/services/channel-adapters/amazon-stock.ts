import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { channels, exceptions, listings } from '../../../db/schema';
import { amazonPatchListingsQuantity } from '../../domain/channels/amazon';
import { newId } from '../../domain/ids';
import { channelWithConfig, settingsOf } from '../channels';
import { type AmazonConfig, amazonCall, amazonError } from './amazon-client';
import type { ListingRow } from './types';

/**
 * Sets each listing's fulfillment_availability quantity with patchListingsItem, one call per listing within
 * the account's patchListingsItem budget, zero-outs first (they are what prevents an oversell). Amazon
 * queues an ACCEPTED patch, which is recorded as pushed; an INVALID one becomes a `sync_failure` for that
 * listing alone. Listings push only with `external` set: `seller_sku` (default: the channel SKU), and
 * optionally `marketplace_id` and `product_type`.
 */
export async function pushAmazonStock(env: Env, db: Database, channelId: string, rows: ListingRow[]) {
  const found = await channelWithConfig<AmazonConfig>(env, db, channelId);
  if (!found) return;
  const channel = { code: channelId, config: found.config, overrides: settingsOf(found.row).rate_limits };
  const items = rows
    .filter((r) => r.external)
    .sort((a, b) => Number((a.desiredQuantity ?? 0) !== 0) - Number((b.desiredQuantity ?? 0) !== 0));
  for (const row of items) {
    const quantity = row.desiredQuantity ?? 0;
    const req = amazonPatchListingsQuantity(
      found.config.seller_id,
      row.external?.seller_sku ?? row.channelSku,
      row.external?.marketplace_id ?? found.config.marketplace_ids[0]!,
      quantity,
      { productType: row.external?.product_type },
    );
    const res = await amazonCall(env, channel, 'amazon.patchListingsItem', req);
    const accepted = (res.body as { status?: string } | null)?.status === 'ACCEPTED';
    const now = new Date().toISOString();
    if (res.status < 300 && accepted) {
      await db.batch([
        db
          .update(listings)
          .set({ pushedQuantity: quantity, pushedAt: now, syncError: null })
          .where(and(eq(listings.channel, channelId), eq(listings.channelSku, row.channelSku))),
        db.update(channels).set({ lastSyncedAt: now }).where(eq(channels.code, channelId)),
      ]);
      continue;
    }
    const message = amazonError(res.body, res.status);
    await db.batch([
      db
        .update(listings)
        .set({ syncError: message })
        .where(and(eq(listings.channel, channelId), eq(listings.channelSku, row.channelSku))),
      db
        .update(channels)
        .set({ lastError: `Stock push refused: ${message}` })
        .where(eq(channels.code, channelId)),
      db.insert(exceptions).values({
        id: newId('exc'),
        kind: 'sync_failure',
        status: 'open',
        channel: channelId,
        sku: row.sku,
        message: `Amazon refused the stock update for ${row.channelSku}: ${message}`,
        details: { listings: [row.channelSku], quantity },
      }),
    ]);
  }
}
