import { z } from 'zod';
import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import { type ChannelOrder, ChannelPayloadError } from '../../domain/channels/types';
import {
  normalizeWalmartOrder,
  walmartAcknowledgeRequest,
  walmartGetOrdersRequest,
  walmartNextOrdersRequest,
  walmartOrdersPage,
} from '../../domain/channels/walmart';
import { newId } from '../../domain/ids';
import { type WalmartChannel, walmartCall, walmartChannel, walmartError } from './walmart-client';

/** Where the poll stands: orders created since `since`; mid-run, Walmart's nextCursor and the newest seen. */
interface Cursor {
  since: string;
  next?: string;
  newest?: string;
}

const FIRST_LOOKBACK_MS = 7 * 86_400_000;

const Statuses = z.object({
  purchaseOrderId: z.string(),
  orderLines: z.object({
    orderLine: z.array(
      z.object({
        orderLineStatuses: z.object({ orderLineStatus: z.array(z.object({ status: z.string() })) }),
      }),
    ),
  }),
});

/** Released orders wait for our acknowledgement; an order with a line still `Created` has not had it. */
const awaitsAcknowledgement = (raw: unknown) => {
  const parsed = Statuses.safeParse(raw);
  return parsed.success &&
    parsed.data.orderLines.orderLine.some((l) =>
      l.orderLineStatuses.orderLineStatus.some((s) => s.status === 'Created'),
    )
    ? parsed.data.purchaseOrderId
    : null;
};

async function acknowledge(env: Env, channel: WalmartChannel, purchaseOrderId: string) {
  const res = await walmartCall(
    env,
    channel,
    'walmart.orders',
    walmartAcknowledgeRequest(purchaseOrderId, crypto.randomUUID()),
  );
  if (res.status >= 300)
    throw new Error(
      `Walmart refused to acknowledge ${purchaseOrderId}: ${walmartError(res.body, res.status)}`,
    );
}

/**
 * One GET /v3/orders page of orders created since the cursor (then nextCursor); each order still `Created`
 * at Walmart is acknowledged, as Walmart expects soon after release. After the last page the cursor is the
 * newest order date seen (read inclusively, so that order's apply repeats as a no-op). An unreadable order
 * becomes an exception and does not hold back the others.
 */
export async function pollWalmartOrders(
  env: Env,
  db: Database,
  given: { code: string; config: Record<string, unknown> },
  cursor: string | null,
): Promise<{ orders: ChannelOrder[]; cursor: string | null; more: boolean }> {
  const channel = await walmartChannel(db, given);
  const at: Cursor = cursor
    ? JSON.parse(cursor)
    : { since: new Date(channel.config.orders_since ?? Date.now() - FIRST_LOOKBACK_MS).toISOString() };
  const req =
    walmartNextOrdersRequest(at.next ?? null, crypto.randomUUID()) ??
    walmartGetOrdersRequest({ createdStartDate: at.since, correlationId: crypto.randomUUID() });
  const res = await walmartCall(env, channel, 'walmart.orders', req);
  if (res.status !== 200)
    throw new Error(`Walmart getAllOrders answered ${walmartError(res.body, res.status)}`);
  const page = walmartOrdersPage(res.body);
  const orders: ChannelOrder[] = [];
  let newest = at.newest;
  for (const raw of page.orders) {
    const id = String((raw as { purchaseOrderId?: unknown }).purchaseOrderId ?? '');
    try {
      const order = normalizeWalmartOrder(raw);
      const placed = order.order.placed_at ?? order.updated_at;
      newest = newest && newest > placed ? newest : placed;
      const unacknowledged = awaitsAcknowledgement(raw);
      if (unacknowledged) await acknowledge(env, channel, unacknowledged);
      orders.push(order);
    } catch (err) {
      if (!(err instanceof ChannelPayloadError)) throw err;
      await db.insert(exceptions).values({
        id: newId('exc'),
        kind: 'channel_payload',
        status: 'open',
        channel: channel.code,
        message: `Walmart order ${id} could not be read: ${err.message}`,
        details: { external_id: id, field: err.field },
      });
    }
  }
  const next: Cursor = page.next_cursor
    ? { since: at.since, next: page.next_cursor, ...(newest ? { newest } : {}) }
    : { since: newest ?? at.since };
  return { orders, cursor: JSON.stringify(next), more: !!page.next_cursor };
}
