import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import {
  ebayReturnedItemSku,
  ebayReturnSearchRequest,
  ebayReturnsPage,
} from '../../domain/channels/ebay-returns';
import { newId } from '../../domain/ids';
import type { MarketplaceReturn } from '../../domain/returns/marketplace-return';
import { findOrderByExternal } from '../../repo/orders';
import { findChannelReturn } from '../returns/return-view';
import { type EbayChannel, ebayCall, ebayChannel, ebayError } from './ebay-client';
import { fetchEbayOrder } from './ebay-orders';
import type { ReturnsPoll } from './types';

/** Returns created since `since` are read; mid-run, the window's end and the next page's offset. */
interface Cursor {
  since: string;
  until?: string;
  offset?: number;
}

const DAY_MS = 86_400_000;
const FIRST_LOOKBACK_MS = 30 * DAY_MS;
// return/search filters by creation date, so a return's later status shows only while it is in the window.
const REFRESH_MS = 14 * DAY_MS;
/** creation_date_range_from may not be more than 18 months back. */
const MAX_WINDOW_MS = 540 * DAY_MS;
const SEARCH_EVERY_S = 5 * 60;

// eBay publishes no Post-Order quota next to the Sell APIs' [M]; this stays well under the Trading API's
// 5,000 calls a day that new applications get, until rate-limits.ts has a measured entry.

/** The channel SKU of each returned item, read from the eBay order (only for returns not yet on an RMA). */
async function withSkus(env: Env, db: Database, channel: EbayChannel, returns: MarketplaceReturn[]) {
  const orders = new Map<string, unknown>();
  for (const ret of returns) {
    if (await findChannelReturn(db, channel.code, ret.external_return_id)) continue;
    if (!(await findOrderByExternal(db, channel.code, ret.external_order_id))) continue;
    if (!orders.has(ret.external_order_id))
      orders.set(ret.external_order_id, await fetchEbayOrder(env, channel, ret.external_order_id));
    const order = orders.get(ret.external_order_id);
    ret.lines = ret.lines.map((l) => ({ ...l, channel_sku: l.channel_sku ?? ebayReturnedItemSku(order, l) }));
  }
  return returns;
}

/**
 * One page of Post-Order return/search over returns created since the cursor (less a refresh window), with
 * each new return's items mapped to the SKUs our order lines were captured with. Members that cannot be read
 * become one `channel_payload` exception and do not hold back the others. A 429 throws RetryLater.
 */
export async function pollEbayReturns(
  env: Env,
  db: Database,
  given: { code: string; config: Record<string, unknown> },
  cursor: string | null,
  now: number,
): Promise<ReturnsPoll> {
  const channel = await ebayChannel(db, given);
  const at: Cursor = cursor
    ? JSON.parse(cursor)
    : {
        since: new Date(
          channel.config.orders_since ? Date.parse(channel.config.orders_since) : now - FIRST_LOOKBACK_MS,
        ).toISOString(),
      };
  const until = at.until ?? new Date(now).toISOString();
  const from = new Date(Math.max(Date.parse(at.since) - REFRESH_MS, now - MAX_WINDOW_MS)).toISOString();
  // The Post-Order API takes the user's OAuth token under the IAF scheme, not Bearer.
  const res = await ebayCall(
    env,
    channel,
    'ebay.postOrder',
    ebayReturnSearchRequest({ from, to: until, offset: at.offset }),
    'user',
    'IAF',
  );
  if (res.status !== 200) throw new Error(`eBay return/search answered ${ebayError(res.body, res.status)}`);
  const page = ebayReturnsPage(res.body);
  if (page.errors.length) {
    await db.insert(exceptions).values({
      id: newId('exc'),
      kind: 'channel_payload',
      status: 'open',
      channel: channel.code,
      message: `eBay return/search: ${page.errors.length} return(s) could not be read`,
      details: { errors: page.errors },
    });
  }
  const returns = await withSkus(env, db, channel, page.returns);
  if (page.next_offset !== null) {
    return {
      returns,
      cursor: JSON.stringify({ since: at.since, until, offset: page.next_offset }),
      more: true,
    };
  }
  return {
    returns,
    cursor: JSON.stringify({ since: until }),
    more: false,
    nextPollInSeconds: SEARCH_EVERY_S,
  };
}
