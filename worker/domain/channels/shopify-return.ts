/** Shopify returns: the returns/* webhook bodies read for the OMS, and the order's line items asked for by GraphQL. */
import { z } from 'zod';
import type { ReturnReason } from '../returns/return-status';
import { parsePayload, text } from './payload';
import { SHOPIFY_API_VERSION } from './shopify-inventory';
import { ShopifyId, shopifyGidNumber, shopifyIdString } from './shopify-webhook';
import { ChannelPayloadError, type ChannelRequest } from './types';

const CHANNEL = 'shopify';
const Str = z.string().nullish();

/** What each returns/* topic says happened to the Return on the shop. */
export const SHOPIFY_RETURN_TOPICS = {
  'returns/request': 'requested',
  'returns/approve': 'approved',
  'returns/decline': 'declined',
  'returns/cancel': 'cancelled',
  'returns/close': 'closed',
} as const;

export type ShopifyReturnTopic = keyof typeof SHOPIFY_RETURN_TOPICS;
export type ShopifyReturnEvent = (typeof SHOPIFY_RETURN_TOPICS)[ShopifyReturnTopic];

export const isShopifyReturnTopic = (topic: string): topic is ShopifyReturnTopic =>
  Object.hasOwn(SHOPIFY_RETURN_TOPICS, topic);

export interface ShopifyReturn {
  /** The Return's gid ("gid://shopify/Return/123"): one RMA per Shopify return. */
  external_return_id: string;
  /** null when the body does not carry the order (decline, cancel and close may not). */
  external_order_id: string | null;
  lines: { line_item_id: string; quantity: number; reason: ReturnReason | 'unspecified'; note?: string }[];
  /** Why the shop declined it, when it did. */
  decline_note?: string;
}

// Shopify's ReturnReason values (lower case in webhooks) read as our five reasons; the rest say nothing.
const REASONS: Record<string, ReturnReason> = {
  defective: 'damaged',
  wrong_item: 'wrong_item',
  not_as_described: 'not_as_described',
  unwanted: 'changed_mind',
  style: 'changed_mind',
  color: 'changed_mind',
  size_too_large: 'changed_mind',
  size_too_small: 'changed_mind',
};

export const shopifyReturnReason = (reason: string | null | undefined): ReturnReason | 'unspecified' =>
  REASONS[(reason ?? '').toLowerCase()] ?? 'unspecified';

const Return = z.object({
  id: ShopifyId.nullish(),
  admin_graphql_api_id: Str,
  order: z.object({ id: ShopifyId.nullish(), admin_graphql_api_id: Str }).nullish(),
  order_id: ShopifyId.nullish(),
  return_line_items: z
    .array(
      z.object({
        quantity: z.number().int().positive(),
        return_reason: Str,
        return_reason_note: Str,
        customer_note: Str,
        fulfillment_line_item: z.object({
          line_item: z.object({ id: ShopifyId.nullish(), admin_graphql_api_id: Str }),
        }),
      }),
    )
    .nullish(),
  decline: z.object({ reason: Str, note: Str }).nullish(),
});

/** The number of a gid of `type`, else the numeric id (refused beyond 2^53, where JSON.parse rounded it). */
function idOf(
  field: string,
  type: string,
  gid: string | null | undefined,
  id: number | string | null | undefined,
) {
  const fromGid = shopifyGidNumber(gid, type);
  if (fromGid) return fromGid;
  if (id == null) return null;
  return shopifyIdString(field, id);
}

/** A returns/* body. Throws ChannelPayloadError naming the bad field; a body without a return id is one. */
export function normalizeShopifyReturn(payload: unknown): ShopifyReturn {
  const r = parsePayload(CHANNEL, Return, payload);
  const returnId = idOf('id', 'Return', r.admin_graphql_api_id, r.id);
  if (!returnId) throw new ChannelPayloadError(CHANNEL, 'admin_graphql_api_id', 'is missing');
  const orderId =
    idOf('order.id', 'Order', r.order?.admin_graphql_api_id, r.order?.id) ??
    (r.order_id == null ? null : shopifyIdString('order_id', r.order_id));
  const lines = (r.return_line_items ?? []).map((line, i) => {
    const item = line.fulfillment_line_item.line_item;
    const field = `return_line_items.${i}.fulfillment_line_item.line_item.id`;
    const lineItemId = idOf(field, 'LineItem', item.admin_graphql_api_id, item.id);
    if (!lineItemId) throw new ChannelPayloadError(CHANNEL, field, 'is missing');
    const note = text(line.customer_note) ?? text(line.return_reason_note);
    return {
      line_item_id: lineItemId,
      quantity: line.quantity,
      reason: shopifyReturnReason(line.return_reason),
      ...(note ? { note: note.slice(0, 500) } : {}),
    };
  });
  const declineNote = [text(r.decline?.reason), text(r.decline?.note)].filter(Boolean).join(': ');
  return {
    external_return_id: `gid://shopify/Return/${returnId}`,
    external_order_id: orderId,
    lines,
    ...(declineNote ? { decline_note: declineNote } : {}),
  };
}

