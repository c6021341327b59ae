import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { exceptions, listings } from '../../db/schema';
import { SHOPIFY_MAX_QUANTITIES, shopifyInventorySetMutation } from '../domain/channels/shopify';
import { newId } from '../domain/ids';
import { sha256Hex } from '../domain/secrets';
import { channelWithConfig } from './channels';

/** The channel asked us to slow down or failed for now: retry the message after `seconds`. */
export class RetryLater extends Error {
  constructor(readonly seconds: number) {
    super(`retry in ${seconds} s`);
  }
}

interface ShopifyConfig {
  shop_domain: string;
  access_token: string;
  api_version: string;
  api_base_url?: string;
}

type ListingRow = typeof listings.$inferSelect;

/**
 * Sets Shopify's "available" for each listing, compare-and-set against what Shopify last accepted from us:
 * a mismatch means someone changed stock in Shopify, so it becomes a `sync_conflict` to reconcile, not an
 * overwrite. A 429 or 5xx is retried after Retry-After.
 */
export async function pushShopifyStock(env: Env, db: Database, channelId: string, rows: ListingRow[]) {
  const channel = await channelWithConfig<ShopifyConfig>(env, db, channelId);
  if (!channel) return;
  const items = rows.filter((r) => r.external?.inventory_item_id && r.external?.location_id);
  if (items.length === 0) return;
  const quantities = items.map((r) => ({
    inventoryItemId: r.external!.inventory_item_id!,
    locationId: r.external!.location_id!,
    quantity: r.desiredQuantity ?? 0,
    compareQuantity: r.pushedQuantity,
  }));
  const key = await sha256Hex(JSON.stringify(quantities));
  const base = channel.config.api_base_url ?? `https://${channel.config.shop_domain}`;
  const requests = shopifyInventorySetMutation(quantities, key, channel.config.api_version);
  for (const [i, req] of requests.entries()) {
    // the requests carry the items in order, SHOPIFY_MAX_QUANTITIES at a time
    const pushed = items.slice(i * SHOPIFY_MAX_QUANTITIES, (i + 1) * SHOPIFY_MAX_QUANTITIES);
    const res = await fetch(`${base}${req.path}`, {
      method: req.method,
      headers: { ...req.headers, 'x-shopify-access-token': channel.config.access_token },
      body: req.body,
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status === 429 || res.status >= 500)
      throw new RetryLater(Number(res.headers.get('retry-after')) || 5);
    const body = (await res.json().catch(() => null)) as {
      data?: { inventorySetQuantities?: { userErrors?: { code?: string; message: string }[] } };
    } | null;
    const errors =
      body?.data?.inventorySetQuantities?.userErrors ?? (res.ok ? [] : [{ message: `HTTP ${res.status}` }]);
    const now = new Date().toISOString();
    if (errors.length === 0) {
      for (const r of pushed) {
        await db
          .update(listings)
          .set({ pushedQuantity: r.desiredQuantity, pushedAt: now, syncError: null })
          .where(and(eq(listings.channel, channelId), eq(listings.channelSku, r.channelSku)));
      }
      continue;
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
      db.insert(exceptions).values({
        id: newId('exc'),
        kind: errors.some((e) => /CHANGE_FROM|COMPARE/i.test(e.code ?? ''))
          ? 'sync_conflict'
          : 'sync_failure',
        status: 'open',
        channel: channelId,
        sku: pushed[0]?.sku ?? null,
        message: `Shopify refused the stock update: ${message}`,
        details: { listings: pushed.map((r) => r.channelSku) },
      }),
    ]);
  }
}
