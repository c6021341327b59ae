import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import type { CanonicalOrder, ChannelOrder } from '../../domain/channels/types';
import { ChannelPayloadError } from '../../domain/channels/types';
import {
  normalizeWooOrder,
  parseWooDelivery,
  wooConnector,
  wooOrderRequest,
  wooPingWebhookId,
  wooVersionAfter,
} from '../../domain/channels/woocommerce';
import { newId } from '../../domain/ids';
import { ApiError } from '../../http/errors';
import { findOrderByExternal } from '../../repo/orders';
import type { InboxOutcome, WebhookIntake } from './types';
import { type WooConfig, WooRefused, wooClient } from './woocommerce-client';

/**
 * A WooCommerce delivery: the creation ping (a form body, unsigned) is answered 200 and forgotten; anything
 * else must carry X-WC-Webhook-Signature over these exact bytes (401 otherwise, nothing stored) and is
 * stored under its X-WC-Webhook-Delivery-ID. Order topics are processed; other topics are kept as ignored.
 */
export async function receiveWooWebhook(
  _env: Env,
  channel: { code: string; config: Record<string, unknown> },
  raw: ArrayBuffer,
  headers: Headers,
): Promise<WebhookIntake> {
  const text = new TextDecoder().decode(raw);
  if (wooPingWebhookId(text) && !headers.get('x-wc-webhook-topic')) {
    return { kind: 'reply', status: 200, body: { received: true, ping: true } };
  }
  const config = channel.config as unknown as WooConfig;
  const secrets = [config.webhook_secret, config.previous_webhook_secret].filter((s): s is string => !!s);
  if (!(await wooConnector().verifyWebhook(new Uint8Array(raw), headers, secrets))) {
    throw new ApiError(401, 'invalid_signature', 'The X-WC-Webhook-Signature does not match the body');
  }
  let delivery: ReturnType<typeof parseWooDelivery>;
  try {
    delivery = parseWooDelivery(headers, text);
  } catch (err) {
    if (err instanceof ChannelPayloadError) throw new ApiError(400, err.code, err.message);
    throw err;
  }
  if (delivery.kind === 'ping') return { kind: 'reply', status: 200, body: { received: true, ping: true } };
  if (delivery.kind === 'ignored') {
    const deliveryId = headers.get('x-wc-webhook-delivery-id')!.trim();
    return { kind: 'delivery', topic: delivery.topic, deliveryId, body: text, process: false };
  }
  const topic = delivery.kind === 'order' ? delivery.topic : 'order.deleted';
  return { kind: 'delivery', topic, deliveryId: delivery.delivery_id, body: text, process: true };
}

/**
 * A stored Woo delivery as the order to apply. created, updated and restored carry the whole order (a
 * cancelled, refunded, failed or trashed status cancels it; a restored order is an update like any other,
 * so it is captured if unseen but never re-reserved behind the cancellation its trashing caused: that is
 * raised for a person). order.deleted carries only the id, so the order is read back from the store.
 */
export async function processWooInbox(
  env: Env,
  db: Database,
  channel: { code: string; config: Record<string, unknown> },
  row: { topic: string; body: string; receivedAt?: string },
): Promise<InboxOutcome> {
  if (row.topic === 'order.created' || row.topic === 'order.updated') {
    return { orders: [normalizeWooOrder(JSON.parse(row.body))] };
  }
  if (row.topic === 'order.restored') {
    const restored = normalizeWooOrder(JSON.parse(row.body));
    await flagRestoredAfterCancel(db, channel.code, restored);
    return { orders: [restored] };
  }
  if (row.topic !== 'order.deleted') return { ignored: `topic ${row.topic} is stored, not processed` };
  const id = (JSON.parse(row.body) as { id?: unknown } | null)?.id;
  if (!(typeof id === 'number' && Number.isSafeInteger(id) && id > 0)) {
    throw new ChannelPayloadError('woocommerce', 'id', 'is not an order id');
  }
  const held = await findOrderByExternal(db, channel.code, String(id));
  if (!held) return { ignored: `order ${id} was deleted before it was captured` };
  const client = await wooClient(env, db, channel.code);
  if (!client) return { ignored: 'the channel is gone' };
  return { orders: [await deletedOrder(client, held, row.receivedAt ?? new Date().toISOString())] };
}

type HeldOrder = NonNullable<Awaited<ReturnType<typeof findOrderByExternal>>>;

/**
 * order.deleted fires when an order goes to the trash as well as when it is deleted for good, and the trash
 * can be undone. So the store is asked: an order that is live again (restored before this delivery was
 * processed) is applied as it is; a trashed one (status `trash`) or one the store no longer has (404) is
 * cancelled, stamped just after the version we hold so a later restore, stamped by the store, still wins.
 */
async function deletedOrder(
  client: NonNullable<Awaited<ReturnType<typeof wooClient>>>,
  held: HeldOrder,
  receivedAt: string,
): Promise<ChannelOrder> {
  let current: ChannelOrder | null = null;
  try {
    current = normalizeWooOrder(await client.request(wooOrderRequest(held.externalId)));
  } catch (err) {
    if (!(err instanceof WooRefused && err.status === 404)) throw err;
  }
  if (current?.status === 'open') return current;
  const { channel: _channel, ...order } = held.request as CanonicalOrder & { channel: string };
  return {
    order: current?.order ?? order,
    status: 'cancelled',
    updated_at: wooVersionAfter(held.channelUpdatedAt, current?.updated_at ?? receivedAt),
  };
}

/**
 * A restored order whose trashing already cancelled it here: cancelled is final (its stock went back on
 * sale), so a person re-enters it or cancels it on the store. Raised once per order.
 */
async function flagRestoredAfterCancel(db: Database, channelId: string, restored: ChannelOrder) {
  if (restored.status !== 'open') return;
  const held = await findOrderByExternal(db, channelId, restored.order.external_id);
  if (held?.status !== 'cancelled') return;
  const open = await db.query.exceptions.findFirst({
    where: and(
      eq(exceptions.orderId, held.id),
      eq(exceptions.kind, 'channel_restored'),
      eq(exceptions.status, 'open'),
    ),
  });
  if (open) return;
  await db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'channel_restored',
    status: 'open',
    orderId: held.id,
    channel: channelId,
    message: `WooCommerce restored order ${restored.order.external_id} from the trash, but it was cancelled here and its stock released: enter it again, or cancel it on the store`,
    details: { external_id: restored.order.external_id, channel_status: 'open' },
  });
}
