import type { Database } from '../../../db/client';
import {
  parseShopifyAvailable,
  SHOPIFY_MAX_NODES,
  shopifyAvailableQuery,
  shopifyGid,
} from '../../domain/channels/shopify-levels';
import { channelWithConfig, settingsOf } from '../channels';
import { type ShopifyConfig, shopifyGraphql } from '../shopify-client';
import type { ListingRow, ShownStock } from './types';

/**
 * What the shop shows as "available" for each listing's inventory item at its location
 * (external.inventory_item_id and external.location_id), 250 items a query within the shop's GraphQL budget.
 * An item the shop does not stock at that location reads as null.
 */
export async function readShopifyStock(
  env: Env,
  db: Database,
  channelId: string,
  rows: ListingRow[],
): Promise<ShownStock> {
  const shown: ShownStock = new Map();
  const channel = await channelWithConfig<ShopifyConfig>(env, db, channelId);
  if (!channel) return shown;
  const linked = rows.filter((r) => r.external?.inventory_item_id && r.external?.location_id);
  for (const [location, group] of Map.groupBy(linked, (r) => r.external!.location_id!)) {
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
      if (res.status >= 400) throw new Error(`Shopify refused the stock read (HTTP ${res.status})`);
      const available = parseShopifyAvailable(res.body);
      for (const row of group.slice(i * SHOPIFY_MAX_NODES, (i + 1) * SHOPIFY_MAX_NODES)) {
        const gid = shopifyGid('InventoryItem', row.external!.inventory_item_id!);
        shown.set(row.channelSku, available.get(gid) ?? null);
      }
    }
  }
  return shown;
}
