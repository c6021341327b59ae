import { and, eq, inArray } from 'drizzle-orm';
import { runBatch } from '../../db/batch';
import type { Database } from '../../db/client';
import { channels, exceptions, listings } from '../../db/schema';
import { parseRetryAfter } from '../domain/channels/rate-limits';
import {
  parseShopifyThrottle,
  SHOPIFY_MAX_QUANTITIES,
  shopifyInventorySetMutation,
} from '../domain/channels/shopify';
import { newId } from '../domain/ids';
import { sha256Hex } from '../domain/secrets';
import { budgetSpec, channelBudget, type RateLimitOverrides } from './channel-limits';
import { channelWithConfig } from './channels';
import { RetryLater } from './retry-later';

/** Shopify charges a mutation 10 points of its GraphQL bucket. */
const MUTATION_COST = 10;

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
  const settings = channel.row.settings as { rate_limits?: RateLimitOverrides } | null;
  const spec = budgetSpec('shopify.graphql', settings?.rate_limits);
  const budget = channelBudget(env, channelId);
  for (const group of [zeroOuts, others]) {
    for (let i = 0; i < group.length; i += SHOPIFY_MAX_QUANTITIES) {
      const pushed = group.slice(i, i + SHOPIFY_MAX_QUANTITIES);
      await budget.spend('shopify.graphql', spec, MUTATION_COST);
      await pushOneRequest(db, channelId, channel.config, pushed, {
        onThrottle: (seconds) => budget.penalize('shopify.graphql', spec, seconds),
        onBudget: (seen) => budget.observe('shopify.graphql', spec, seen),
      });
    }
  }
}

interface BudgetReports {
  onThrottle(retryAfterSeconds: number): Promise<void>;
  onBudget(seen: { available: number; capacity: number; refillPerSecond: number }): Promise<void>;
}

async function pushOneRequest(
  db: Database,
  channelId: string,
  config: ShopifyConfig,
  pushed: ListingRow[],
  reports: BudgetReports,
) {
  const quantities = pushed.map((r) => ({
    inventoryItemId: r.external!.inventory_item_id!,
    locationId: r.external!.location_id!,
    quantity: r.desiredQuantity ?? 0,
    compareQuantity: r.pushedQuantity,
  }));
  const key = await sha256Hex(JSON.stringify(quantities));
  const base = config.api_base_url ?? `https://${config.shop_domain}`;
  const [req] = shopifyInventorySetMutation(quantities, key, config.api_version);
  const res = await fetch(`${base}${req!.path}`, {
    method: req!.method,
    headers: { ...req!.headers, 'x-shopify-access-token': config.access_token },
    body: req!.body,
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status === 429 || res.status >= 500) {
    const seconds = parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? 5;
    if (res.status === 429) await reports.onThrottle(seconds);
    throw new RetryLater(seconds);
  }
  const body = (await res.json().catch(() => null)) as {
    data?: { inventorySetQuantities?: { userErrors?: { code?: string; message: string }[] } };
  } | null;
  const throttle = parseShopifyThrottle(body);
  if (throttle) {
    await reports.onBudget({
      available: throttle.currentlyAvailable,
      capacity: throttle.maximumAvailable,
      refillPerSecond: throttle.restoreRate,
    });
  }
  const errors =
    body?.data?.inventorySetQuantities?.userErrors ?? (res.ok ? [] : [{ message: `HTTP ${res.status}` }]);
  const now = new Date().toISOString();
  if (errors.length === 0) {
    await runBatch(db, [
      ...pushed.map((r) =>
        db
          .update(listings)
          .set({ pushedQuantity: r.desiredQuantity, pushedAt: now, syncError: null })
          .where(and(eq(listings.channel, channelId), eq(listings.channelSku, r.channelSku))),
      ),
      db.update(channels).set({ lastSyncedAt: now }).where(eq(channels.code, channelId)),
    ]);
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
