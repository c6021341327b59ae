import {
  parseShopifyParentTransaction,
  parseShopifyRefundCreate,
  shopifyOrderTransactionsQuery,
  shopifyRefundCreateMutation,
} from '../../domain/channels/shopify';
import type { ChannelRequest } from '../../domain/channels/types';
import { channelWithConfig } from '../channels';

interface ShopifyConfig {
  shop_domain: string;
  access_token: string;
  api_version?: string;
  api_base_url?: string;
}

export type RefundPush = { ok: true; refundId: string } | { ok: false; message: string };

/**
 * Refunds an amount on the Shopify order against its sale, idempotent on `key` (our refund id), so a retried
 * push replays at Shopify instead of paying twice. Every failure is an answer, never a throw.
 */
export async function pushShopifyRefund(
  env: Env,
  db: Parameters<typeof channelWithConfig>[1],
  push: {
    channelId: string;
    externalOrderId: string;
    amount: number;
    currency: string;
    note?: string;
    key: string;
  },
): Promise<RefundPush> {
  const channel = await channelWithConfig<ShopifyConfig>(env, db, push.channelId);
  if (!channel) return { ok: false, message: `No channel ${push.channelId}` };
  const base = channel.config.api_base_url ?? `https://${channel.config.shop_domain}`;
  const send = async (req: ChannelRequest) => {
    const res = await fetch(`${base}${req.path}`, {
      method: req.method,
      headers: { ...req.headers, 'x-shopify-access-token': channel.config.access_token },
      body: req.body,
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  try {
    const found = await send(shopifyOrderTransactionsQuery(push.externalOrderId, channel.config.api_version));
    if (found.status !== 200) return { ok: false, message: `Shopify answered HTTP ${found.status}` };
    const parent = parseShopifyParentTransaction(found.body);
    if (!parent) return { ok: false, message: 'The Shopify order has no paid transaction to refund' };
    const made = await send(
      shopifyRefundCreateMutation({ ...push, parent }, push.key, channel.config.api_version),
    );
    if (made.status !== 200) return { ok: false, message: `Shopify answered HTTP ${made.status}` };
    return parseShopifyRefundCreate(made.body);
  } catch (err) {
    return { ok: false, message: `Shopify could not be reached: ${String(err)}` };
  }
}
