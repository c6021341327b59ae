import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { channels, exceptions, listings } from '../../db/schema';
import { SHOPIFY_MAX_QUANTITIES, shopifyInventorySetMutation } from '../domain/channels/shopify';
import { newId } from '../domain/ids';
import { sha256Hex } from '../domain/secrets';
import { recordPushed } from './channel-adapters/listing-push-results';
import type { RateLimitOverrides } from './channel-limits';
import { channelWithConfig, settingsOf } from './channels';
import { type ShopifyConfig, shopifyGraphql } from './shopify-client';

type ListingRow = typeof listings.$inferSelect;

/**
 * Sets Shopify's "available" for each listing, compare-and-set against what Shopify last accepted from us:
 * a mismatch means someone changed stock in Shopify, so it becomes a `sync_conflict` to reconcile, not an
 * overwrite. Zero-outs go first (they are what prevents an oversell); every request first spends from the
 * shop's shared GraphQL budget, which follows what Shopify reports back; a 429 or 5xx is retried later.
 */
export async function pushShopifyStock(env: Env, db: Database, channelId: string, rows: ListingRow[]) {
  const channel = await channelWithConfig<ShopifyConfig>(env, db, channelId);
  if (!channel) return;
  const items = rows.filter((r) => r.external?.inventory_item_id && r.external?.location_id);
  if (items.length === 0) return;
  const zeroOuts = items.filter((r) => (r.desiredQuantity ?? 0) === 0);
  const others = items.filter((r) => (r.desiredQuantity ?? 0) !== 0);
  const overrides = settingsOf(channel.row).rate_limits;
  for (const group of [zeroOuts, others]) {
    for (let i = 0; i < group.length; i += SHOPIFY_MAX_QUANTITIES) {
      await pushOneRequest(env, db, channel, overrides, group.slice(i, i + SHOPIFY_MAX_QUANTITIES));
    }
  }
}

async function pushOneRequest(
  env: Env,
  db: Database,
  channel: { row: { code: string }; config: ShopifyConfig },
  overrides: RateLimitOverrides | undefined,
  pushed: ListingRow[],
) {
  const channelId = channel.row.code;
  const quantities = pushed.map((r) => ({
    inventoryItemId: r.external!.inventory_item_id!,
    locationId: r.external!.location_id!,
    quantity: r.desiredQuantity ?? 0,
    compareQuantity: r.pushedQuantity,
  }));
  const key = await sha256Hex(JSON.stringify(quantities));
  const [req] = shopifyInventorySetMutation(quantities, key, channel.config.api_version);
  const res = await shopifyGraphql(env, channelId, channel.config, overrides, req!);
  const body = res.body as {
    data?: { inventorySetQuantities?: { userErrors?: { code?: string; message: string }[] } };
  } | null;
  const errors =
    body?.data?.inventorySetQuantities?.userErrors ??
    (res.status < 300 ? [] : [{ message: `HTTP ${res.status}` }]);
  const _now = new Date().toISOString();
  if (errors.length === 0) {
    await recordPushed(db, channelId, pushed);
    return;
  }
  const message = errors.map((e) => e.message).join('; ');
  await db.batch([
    db
      .update(listings)
      .set({ syncError: message })
      .where(
        and(
          eq(listings.channel, channelId),
          inArray(
            listings.channelSku,
            pushed.map((r) => r.channelSku),
          ),
        ),
      ),
    db
      .update(channels)
      .set({ lastError: `Stock push refused: ${message}` })
      .where(eq(channels.code, channelId)),
    db.insert(exceptions).values({
      id: newId('exc'),
      kind: errors.some((e) => /CHANGE_FROM|COMPARE/i.test(e.code ?? '')) ? 'sync_conflict' : 'sync_failure',
      status: 'open',
      channel: channelId,
      sku: pushed[0]?.sku ?? null,
      message: `Shopify refused the stock update: ${message}`,
      details: { listings: pushed.map((r) => r.channelSku) },
    }),
  ]);
}
