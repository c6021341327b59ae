import { z } from 'zod';
import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import {
  ETSY_RECEIPTS_MAX_LIMIT,
  etsyGetReceiptsRequest,
  etsyReceiptsPage,
  normalizeEtsyReceipt,
} from '../../domain/channels/etsy';
import { type ChannelOrder, ChannelPayloadError } from '../../domain/channels/types';
import { newId } from '../../domain/ids';
import { etsyClient } from './etsy-client';

/** How far back the first poll of a new shop reads: its open orders, not its whole history. */
const FIRST_POLL_LOOKBACK_SECONDS = 7 * 86_400;

/**
 * Where the next poll starts: receipts updated at or after `since` (epoch seconds), less the `skip`
 * receipts of that very second already applied.
 */
const Cursor = z.object({ since: z.number().int().nonnegative(), skip: z.number().int().nonnegative() });
type Cursor = z.output<typeof Cursor>;

const ReceiptStamp = z.object({ receipt_id: z.number(), update_timestamp: z.number().int().nonnegative() });

function readCursor(cursor: string | null, now: number): Cursor {
  const parsed = cursor ? Cursor.safeParse(JSON.parse(cursor)) : null;
  return parsed?.success
    ? parsed.data
    : { since: Math.floor(now / 1000) - FIRST_POLL_LOOKBACK_SECONDS, skip: 0 };
}

/**
 * One page of getShopReceipts by last-modified time, oldest first. The cursor moves to the newest update
 * seen (keyset, not offset: a receipt changed between two pages moves behind the cursor and is read
 * again rather than shifting the pages and being skipped). Re-reading a receipt is harmless: a version
 * we already hold changes nothing. A receipt we cannot read becomes a `channel_payload` exception and
 * is passed over, so it does not stop the receipts behind it.
 */
export async function pollEtsyReceipts(
  env: Env,
  db: Database,
  channel: { code: string },
  cursor: string | null,
): Promise<{ orders: ChannelOrder[]; cursor: string | null; more: boolean }> {
  const client = await etsyClient(env, db, channel.code);
  if (!client) return { orders: [], cursor, more: false };
  const from = readCursor(cursor, Date.now());
  const limit = ETSY_RECEIPTS_MAX_LIMIT;
  const req = etsyGetReceiptsRequest({
    shopId: client.config.shop_id,
    modifiedSince: new Date(from.since * 1000).toISOString(),
    limit,
    offset: from.skip,
  });
  const page = etsyReceiptsPage(await client.request(req), { limit, offset: from.skip });
  if (page.receipts.length === 0) return { orders: [], cursor: JSON.stringify(from), more: false };
  const stamps = page.receipts.map((r) => ReceiptStamp.parse(r));
  const orders: ChannelOrder[] = [];
  for (const [i, receipt] of page.receipts.entries()) {
    try {
      orders.push(normalizeEtsyReceipt(receipt));
    } catch (err) {
      if (!(err instanceof ChannelPayloadError)) throw err;
      await db.insert(exceptions).values({
        id: newId('exc'),
        kind: 'channel_payload',
        status: 'open',
        channel: channel.code,
        message: `Etsy receipt ${stamps[i]!.receipt_id} could not be read: ${err.message}`,
        details: { receipt_id: String(stamps[i]!.receipt_id) },
      });
    }
  }
  const newest = Math.max(...stamps.map((r) => r.update_timestamp));
  const atNewest = stamps.filter((r) => r.update_timestamp === newest).length;
  const next: Cursor = { since: newest, skip: newest === from.since ? from.skip + atNewest : atNewest };
  return { orders, cursor: JSON.stringify(next), more: page.next_offset !== null };
}
