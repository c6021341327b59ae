/** Shopify refunds/create webhook body -> what the OMS needs to credit money and restock lines. */
import { z } from 'zod';
import { minorUnits, parsePayload, sum, utcIso } from './payload';
import { ShopifyId, shopifyGidNumber, shopifyIdString } from './shopify-webhook';
import { ChannelPayloadError } from './types';

const CHANNEL = 'shopify';
const Str = z.string().nullish();

export type RestockType = 'no_restock' | 'cancel' | 'return' | 'legacy_restock';

export interface ShopifyRefund {
  external_refund_id: string;
  external_order_id: string;
  /** Sum of the successful refund transactions, in minor units; 0 for a refund that moved no money. */
  amount: number;
  /** null when the refund has no transactions to take a currency from. */
  currency: string | null;
  lines: { line_item_id: string; quantity: number; restock_type: RestockType }[];
  created_at: string;
}

const Refund = z.object({
  id: ShopifyId,
  admin_graphql_api_id: Str,
  order_id: ShopifyId,
  created_at: z.string(),
  restock: z.boolean().nullish(),
  refund_line_items: z.array(
    z.object({
      line_item_id: ShopifyId,
      quantity: z.number().int().nonnegative(),
      restock_type: z.enum(['no_restock', 'cancel', 'return', 'legacy_restock']).nullish(),
    }),
  ),
  transactions: z
    .array(z.object({ kind: z.string(), status: z.string(), amount: z.string(), currency: z.string() }))
    .nullish(),
});

/**
 * A refunds/create body. Old API versions have only the refund-level `restock` flag, which becomes
 * legacy_restock (true) or no_restock (false) on every line.
 */
export function normalizeShopifyRefund(payload: unknown): ShopifyRefund {
  const r = parsePayload(CHANNEL, Refund, payload);
  const paid = (r.transactions ?? []).filter((t) => t.kind === 'refund' && t.status === 'success');
  const currency = paid[0]?.currency ?? null;
  const amount = sum(
    paid.map((t, i) => {
      if (t.currency !== currency)
        throw new ChannelPayloadError(CHANNEL, `transactions.${i}.currency`, 'differs');
      return minorUnits(CHANNEL, `transactions.${i}.amount`, t.amount, t.currency);
    }),
  );
  const fallback: RestockType = r.restock ? 'legacy_restock' : 'no_restock';
  return {
    external_refund_id: shopifyGidNumber(r.admin_graphql_api_id, 'Refund') ?? shopifyIdString('id', r.id),
    external_order_id: shopifyIdString('order_id', r.order_id),
    amount,
    currency,
    lines: r.refund_line_items.map((line, i) => ({
      line_item_id: shopifyIdString(`refund_line_items.${i}.line_item_id`, line.line_item_id),
      quantity: line.quantity,
      restock_type: line.restock_type ?? fallback,
    })),
    created_at: utcIso(CHANNEL, 'created_at', r.created_at),
  };
}
