import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { channels, exceptions, listings } from '../../../db/schema';
import { walmartInventoryRequest } from '../../domain/channels/walmart';
import { newId } from '../../domain/ids';
import { channelWithConfig, settingsOf } from '../channels';
import type { ListingRow } from './types';
import { type WalmartConfig, walmartCall, walmartError } from './walmart-client';

/**
 * Sets each listing's quantity with PUT /v3/inventory, one SKU per call within the account's inventory budget
 * (which follows what Walmart reports back), zero-outs first. A refused SKU becomes a `sync_failure` for that
 * listing alone. Listings push only with `external` set; `external.sku` is the seller SKU (default: the
 * channel SKU).
 */
export async function pushWalmartStock(env: Env, db: Database, channelId: string, rows: ListingRow[]) {
  const found = await channelWithConfig<WalmartConfig>(env, db, channelId);
  if (!found) return;
  const channel = { code: channelId, config: found.config, overrides: settingsOf(found.row).rate_limits };
  const items = rows
    .filter((r) => r.external)
    .sort((a, b) => Number((a.desiredQuantity ?? 0) !== 0) - Number((b.desiredQuantity ?? 0) !== 0));
  for (const row of items) {
    const quantity = row.desiredQuantity ?? 0;
    const req = walmartInventoryRequest(row.external?.sku ?? row.channelSku, quantity, crypto.randomUUID());
    const res = await walmartCall(env, channel, 'walmart.inventory', req);
    const now = new Date().toISOString();
    const where = and(eq(listings.channel, channelId), eq(listings.channelSku, row.channelSku));
    if (res.status < 300) {
      await db.batch([
        db.update(listings).set({ pushedQuantity: quantity, pushedAt: now, syncError: null }).where(where),
        db.update(channels).set({ lastSyncedAt: now }).where(eq(channels.code, channelId)),
      ]);
      continue;
    }
    const message = walmartError(res.body, res.status);
    await db.batch([
      db.update(listings).set({ syncError: message }).where(where),
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
        message: `Walmart refused the stock update for ${row.channelSku}: ${message}`,
        details: { listings: [row.channelSku], quantity },
      }),
    ]);
  }
}
