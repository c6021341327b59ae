import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import { amazonGetOrdersPage, normalizeAmazonOrder } from '../../domain/channels/amazon';
import { type ChannelOrder, ChannelPayloadError } from '../../domain/channels/types';
import { newId } from '../../domain/ids';
import { type AmazonChannel, amazonCall, amazonChannel, amazonError } from './amazon-client';

/** Where the poll stands: orders changed since `after`; mid-run, the page token and the newest change seen. */
interface Cursor {
  after: string;
  next_token?: string;
  newest?: string;
}

/** A first poll without `orders_since` reads the last week. */
const FIRST_LOOKBACK_MS = 7 * 86_400_000;

function readCursor(cursor: string | null, since: string | undefined): Cursor {
  if (cursor) return JSON.parse(cursor) as Cursor;
  return { after: new Date(since ?? Date.now() - FIRST_LOOKBACK_MS).toISOString() };
}

const later = (a: string | undefined, b: string) => (a && a > b ? a : b);

async function get(
  env: Env,
  channel: AmazonChannel,
  operation: 'amazon.getOrders' | 'amazon.getOrderItems',
  path: string,
) {
  const res = await amazonCall(env, channel, operation, { method: 'GET', path, headers: {}, body: '' });
  if (res.status !== 200)
    throw new Error(`Amazon ${operation} answered ${amazonError(res.body, res.status)}`);
  return res.body;
}

/** Every getOrderItems page of one order, each within the getOrderItems budget. */
export async function amazonOrderItemPages(env: Env, channel: AmazonChannel, orderId: string) {
  const pages: unknown[] = [];
  let token: string | undefined;
  do {
    const query = token ? `?${new URLSearchParams({ NextToken: token })}` : '';
    const page = await get(
      env,
      channel,
      'amazon.getOrderItems',
      `/orders/v0/orders/${encodeURIComponent(orderId)}/orderItems${query}`,
    );
    pages.push(page);
    token = (page as { payload?: { NextToken?: string } }).payload?.NextToken || undefined;
  } while (token);
  return pages;
}

/**
 * One getOrders page of orders changed since the cursor (LastUpdatedAfter, NextToken paging), each with its
 * items. The cursor after the last page is the newest LastUpdateDate seen: Amazon reads it inclusively, so the
 * next poll sees that order again and its apply is a no-op. An order that cannot be read becomes an exception
 * and does not hold back the others.
 */
export async function pollAmazonOrders(
  env: Env,
  db: Database,
  given: { code: string; config: Record<string, unknown> },
  cursor: string | null,
): Promise<{ orders: ChannelOrder[]; cursor: string | null; more: boolean }> {
  const channel = await amazonChannel(db, given);
  const at = readCursor(cursor, channel.config.orders_since);
  const query = new URLSearchParams({
    MarketplaceIds: channel.config.marketplace_ids.join(','),
    LastUpdatedAfter: at.after,
    ...(at.next_token ? { NextToken: at.next_token } : {}),
  });
  const page = amazonGetOrdersPage(await get(env, channel, 'amazon.getOrders', `/orders/v0/orders?${query}`));
  const orders: ChannelOrder[] = [];
  let newest = at.newest;
  for (const raw of page.orders) {
    const id = (raw as { AmazonOrderId?: string }).AmazonOrderId ?? '';
    try {
      const order = normalizeAmazonOrder(raw, ...(await amazonOrderItemPages(env, channel, id)));
      orders.push(order);
      newest = later(newest, order.updated_at);
    } catch (err) {
      if (!(err instanceof ChannelPayloadError)) throw err;
      await db.insert(exceptions).values({
        id: newId('exc'),
        kind: 'channel_payload',
        status: 'open',
        channel: channel.code,
        message: `Amazon order ${id} could not be read: ${err.message}`,
        details: { external_id: id, field: err.field },
      });
    }
  }
  const next: Cursor = page.next_token
    ? { after: at.after, next_token: page.next_token, ...(newest ? { newest } : {}) }
    : { after: newest ?? at.after };
  return { orders, cursor: JSON.stringify(next), more: !!page.next_token };
}
