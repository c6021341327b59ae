import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import {
  ebayGetOrdersRequest,
  ebayOrdersPage,
  normalizeEbayOrder,
  parseEbayNotification,
} from '../../domain/channels/ebay';
import { type ChannelOrder, ChannelPayloadError } from '../../domain/channels/types';
import { newId } from '../../domain/ids';
import { type EbayChannel, ebayCall, ebayChannel, ebayError } from './ebay-client';
import type { InboxOutcome } from './types';

/** Where the poll stands: orders modified since `since`; mid-run, the next offset and the newest change seen. */
interface Cursor {
  since: string;
  offset?: number;
  newest?: string;
}

const FIRST_LOOKBACK_MS = 7 * 86_400_000;

const later = (a: string | undefined, b: string) => (a && a > b ? a : b);

/** GET one order by id (getOrder), within the Fulfillment API budget. */
export async function fetchEbayOrder(env: Env, channel: EbayChannel, orderId: string): Promise<unknown> {
  const res = await ebayCall(env, channel, 'ebay.fulfillment', {
    method: 'GET',
    path: `/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}`,
    headers: {},
    body: '',
  });
  if (res.status !== 200)
    throw new Error(`eBay getOrder ${orderId} answered ${ebayError(res.body, res.status)}`);
  return res.body;
}

async function unreadable(db: Database, channelId: string, orderId: string, err: ChannelPayloadError) {
  await db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'channel_payload',
    status: 'open',
    channel: channelId,
    message: `eBay order ${orderId} could not be read: ${err.message}`,
    details: { external_id: orderId, field: err.field },
  });
}

/**
 * One getOrders page of orders modified since the cursor (lastmodifieddate filter, offset paging). After the
 * last page the cursor is the newest lastModifiedDate seen; the filter includes it, so that order comes again
 * and its apply is a no-op. An unreadable order becomes an exception and does not hold back the others.
 */
export async function pollEbayOrders(
  env: Env,
  db: Database,
  given: { code: string; config: Record<string, unknown> },
  cursor: string | null,
): Promise<{ orders: ChannelOrder[]; cursor: string | null; more: boolean }> {
  const channel = await ebayChannel(db, given);
  const at: Cursor = cursor
    ? JSON.parse(cursor)
    : { since: new Date(channel.config.orders_since ?? Date.now() - FIRST_LOOKBACK_MS).toISOString() };
  const res = await ebayCall(
    env,
    channel,
    'ebay.fulfillment',
    ebayGetOrdersRequest({ modifiedSince: at.since, offset: at.offset }),
  );
  if (res.status !== 200) throw new Error(`eBay getOrders answered ${ebayError(res.body, res.status)}`);
  const page = ebayOrdersPage(res.body);
  const orders: ChannelOrder[] = [];
  let newest = at.newest;
  for (const raw of page.orders) {
    try {
      const order = normalizeEbayOrder(raw);
      orders.push(order);
      newest = later(newest, order.updated_at);
    } catch (err) {
      if (!(err instanceof ChannelPayloadError)) throw err;
      await unreadable(db, channel.code, String((raw as { orderId?: unknown }).orderId ?? ''), err);
    }
  }
  const next: Cursor =
    page.next_offset === null
      ? { since: newest ?? at.since }
      : { since: at.since, offset: page.next_offset, ...(newest ? { newest } : {}) };
  return { orders, cursor: JSON.stringify(next), more: page.next_offset !== null };
}

/** A stored notification that names an order (data.orderId): the order is fetched and applied like a poll's. */
export async function processEbayInbox(
  env: Env,
  db: Database,
  given: { code: string; config: Record<string, unknown> },
  row: { topic: string; body: string },
): Promise<InboxOutcome> {
  const notification = parseEbayNotification(JSON.parse(row.body));
  const orderId = notification.data.orderId;
  if (typeof orderId !== 'string' || !orderId) return { ignored: `${row.topic} names no order` };
  const channel = await ebayChannel(db, given);
  return { orders: [normalizeEbayOrder(await fetchEbayOrder(env, channel, orderId))] };
}
