import { z } from 'zod';
import type { Database } from '../../../db/client';
import { EBAY_BULK_MAX } from '../../domain/channels/ebay';
import { parsePayload } from '../../domain/channels/payload';
import { channelWithConfig, settingsOf } from '../channels';
import { type EbayChannel, type EbayConfig, ebayCall, ebayError } from './ebay-client';
import type { ListingRow, ShownStock } from './types';

const BulkGetAnswer = z.object({
  responses: z.array(
    z.object({
      statusCode: z.number().int(),
      sku: z.string(),
      inventoryItem: z
        .object({
          availability: z
            .object({
              shipToLocationAvailability: z
                .object({ quantity: z.number().int().nonnegative().nullish() })
                .nullish(),
            })
            .nullish(),
        })
        .nullish(),
    }),
  ),
});

const ebaySku = (row: ListingRow) => row.external?.sku ?? row.channelSku;

/**
 * Each listing's shipToLocationAvailability quantity, read with bulkGetInventoryItem 25 SKUs a call within
 * the Inventory API budget. eBay answers item by item: a SKU it does not know (or refuses to show) reads
 * as null, an item without availability shows 0.
 */
export async function readEbayStock(
  env: Env,
  db: Database,
  channelId: string,
  rows: ListingRow[],
): Promise<ShownStock> {
  const shown: ShownStock = new Map();
  const found = await channelWithConfig<EbayConfig>(env, db, channelId);
  if (!found) return shown;
  const channel: EbayChannel = {
    code: channelId,
    config: found.config,
    overrides: settingsOf(found.row).rate_limits,
  };
  const items = rows.filter((r) => r.external);
  for (let i = 0; i < items.length; i += EBAY_BULK_MAX) {
    const chunk = items.slice(i, i + EBAY_BULK_MAX);
    const res = await ebayCall(env, channel, 'ebay.inventory', {
      method: 'POST',
      path: '/sell/inventory/v1/bulk_get_inventory_item',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requests: chunk.map((r) => ({ sku: ebaySku(r) })) }),
    });
    if (res.status !== 200 && res.status !== 207) {
      throw new Error(`eBay refused the inventory read: ${ebayError(res.body, res.status)}`);
    }
    const { responses } = parsePayload('ebay', BulkGetAnswer, res.body);
    for (const row of chunk) {
      const item = responses.find((r) => r.sku === ebaySku(row));
      shown.set(
        row.channelSku,
        item?.statusCode === 200
          ? (item.inventoryItem?.availability?.shipToLocationAvailability?.quantity ?? 0)
          : null,
      );
    }
  }
  return shown;
}
