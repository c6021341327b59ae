import type { Database } from '../../../db/client';
import type { CanonicalOrder } from '../../domain/channels/types';
import { ChannelPayloadError } from '../../domain/channels/types';
import {
  normalizeWooOrder,
  parseWooDelivery,
  wooConnector,
  wooPingWebhookId,
} from '../../domain/channels/woocommerce';
import { ApiError } from '../../http/errors';
import { findOrderByExternal } from '../../repo/orders';
import type { InboxOutcome, WebhookIntake } from './types';
import type { WooConfig } from './woocommerce-client';

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
 * A stored Woo delivery as the order to apply: created and updated carry the whole order (cancelled,
 * refunded, failed and trashed statuses cancel it); order.deleted carries only the id, so it cancels the
 * order we hold, and is ignored when we never captured it.
 */
export async function processWooInbox(
  _env: Env,
  db: Database,
  channel: { code: string; config: Record<string, unknown> },
  row: { topic: string; body: string },
): Promise<InboxOutcome> {
  if (row.topic === 'order.created' || row.topic === 'order.updated') {
    return { orders: [normalizeWooOrder(JSON.parse(row.body))] };
  }
  if (row.topic !== 'order.deleted') return { ignored: `topic ${row.topic} is stored, not processed` };
  const id = (JSON.parse(row.body) as { id?: unknown } | null)?.id;
  if (!(typeof id === 'number' && Number.isSafeInteger(id) && id > 0)) {
    throw new ChannelPayloadError('woocommerce', 'id', 'is not an order id');
  }
  const held = await findOrderByExternal(db, channel.code, String(id));
  if (!held) return { ignored: `order ${id} was deleted before it was captured` };
  const { channel: _channel, ...order } = held.request as CanonicalOrder & { channel: string };
  // Deletion carries no modification time; it happened before this delivery was processed.
  return { orders: [{ order, status: 'cancelled', updated_at: new Date().toISOString() }] };
}
