import { z } from 'zod';
import type { Database } from '../../../db/client';
import { parsePayload } from '../../domain/channels/payload';
import type { ChannelRequest } from '../../domain/channels/types';
import { channelWithConfig, settingsOf } from '../channels';
import { type AmazonConfig, amazonCall, amazonError } from './amazon-client';
import type { ListingRow, ShownStock } from './types';

const ListingsItem = z.object({
  fulfillmentAvailability: z
    .array(
      z.object({
        fulfillmentChannelCode: z.string(),
        quantity: z.number().int().nonnegative().nullish(),
      }),
    )
    .nullish(),
});

function getListingsItem(sellerId: string, sku: string, marketplaceId: string): ChannelRequest {
  const query = new URLSearchParams({
    marketplaceIds: marketplaceId,
    includedData: 'fulfillmentAvailability',
  });
  return {
    method: 'GET',
    path: `/listings/2021-08-01/items/${encodeURIComponent(sellerId)}/${encodeURIComponent(sku)}?${query}`,
    headers: {},
    body: '',
  };
}

/**
 * The merchant-fulfilled quantity (fulfillmentAvailability DEFAULT) of each listing, one getListingsItem
 * per listing within the account's budget for it. A SKU Amazon does not know (404), or one it shows only
 * as fulfilled by Amazon, reads as null: there is no quantity of ours to compare.
 */
export async function readAmazonStock(
  env: Env,
  db: Database,
  channelId: string,
  rows: ListingRow[],
): Promise<ShownStock> {
  const shown: ShownStock = new Map();
  const found = await channelWithConfig<AmazonConfig>(env, db, channelId);
  if (!found) return shown;
  const channel = { code: channelId, config: found.config, overrides: settingsOf(found.row).rate_limits };
  for (const row of rows.filter((r) => r.external)) {
    const req = getListingsItem(
      found.config.seller_id,
      row.external?.seller_sku ?? row.channelSku,
      row.external?.marketplace_id ?? found.config.marketplace_ids[0]!,
    );
    const res = await amazonCall(env, channel, 'amazon.getListingsItem', req);
    if (res.status === 404) {
      shown.set(row.channelSku, null);
      continue;
    }
    if (res.status >= 300)
      throw new Error(`Amazon refused the listing read: ${amazonError(res.body, res.status)}`);
    const item = parsePayload('amazon', ListingsItem, res.body);
    const merchant = item.fulfillmentAvailability?.find((f) => f.fulfillmentChannelCode === 'DEFAULT');
    shown.set(row.channelSku, merchant?.quantity ?? null);
  }
  return shown;
}
