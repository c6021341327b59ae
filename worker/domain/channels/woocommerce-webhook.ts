/** WooCommerce webhook deliveries: the signature, the creation ping, and which topic a delivery carries. */
import { verifyShopifyHmac } from './shopify-webhook';
import { ChannelPayloadError, type HeaderReader } from './types';

const CHANNEL = 'woocommerce';

/**
 * True when X-WC-Webhook-Signature is base64 HMAC-SHA256 of exactly these bytes under the webhook's secret:
 * Woo signs the way Shopify does, so the same constant-time check serves both.
 */
export function verifyWooSignature(
  rawBody: ArrayBuffer | Uint8Array,
  header: string | null | undefined,
  secret: string,
): Promise<boolean> {
  return verifyShopifyHmac(rawBody, header, secret);
}

export type WooDelivery =
  /** Sent once when the webhook is saved: a form body `webhook_id=N`, unsigned. Answer 200 and do nothing. */
  | { kind: 'ping'; webhook_id: string }
  /** order.restored (out of the trash) carries the whole order with its status, like order.updated. */
  | { kind: 'order'; topic: WooOrderTopic; delivery_id: string; order: unknown }
  /** order.deleted carries only the id; the order went to the trash or was deleted for good. */
  | { kind: 'order_deleted'; delivery_id: string; order_id: string }
  /** A topic we do not subscribe to (a product or coupon hook pointed here by mistake). */
  | { kind: 'ignored'; topic: string };

export const WOO_ORDER_TOPICS = ['order.created', 'order.updated', 'order.restored'] as const;
export type WooOrderTopic = (typeof WOO_ORDER_TOPICS)[number];

const PING = /^webhook_id=(\d+)$/;

/** The webhook id when the body is Woo's creation ping, else null. Check this before the signature: pings carry none. */
export function wooPingWebhookId(rawText: string): string | null {
  return PING.exec(rawText.trim())?.[1] ?? null;
}

/**
 * Classifies a delivery whose signature has passed (or a ping), by X-WC-Webhook-Topic. The delivery id
 * (X-WC-Webhook-Delivery-ID) is the dedup key. Throws ChannelPayloadError for a body that is not JSON or a
 * delivery without its id.
 */
export function parseWooDelivery(headers: HeaderReader, rawText: string): WooDelivery {
  const ping = wooPingWebhookId(rawText);
  const topic = headers.get('x-wc-webhook-topic')?.trim() ?? '';
  if (ping && !topic) return { kind: 'ping', webhook_id: ping };
  const deliveryId = headers.get('x-wc-webhook-delivery-id')?.trim();
  if (!deliveryId) throw new ChannelPayloadError(CHANNEL, 'X-WC-Webhook-Delivery-ID', 'is missing');
  const orderTopic = WOO_ORDER_TOPICS.find((t) => t === topic);
  if (!orderTopic && topic !== 'order.deleted') return { kind: 'ignored', topic };
  let body: unknown;
  try {
    body = JSON.parse(rawText);
  } catch {
    throw new ChannelPayloadError(CHANNEL, '(root)', 'is not JSON');
  }
  if (topic === 'order.deleted') {
    const id = (body as { id?: unknown } | null)?.id;
    if (!(typeof id === 'number' && Number.isSafeInteger(id) && id > 0)) {
      throw new ChannelPayloadError(CHANNEL, 'id', 'is not an order id');
    }
    return { kind: 'order_deleted', delivery_id: deliveryId, order_id: String(id) };
  }
  return { kind: 'order', topic: orderTopic!, delivery_id: deliveryId, order: body };
}
