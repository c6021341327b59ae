import { z } from 'zod';
import type { Database } from '../../../db/client';
import { parsePayload } from '../../domain/channels/payload';
import type { ChannelRequest } from '../../domain/channels/types';
import { walmartHeaders } from '../../domain/channels/walmart';
import { channelWithConfig, settingsOf } from '../channels';
import type { ListingRow, ShownStock } from './types';
import { type WalmartConfig, walmartCall, walmartError } from './walmart-client';

const Inventory = z.object({
  sku: z.string(),
  quantity: z.object({ unit: z.string(), amount: z.number().int() }),
});

/** GET /v3/inventory for one SKU at the default ship node (where the push sets it). */
const inventoryRequest = (sku: string): ChannelRequest => ({
  method: 'GET',
  path: `/v3/inventory?${new URLSearchParams({ sku })}`,
  headers: walmartHeaders(crypto.randomUUID()),
  body: '',
});

/**
 * Each listing's quantity at the default ship node, one SKU per call within the account's inventory
 * budget. `external.sku` is the seller SKU (default: the channel SKU). A SKU Walmart does not know (404)
 * reads as null.
 */
export async function readWalmartStock(
  env: Env,
  db: Database,
  channelId: string,
  rows: ListingRow[],
): Promise<ShownStock> {
  const shown: ShownStock = new Map();
  const found = await channelWithConfig<WalmartConfig>(env, db, channelId);
  if (!found) return shown;
  const channel = { code: channelId, config: found.config, overrides: settingsOf(found.row).rate_limits };
  for (const row of rows.filter((r) => r.external)) {
    const res = await walmartCall(
      env,
      channel,
      'walmart.inventory',
      inventoryRequest(row.external?.sku ?? row.channelSku),
    );
    if (res.status === 404) {
      shown.set(row.channelSku, null);
      continue;
    }
    if (res.status >= 300)
      throw new Error(`Walmart refused the inventory read: ${walmartError(res.body, res.status)}`);
    shown.set(row.channelSku, parsePayload('walmart', Inventory, res.body).quantity.amount);
  }
  return shown;
}
