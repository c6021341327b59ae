import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { runBatch } from '../../db/batch';
import type { Database } from '../../db/client';
import { channels, exceptions, listings } from '../../db/schema';
import { parseShopifyAvailable, shopifyAvailableQuery } from '../domain/channels/shopify-levels';
import { auditInsert } from '../repo/audit';
import { channelWithConfig, settingsOf } from './channels';
import { type ShopifyConfig, shopifyGraphql } from './shopify-client';
import { syncStock } from './sync-stock';

export interface ReconcileReport {
  channel: string;
  /** Listings whose channel quantity was read. */
  checked: number;
  /** Listings where the channel showed something other than what we last pushed. */
  drifted: { channel_sku: string; sku: string; expected: number | null; found: number }[];
  /** Listings the channel does not stock at the mapped location (nothing to compare). */
  missing: string[];
}

const gid = (id: string) => (/^\d+$/.test(id) ? `gid://shopify/InventoryItem/${id}` : id);

/**
 * Reads what the channel shows for every linked listing and repairs drift: where it differs from what we
 * last pushed (an edit in the channel's admin, a lost push), our record takes the channel's number so the
 * next compare-and-set starts from the truth, the SKU's quantity is pushed again, and the open stock
 * conflicts of those listings are resolved. Stock itself is never taken from the channel: the
 * InventoryDO holds the truth.
 */
export async function reconcileChannelStock(
  env: Env,
  db: Database,
  channelId: string,
  actor = 'system:reconcile',
): Promise<ReconcileReport | null> {
  const channel = await channelWithConfig<ShopifyConfig>(env, db, channelId);
  if (channel?.row.type !== 'shopify' || channel.row.status !== 'active') return null;
  const rows = await db
    .select()
    .from(listings)
    .where(and(eq(listings.channel, channelId), isNotNull(listings.external)));
  const linked = rows.filter((r) => r.external?.inventory_item_id && r.external?.location_id);
  const byLocation = Map.groupBy(linked, (r) => r.external!.location_id!);
  const report: ReconcileReport = { channel: channelId, checked: 0, drifted: [], missing: [] };
  for (const [location, group] of byLocation) {
    const requests = shopifyAvailableQuery(
      group.map((r) => r.external!.inventory_item_id!),
      location,
      channel.config.api_version,
    );
    for (const [i, req] of requests.entries()) {
      const res = await shopifyGraphql(
        env,
        channelId,
        channel.config,
        settingsOf(channel.row).rate_limits,
        req,
      );
      const found = parseShopifyAvailable(res.body);
      for (const listing of group.slice(i * 250, (i + 1) * 250)) {
        const shown = found.get(gid(listing.external!.inventory_item_id!));
        if (shown === undefined) {
          report.missing.push(listing.channelSku);
          continue;
        }
        report.checked++;
        if (shown !== listing.pushedQuantity) {
          report.drifted.push({
            channel_sku: listing.channelSku,
            sku: listing.sku,
            expected: listing.pushedQuantity,
            found: shown,
          });
        }
      }
    }
  }
  const drifted = report.drifted;
  const now = new Date().toISOString();
  await runBatch(db, [
    ...drifted.map((d) =>
      db
        .update(listings)
        .set({ pushedQuantity: d.found, pushedAt: now })
        .where(and(eq(listings.channel, channelId), eq(listings.channelSku, d.channel_sku))),
    ),
    ...(drifted.length
      ? [
          db
            .update(exceptions)
            .set({ status: 'resolved', resolvedAt: now })
            .where(
              and(
                eq(exceptions.channel, channelId),
                eq(exceptions.kind, 'sync_conflict'),
                eq(exceptions.status, 'open'),
                inArray(
                  exceptions.sku,
                  drifted.map((d) => d.sku),
                ),
              ),
            ),
        ]
      : []),
    db.update(channels).set({ lastSyncedAt: now }).where(eq(channels.code, channelId)),
    auditInsert(db, {
      actor,
      action: 'channel.reconcile',
      entity: 'channel',
      entityId: channelId,
      data: { checked: report.checked, drifted, missing: report.missing },
    }),
  ]);
  // desired quantities are recomputed from the DO now, and pushed where they differ from the channel's
  await syncStock(
    env,
    db,
    drifted.map((d) => d.sku),
  );
  return report;
}

/** The nightly pass over every active channel that can be read back (Shopify today). */
export async function reconcileAllChannels(env: Env, db: Database) {
  const active = await db
    .select({ code: channels.code })
    .from(channels)
    .where(and(eq(channels.status, 'active'), eq(channels.type, 'shopify')));
  for (const { code } of active) {
    await reconcileChannelStock(env, db, code).catch((err) =>
      console.error(
        JSON.stringify({ level: 'error', message: 'reconcile failed', channel: code, error: String(err) }),
      ),
    );
  }
}
