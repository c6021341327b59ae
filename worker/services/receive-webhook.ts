import type { Database } from '../../db/client';
import { webhookInbox } from '../../db/schema';
import { verifyEasyPostSignature } from '../domain/carriers/easypost-webhook';
import { shopifyConnector } from '../domain/channels/shopify';
import { SHOPIFY_RETURN_TOPICS } from '../domain/channels/shopify-return';
import { newId } from '../domain/ids';
import { ApiError } from '../http/errors';
import { applyTracking } from './apply-tracking';
import { carrierAccount } from './carrier-accounts';
import { adapterOf } from './channel-adapters';
import { channelWithConfig } from './channels';

export interface InboxMessage {
  inbox_id: string;
}

const SHOPIFY_TOPICS = [
  'orders/create',
  'orders/updated',
  'orders/cancelled',
  'refunds/create',
  ...Object.keys(SHOPIFY_RETURN_TOPICS),
];

interface ShopifyConfig {
  webhook_secret: string;
  previous_webhook_secret?: string;
}

/**
 * A Shopify delivery: verified over the raw bytes before anything is parsed, stored in the inbox (deduplicated
 * on the webhook id) before it is acknowledged, then queued. A wrong signature stores nothing.
 */
export async function receiveShopifyWebhook(
  env: Env,
  db: Database,
  channelId: string,
  raw: ArrayBuffer,
  headers: Headers,
) {
  const channel = await channelWithConfig<ShopifyConfig>(env, db, channelId);
  if (channel?.row.type !== 'shopify')
    throw new ApiError(404, 'channel_not_found', 'No such Shopify channel');
  const secrets = [channel.config.webhook_secret, channel.config.previous_webhook_secret].filter(
    (s): s is string => !!s,
  );
  if (!(await shopifyConnector().verifyWebhook(new Uint8Array(raw), headers, secrets))) {
    throw new ApiError(
      401,
      'invalid_signature',
      'The X-Shopify-Hmac-Sha256 signature does not match the body',
    );
  }
  const topic = headers.get('x-shopify-topic') ?? '';
  const deliveryId = headers.get('x-shopify-webhook-id') ?? headers.get('x-shopify-event-id');
  if (!deliveryId) throw new ApiError(400, 'missing_delivery_id', 'X-Shopify-Webhook-Id is required');
  const id = newId('whk');
  const stored = await db
    .insert(webhookInbox)
    .values({
      id,
      channel: channelId,
      topic,
      deliveryId,
      body: new TextDecoder().decode(raw),
      status: SHOPIFY_TOPICS.includes(topic) ? 'pending' : 'ignored',
      receivedAt: new Date().toISOString(),
    })
    .onConflictDoNothing()
    .returning({ id: webhookInbox.id });
  const fresh = stored.length > 0;
  if (fresh && SHOPIFY_TOPICS.includes(topic)) await env.INBOX.send({ inbox_id: id } satisfies InboxMessage);
  return { received: true as const, duplicate: !fresh };
}

/**
 * Any other channel's delivery: its adapter verifies the raw bytes (401 stores nothing) and names the
 * delivery; it is stored in the inbox before the 2xx (deduplicated on the delivery id) and queued. A
 * channel's handshake (a WooCommerce ping, an eBay challenge) is answered without storing anything.
 */
export async function receiveChannelWebhook(
  env: Env,
  db: Database,
  type: string,
  channelId: string,
  raw: ArrayBuffer,
  headers: Headers,
  url: URL,
): Promise<{ status: 200; body: unknown }> {
  const channel = await channelWithConfig<Record<string, unknown>>(env, db, channelId);
  const adapter = adapterOf(type);
  if (channel?.row.type !== type || !adapter?.receiveWebhook)
    throw new ApiError(404, 'channel_not_found', `No such ${type} channel taking webhooks`);
  const intake = await adapter.receiveWebhook(
    env,
    { code: channelId, config: channel.config },
    raw,
    headers,
    url,
  );
  if (intake.kind === 'reply') return intake;
  const id = newId('whk');
  const stored = await db
    .insert(webhookInbox)
    .values({
      id,
      channel: channelId,
      topic: intake.topic,
      deliveryId: intake.deliveryId,
      body: intake.body,
      status: intake.process ? 'pending' : 'ignored',
      receivedAt: new Date().toISOString(),
    })
    .onConflictDoNothing()
    .returning({ id: webhookInbox.id });
  const fresh = stored.length > 0;
  if (fresh && intake.process) await env.INBOX.send({ inbox_id: id } satisfies InboxMessage);
  return { status: 200, body: { received: true, duplicate: !fresh } };
}

/** A carrier's tracking webhook: verified over the raw bytes with the account's secret, then applied once. */
export async function receiveTrackingWebhook(
  env: Env,
  db: Database,
  accountId: string,
  raw: ArrayBuffer,
  headers: Headers,
) {
  const account = await carrierAccount(env, db, accountId).catch(() => null);
  if (!account) throw new ApiError(404, 'carrier_account_not_found', 'No such carrier account');
  const secret = account.config.webhook_secret ?? '';
  const signature = headers.get('x-hmac-signature');
  if (account.row.provider !== 'easypost' || !(await verifyEasyPostSignature(raw, signature, secret))) {
    throw new ApiError(401, 'invalid_signature', 'The X-Hmac-Signature does not match the body');
  }
  const text = new TextDecoder().decode(raw);
  let update: ReturnType<typeof account.adapter.parseTrackingWebhook> = null;
  try {
    update = account.adapter.parseTrackingWebhook(JSON.parse(text));
  } catch {
    throw new ApiError(400, 'malformed_request', 'The body is not JSON');
  }
  if (!update) return false;
  return (await applyTracking(db, `carrier:${accountId}`, text, update)).applied;
}
