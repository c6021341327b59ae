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

const FIRST_LOOKBACK_MS = 7 * 86_400_000;

/**
 * Where the poll stands: orders created since `created` (fixed at the first poll) and modified since `since`,
 * so a later change to an older order (a line cancelled) is read too; mid-run, Walmart's nextCursor and the
 * newest change seen. A cursor from before `created` existed polled by creation date alone.
 */
interface Cursor {
  created: string;
  since: string;
  next?: string;
  newest?: string;
}

function readCursor(cursor: string | null, ordersSince: string | undefined): Cursor {
  if (!cursor) {
    const since = new Date(ordersSince ?? Date.now() - FIRST_LOOKBACK_MS).toISOString();
    return { created: since, since };
  }
  const at = JSON.parse(cursor) as Omit<Cursor, 'created'> & { created?: string };
  return { ...at, created: at.created ?? at.since };
}

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
 * One GET /v3/orders page of orders modified since the cursor (then nextCursor): new orders and later changes
 * to older ones alike, so a cancellation reaches the common apply path and releases its stock, while a
 * version older than the one held changes nothing there. Each order still `Created` at Walmart is
 * acknowledged, as Walmart expects soon after release. After the last page the cursor is the newest change
 * seen (read inclusively, so that order's apply repeats as a no-op). An unreadable order becomes an
 * exception and does not hold back the others.
 */
export async function pollWalmartOrders(
  env: Env,
  db: Database,
  given: { code: string; config: Record<string, unknown> },
  cursor: string | null,
): Promise<{ orders: ChannelOrder[]; cursor: string | null; more: boolean }> {
  const channel = await walmartChannel(db, given);
  const at = readCursor(cursor, channel.config.orders_since);
  const req =
    walmartNextOrdersRequest(at.next ?? null, crypto.randomUUID()) ??
    walmartGetOrdersRequest({
      createdStartDate: at.created,
      lastModifiedStartDate: at.since,
      correlationId: crypto.randomUUID(),
    });
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
      newest = newest && newest > order.updated_at ? newest : order.updated_at;
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
    ? { created: at.created, since: at.since, next: page.next_cursor, ...(newest ? { newest } : {}) }
    : { created: at.created, since: newest ?? at.since };
  return { orders, cursor: JSON.stringify(next), more: !!page.next_cursor };
}
