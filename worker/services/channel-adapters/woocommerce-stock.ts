import { eq } from 'drizzle-orm';
import { runBatch } from '../../../db/batch';
import type { Database } from '../../../db/client';
import { channels, exceptions, listings } from '../../../db/schema';
import { parseWooBatchResponse, wooStockBatchRequests } from '../../domain/channels/woocommerce';
import { newId } from '../../domain/ids';
import { listingIs, recordPushed } from './listing-push-results';
import type { ListingRow } from './types';
import { WooRefused, wooClient } from './woocommerce-client';

const isId = (id: string | undefined) => /^[1-9]\d{0,15}$/.test(id ?? '');

/** The Woo post id a listing's stock lives on: the variation when there is one, else the product. */
const wooIdOf = (r: ListingRow) => r.external?.variation_id || r.external?.product_id;

/**
 * Sets stock_quantity of each listing's product (external.product_id) or variation (external.variation_id
 * under external.product_id) through the batch endpoints, 100 per call. Woo answers 200 with an error on
 * the items it refused: only those become `sync_failure` exceptions; the others are recorded as pushed.
 */
export async function pushWooStock(env: Env, db: Database, channelId: string, rows: ListingRow[]) {
  const client = await wooClient(env, db, channelId);
  if (!client) return;
  const unlinked = rows.filter(
    (r) =>
      !isId(r.external?.product_id) ||
      (r.external?.variation_id !== undefined && !isId(r.external.variation_id)),
  );
  await noteUnlinked(db, channelId, unlinked);
  const items = rows.filter((r) => !unlinked.includes(r));
  const byId = new Map(items.map((r) => [wooIdOf(r)!, r]));
  const requests = wooStockBatchRequests(
    items.map((r) => ({
      id: wooIdOf(r)!,
      ...(r.external?.variation_id ? { parentId: r.external.product_id } : {}),
      quantity: r.desiredQuantity ?? 0,
    })),
  );
  for (const req of requests) {
    const sent = (JSON.parse(req.body) as { update: { id: number }[] }).update.map((u) => String(u.id));
    const sentRows = sent.map((id) => byId.get(id)!);
    let result: ReturnType<typeof parseWooBatchResponse>;
    try {
      result = parseWooBatchResponse(await client.request(req), sent);
    } catch (err) {
      if (!(err instanceof WooRefused)) throw err;
      await recordRefused(
        db,
        channelId,
        sentRows.map((row) => ({ row, code: `http_${err.status}`, message: err.message })),
      );
      continue;
    }
    await recordPushed(
      db,
      channelId,
      result.updated.map((id) => byId.get(id)!),
    );
    await recordRefused(
      db,
      channelId,
      result.failed.map((f) => ({ row: byId.get(f.id)!, code: f.code, message: f.message })),
    );
  }
}

async function noteUnlinked(db: Database, channelId: string, rows: ListingRow[]) {
  await runBatch(
    db,
    rows.map((r) =>
      db
        .update(listings)
        .set({ syncError: 'Link the listing with external.product_id (and variation_id) to push stock' })
        .where(listingIs(channelId, r)),
    ),
  );
}

async function recordRefused(
  db: Database,
  channelId: string,
  failed: { row: ListingRow; code: string; message: string }[],
) {
  if (failed.length === 0) return;
  await runBatch(db, [
    ...failed.flatMap(({ row, code, message }) => [
      db
        .update(listings)
        .set({ syncError: `${code}: ${message}` })
        .where(listingIs(channelId, row)),
      db.insert(exceptions).values({
        id: newId('exc'),
        kind: 'sync_failure',
        status: 'open',
        channel: channelId,
        sku: row.sku,
        message: `WooCommerce refused the stock update for ${row.channelSku}: ${message}`,
        details: { listing: row.channelSku, woo_id: wooIdOf(row), code },
      }),
    ]),
    db
      .update(channels)
      .set({ lastError: `Stock push refused for ${failed.length} listing(s)` })
      .where(eq(channels.code, channelId)),
  ]);
}