const LINE_ITEMS_QUERY = `query OrderLineItems($id: ID!) {
  order(id: $id) { lineItems(first: 250) { nodes { id sku variant { legacyResourceId } } } }
}`;

/** The order's line items with their SKUs: a return names line items only by id. */
export const shopifyOrderLineItemsQuery = (
  externalOrderId: string,
  apiVersion = SHOPIFY_API_VERSION,
): ChannelRequest => ({
  method: 'POST',
  path: `/admin/api/${apiVersion}/graphql.json`,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    query: LINE_ITEMS_QUERY,
    variables: { id: `gid://shopify/Order/${externalOrderId}` },
  }),
});

const LineItems = z.object({
  data: z.object({
    order: z
      .object({
        lineItems: z.object({
          nodes: z.array(
            z.object({
              id: z.string(),
              sku: Str,
              variant: z.object({ legacyResourceId: z.string() }).nullish(),
            }),
          ),
        }),
      })
      .nullable(),
  }),
});

/**
 * Each line item id's channel SKU as orders/create gave it to the order line (the SKU, else the variant id);
 * null when Shopify has no such order or answered something else.
 */
export function parseShopifyOrderLineItems(body: unknown): Record<string, string | null> | null {
  const parsed = LineItems.safeParse(body);
  if (!parsed.success || !parsed.data.data.order) return null;
  return Object.fromEntries(
    parsed.data.data.order.lineItems.nodes.flatMap((n) => {
      const id = shopifyGidNumber(n.id, 'LineItem');
      return id ? [[id, text(n.sku) ?? n.variant?.legacyResourceId ?? null]] : [];
    }),
  );
}

/** A decision made here about a Shopify Return, in the words of Admin GraphQL. */
export type ShopifyReturnDecision = 'approved' | 'rejected';

const DECISION_MUTATIONS = {
  approved: {
    field: 'returnApproveRequest',
    query: `mutation ReturnApproveRequest($input: ReturnApproveRequestInput!) {
  returnApproveRequest(input: $input) { return { id status } userErrors { field message code } }
}`,
  },
  rejected: {
    field: 'returnDeclineRequest',
    query: `mutation ReturnDeclineRequest($input: ReturnDeclineRequestInput!) {
  returnDeclineRequest(input: $input) { return { id status } userErrors { field message code } }
}`,
  },
} as const;

/** Shopify caps a decline's note to the customer at 500 characters. */
const DECLINE_NOTE_MAX = 500;

/** Approves or declines (reason OTHER, with our note) a requested Return on the shop. */
export function shopifyReturnDecisionMutation(
  decision: ShopifyReturnDecision,
  returnGid: string,
  note: string | undefined,
  apiVersion = SHOPIFY_API_VERSION,
): ChannelRequest {
  const input =
    decision === 'approved'
      ? { id: returnGid }
      : {
          id: returnGid,
          declineReason: 'OTHER',
          ...(note ? { declineNote: note.slice(0, DECLINE_NOTE_MAX) } : {}),
        };
  return {
    method: 'POST',
    path: `/admin/api/${apiVersion}/graphql.json`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: DECISION_MUTATIONS[decision].query, variables: { input } }),
  };
}

const DecisionPayload = z.object({
  return: z.object({ id: z.string(), status: Str }).nullish(),
  userErrors: z.array(z.object({ message: z.string(), code: Str })),
});
const GraphqlErrors = z.object({ errors: z.array(z.object({ message: z.string() })) });

/** Whether Shopify took the decision; otherwise its userErrors (or GraphQL errors) as one message. */
export function parseShopifyReturnDecision(
  decision: ShopifyReturnDecision,
  body: unknown,
): { ok: true } | { ok: false; message: string } {
  const field = DECISION_MUTATIONS[decision].field;
  const payload = DecisionPayload.safeParse(
    (body as { data?: Record<string, unknown> } | null)?.data?.[field],
  );
  if (payload.success) {
    const errors = payload.data.userErrors;
    if (errors.length === 0 && payload.data.return) return { ok: true };
    if (errors.length)
      return {
        ok: false,
        message: errors.map((e) => (e.code ? `${e.code}: ${e.message}` : e.message)).join('; '),
      };
  }
  const graphql = GraphqlErrors.safeParse(body);
  if (graphql.success && graphql.data.errors.length)
    return { ok: false, message: graphql.data.errors.map((e) => e.message).join('; ') };
  return { ok: false, message: `Shopify answered ${field} with nothing readable` };
}
