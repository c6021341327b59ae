/** BigCommerce webhooks: thin order events, authenticated by a header we chose when subscribing. */
import { z } from 'zod';
import { secretsEqual } from '../secrets';
import { parsePayload } from './payload';
import type { ChannelRequest, HeaderReader } from './types';

const CHANNEL = 'bigcommerce';

/** BigCommerce signs nothing by default; it echoes the headers set on the hook, so we set this one. */
export const BIGCOMMERCE_SECRET_HEADER = 'X-Switchyard-Webhook-Secret';

export const BIGCOMMERCE_ORDER_SCOPES = [
  'store/order/created',
  'store/order/updated',
  'store/order/statusUpdated',
] as const;

/** POST /v3/hooks, one per scope, carrying the secret header BigCommerce will send back on every delivery. */
export function bigcommerceHookRequests(
  storeHash: string,
  destination: string,
  secret: string,
): ChannelRequest[] {
  if (!destination.startsWith('https://'))
    throw new RangeError('BigCommerce delivers webhooks to https only');
  return BIGCOMMERCE_ORDER_SCOPES.map((scope) => ({
    method: 'POST',
    path: `/stores/${encodeURIComponent(storeHash)}/v3/hooks`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      scope,
      destination,
      is_active: true,
      headers: { [BIGCOMMERCE_SECRET_HEADER]: secret },
    }),
  }));
}

/** True when the delivery carries our header with one of the secrets; compared in constant time. */
export async function verifyBigCommerceHeader(headers: HeaderReader, secrets: string[]): Promise<boolean> {
  const sent = headers.get(BIGCOMMERCE_SECRET_HEADER);
  if (!sent) return false;
  let ok = false;
  // every secret is compared, so the time taken does not say which one matched
  for (const secret of secrets) if (secret && (await secretsEqual(sent, secret))) ok = true;
  return ok;
}

const Event = z.object({
  scope: z.string(),
  store_id: z.union([z.string(), z.number()]).transform(String),
  data: z.object({ type: z.string(), id: z.number().int().positive() }),
  hash: z.string().min(1),
  created_at: z.number().int().nonnegative(),
  producer: z.string(),
});

export type BigCommerceEvent =
  | {
      kind: 'order';
      scope: (typeof BIGCOMMERCE_ORDER_SCOPES)[number];
      order_id: string;
      /** From producer "stores/<hash>": which store's API to fetch the order from. */
      store_hash: string;
      /** BigCommerce's hash of the payload: a retried delivery repeats it, so it is the dedup key. */
      dedup_key: string;
      created_at: string;
    }
  | { kind: 'ignored'; scope: string };

/** A delivery body as the order to fetch (GET /v2/orders/{id} and its sub-resources), or ignored. */
export function parseBigCommerceEvent(payload: unknown): BigCommerceEvent {
  const e = parsePayload(CHANNEL, Event, payload);
  const scope = BIGCOMMERCE_ORDER_SCOPES.find((s) => s === e.scope);
  if (!scope || e.data.type !== 'order') return { kind: 'ignored', scope: e.scope };
  return {
    kind: 'order',
    scope,
    order_id: String(e.data.id),
    store_hash: e.producer.replace(/^stores\//, ''),
    dedup_key: e.hash,
    created_at: new Date(e.created_at * 1000).toISOString(),
  };
}
