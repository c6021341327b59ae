import type { Database } from '../../../db/client';
import {
  bigcommerceOrderRequests,
  normalizeBigCommerceOrder,
  parseBigCommerceEvent,
  verifyBigCommerceHeader,
} from '../../domain/channels/bigcommerce';
import { ChannelPayloadError } from '../../domain/channels/types';
import { ApiError } from '../../http/errors';
import { type BigCommerceConfig, BigCommerceRefused, bigcommerceClient } from './bigcommerce-client';
import type { InboxOutcome, WebhookIntake } from './types';

const readEvent = (text: string) => {
  try {
    return parseBigCommerceEvent(JSON.parse(text));
  } catch (err) {
    if (err instanceof SyntaxError)
      throw new ApiError(400, 'invalid_channel_payload', 'The body is not JSON');
    if (err instanceof ChannelPayloadError) throw new ApiError(400, err.code, err.message);
    throw err;
  }
};

/**
 * A BigCommerce delivery: authenticated by the secret header we set on the hook (401 otherwise, nothing
 * stored). Order events are thin, so only the event is stored; the order is fetched when it is processed.
 * A retry repeats the payload hash and creation time, which together are the delivery id.
 */
export async function receiveBigCommerceWebhook(
  _env: Env,
  channel: { code: string; config: Record<string, unknown> },
  raw: ArrayBuffer,
  headers: Headers,
): Promise<WebhookIntake> {
  const config = channel.config as unknown as BigCommerceConfig;
  const secrets = [config.webhook_secret, config.previous_webhook_secret].filter((s): s is string => !!s);
  if (!(await verifyBigCommerceHeader(headers, secrets))) {
    throw new ApiError(401, 'invalid_signature', 'The webhook secret header is missing or wrong');
  }
  const text = new TextDecoder().decode(raw);
  const event = readEvent(text);
  const { hash, created_at } = JSON.parse(text) as { hash: string; created_at: number };
  return {
    kind: 'delivery',
    topic: event.scope,
    deliveryId: `${hash}:${created_at}`,
    body: text,
    process: event.kind === 'order',
  };
}

/**
 * A stored order event: the order, its products and its shipping addresses are read from the store
 * (v2) and normalized. An order the store no longer has is ignored; an event from another store too.
 */
export async function processBigCommerceInbox(
  env: Env,
  db: Database,
  channel: { code: string; config: Record<string, unknown> },
  row: { topic: string; body: string },
): Promise<InboxOutcome> {
  const event = parseBigCommerceEvent(JSON.parse(row.body));
  if (event.kind === 'ignored') return { ignored: `scope ${event.scope} is stored, not processed` };
  const client = await bigcommerceClient(env, db, channel.code);
  if (!client) return { ignored: 'the channel is gone' };
  const storeHash = client.config.store_hash;
  if (event.store_hash !== storeHash) {
    return { ignored: `the event is from store ${event.store_hash}, not ${storeHash}` };
  }
  const fetched: unknown[] = [];
  try {
    for (const req of bigcommerceOrderRequests(storeHash, event.order_id)) {
      fetched.push(await client.request(req));
    }
  } catch (err) {
    if (err instanceof BigCommerceRefused && err.status === 404) {
      return { ignored: `order ${event.order_id} is not in the store any more` };
    }
    throw err;
  }
  const [order, products, shippingAddresses] = fetched;
  return { orders: [normalizeBigCommerceOrder({ order, products, shippingAddresses })] };
}
