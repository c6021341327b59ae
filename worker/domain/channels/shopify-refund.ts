/** Shopify refunds: the refunds/create webhook body read for the OMS, and refundCreate pushed to the shop. */
import { z } from 'zod';
import { currencyExponent } from '../money';
import { minorUnits, parsePayload, sum, text, utcIso } from './payload';
import { SHOPIFY_API_VERSION } from './shopify-inventory';
import { ShopifyId, shopifyGidNumber, shopifyIdString } from './shopify-webhook';
import { ChannelPayloadError, type ChannelRequest } from './types';

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
  /** The gid of the Shopify Return the refund pays for, when it was made through one. */
  external_return_id?: string;
}

const Refund = z.object({
  id: ShopifyId,
  admin_graphql_api_id: Str,
  order_id: ShopifyId,
  created_at: z.string(),
  restock: z.boolean().nullish(),
  return: z.object({ id: ShopifyId.nullish(), admin_graphql_api_id: Str }).nullish(),
  refund_line_items: z.array(
    z.object({
      line_item_id: ShopifyId,
      quantity: z.number().int().nonnegative(),
      restock_type: z.enum(['no_restock', 'cancel', 'return', 'legacy_restock']).nullish(),
      line_item: z.object({ sku: Str, variant_id: ShopifyId.nullish() }).nullish(),
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
    ...returnGid(r.return),
  };
}

function returnGid(
  ret: { id?: number | string | null; admin_graphql_api_id?: string | null } | null | undefined,
) {
  const id =
    shopifyGidNumber(ret?.admin_graphql_api_id, 'Return') ??
    (ret?.id == null ? null : shopifyIdString('return.id', ret.id));
  return id ? { external_return_id: `gid://shopify/Return/${id}` } : {};
}

/**
 * The channel SKU of each refunded line item, as orders/create gave it to the order line (the SKU, else the
 * variant id), so a refund maps to our order lines; null when the payload carries no line item.
 */
export function shopifyRefundLineSkus(payload: unknown): Record<string, string | null> {
  const r = parsePayload(CHANNEL, Refund, payload);
  return Object.fromEntries(
    r.refund_line_items.map((line, i) => {
      const item = line.line_item;
      const sku =
        text(item?.sku) ??
        (item?.variant_id == null
          ? null
          : shopifyIdString(`refund_line_items.${i}.line_item.variant_id`, item.variant_id));
      return [shopifyIdString(`refund_line_items.${i}.line_item_id`, line.line_item_id), sku];
    }),
  );
}

/** 12345 USD -> "123.45", 12 JPY -> "12": Shopify's Money scalar is a decimal string. */
export function decimalAmount(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${minor < 0 ? '-' : ''}${whole}${exponent ? `.${fraction}` : ''}`;
}

const graphql = (apiVersion: string, query: string, variables: Record<string, unknown>): ChannelRequest => ({
  method: 'POST',
  path: `/admin/api/${apiVersion}/graphql.json`,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables }),
});

const orderGid = (externalOrderId: string) => `gid://shopify/Order/${externalOrderId}`;

const TRANSACTIONS_QUERY = `query RefundableTransactions($id: ID!) {
  order(id: $id) { transactions(first: 20) { id kind status gateway } }
}`;

/** The order's payment transactions: a refund names the sale or capture it pays back and its gateway. */
export const shopifyOrderTransactionsQuery = (externalOrderId: string, apiVersion = SHOPIFY_API_VERSION) =>
  graphql(apiVersion, TRANSACTIONS_QUERY, { id: orderGid(externalOrderId) });

const Transactions = z.object({
  data: z.object({
    order: z
      .object({
        transactions: z.array(
          z.object({ id: z.string(), kind: z.string(), status: z.string(), gateway: z.string() }),
        ),
      })
      .nullable(),
  }),
});

/** The first successful SALE or CAPTURE, or null when the order has none (nothing to refund against). */
export function parseShopifyParentTransaction(body: unknown): { id: string; gateway: string } | null {
  const parsed = Transactions.safeParse(body);
  const found = parsed.success
    ? parsed.data.data.order?.transactions.find(
        (t) => (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS',
      )
    : undefined;
  return found ? { id: found.id, gateway: found.gateway } : null;
}

const REFUND_MUTATION = `mutation RefundReturn($input: RefundInput!, $idempotencyKey: String!) {
  refundCreate(input: $input) @idempotent(key: $idempotencyKey) {
    refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
    userErrors { field message }
  }
}`;

export interface ShopifyRefundPush {
  externalOrderId: string;
  /** Integer minor units. */
  amount: number;
  currency: string;
  note?: string;
  parent: { id: string; gateway: string };
}

/** refundCreate of an amount against the sale it pays back; the key makes a retried push replay, not refund twice. */
export function shopifyRefundCreateMutation(
  push: ShopifyRefundPush,
  idempotencyKey: string,
  apiVersion = SHOPIFY_API_VERSION,
): ChannelRequest {
  const orderId = orderGid(push.externalOrderId);
  const input = {
    orderId,
    note: push.note,
    notify: true,
    transactions: [
      {
        orderId,
        parentId: push.parent.id,
        gateway: push.parent.gateway,
        kind: 'REFUND',
        amount: decimalAmount(push.amount, push.currency),
      },
    ],
  };
  return graphql(apiVersion, REFUND_MUTATION, { input, idempotencyKey });
}

const RefundCreated = z.object({
  data: z.object({
    refundCreate: z.object({
      refund: z.object({ id: z.string() }).nullable(),
      userErrors: z.array(z.object({ message: z.string() })),
    }),
  }),
});

/** The new refund's id (digits, as refunds/create webhooks carry it), or the reasons Shopify gave. */
export function parseShopifyRefundCreate(
  body: unknown,
): { ok: true; refundId: string } | { ok: false; message: string } {
  const parsed = RefundCreated.safeParse(body);
  if (!parsed.success) return { ok: false, message: 'Shopify answered without a refundCreate result' };
  const { refund, userErrors } = parsed.data.data.refundCreate;
  const id = refund ? shopifyGidNumber(refund.id, 'Refund') : null;
  if (userErrors.length > 0 || !id)
    return { ok: false, message: userErrors.map((e) => e.message).join('; ') || 'no refund id' };
  return { ok: true, refundId: id };
}
