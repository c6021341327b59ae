import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { channels, exceptions, listings } from '../../../db/schema';
import { EBAY_BULK_MAX, ebayBulkQuantityRequests, parseEbayBulkResponse } from '../../domain/channels/ebay';
import { ChannelPayloadError } from '../../domain/channels/types';
import { newId } from '../../domain/ids';
import { channelWithConfig, settingsOf } from '../channels';
import { type EbayChannel, type EbayConfig, ebayCall, ebayError } from './ebay-client';
import { recordPushed } from './listing-push-results';
import type { ListingRow } from './types';

/**
 * Sets each listing's shipToLocationAvailability with bulkUpdatePriceQuantity, 25 SKUs a call within the
 * Inventory API budget, zero-outs first. eBay answers item by item: the items it took are recorded as pushed,
 * and each item it refused becomes a `sync_failure` for that listing alone. Listings push only with
 * `external` set; `external.sku` is the Inventory API SKU (default: the channel SKU).
 */
export async function pushEbayStock(env: Env, db: Database, channelId: string, rows: ListingRow[]) {
  const found = await channelWithConfig<EbayConfig>(env, db, channelId);
  if (!found) return;
  const channel: EbayChannel = {
    code: channelId,
    config: found.config,
    overrides: settingsOf(found.row).rate_limits,
  };
  const items = rows
    .filter((r) => r.external)
    .sort((a, b) => Number((a.desiredQuantity ?? 0) !== 0) - Number((b.desiredQuantity ?? 0) !== 0));
  for (let i = 0; i < items.length; i += EBAY_BULK_MAX) {
    await pushChunk(env, db, channel, items.slice(i, i + EBAY_BULK_MAX));
  }
}

const ebaySku = (row: ListingRow) => row.external?.sku ?? row.channelSku;

async function pushChunk(env: Env, db: Database, channel: EbayChannel, rows: ListingRow[]) {
  const [req] = ebayBulkQuantityRequests(
    rows.map((r) => ({ sku: ebaySku(r), quantity: r.desiredQuantity ?? 0 })),
  );
  const res = await ebayCall(env, channel, 'ebay.inventory', req!);
  let result: ReturnType<typeof parseEbayBulkResponse>;
  try {
    result = parseEbayBulkResponse(res.body, rows.map(ebaySku));
  } catch (err) {
    if (!(err instanceof ChannelPayloadError)) throw err;
    const message = ebayError(res.body, res.status);
    result = {
      updated: [],
      failed: rows.map((r) => ({ sku: ebaySku(r), statusCode: res.status, errors: [{ message }] })),
    };
  }
  await recordPushed(
    db,
    channel.code,
    rows.filter((r) => result.updated.includes(ebaySku(r))),
  );
  for (const failure of result.failed) {
    const row = rows.find((r) => ebaySku(r) === failure.sku);
    if (!row) continue;
    const message =
      failure.errors.map((e) => e.message ?? `error ${e.errorId}`).join('; ') ||
      `status ${failure.statusCode}`;
    await db.batch([
      db
        .update(listings)
        .set({ syncError: message })
        .where(and(eq(listings.channel, channel.code), inArray(listings.channelSku, [row.channelSku]))),
      db
        .update(channels)
        .set({ lastError: `Stock push refused: ${message}` })
        .where(eq(channels.code, channel.code)),
      db.insert(exceptions).values({
        id: newId('exc'),
        kind: 'sync_failure',
        status: 'open',
        channel: channel.code,
        sku: row.sku,
        message: `eBay refused the stock update for ${row.channelSku}: ${message}`,
        details: { listings: [row.channelSku], quantity: row.desiredQuantity, status: failure.statusCode },
      }),
    ]);
  }
}
