/**
 * eBay Post-Order API v2 returns: the return/search request by creation date, its page read as marketplace
 * returns, and the SKU each returned item (itemId + transactionId) was captured with on our order.
 */
import { z } from 'zod';
import type { MarketplaceReturn, MarketplaceReturnState } from '../returns/marketplace-return';
import type { ReturnReason } from '../returns/return-status';
import { minorUnits, parsePayload, text, utcIso } from './payload';
import { ChannelPayloadError, type ChannelRequest } from './types';

const CHANNEL = 'ebay';
const Str = z.string().nullish();
const DateTime = z.object({ value: z.string() });
const Amount = z.object({ value: z.union([z.number(), z.string()]), currency: z.string() });

/** return/search answers at most 200 returns per page. */
export const EBAY_RETURNS_PAGE_LIMIT = 200;

/** Returns created in [from, to], a page at a time (offset counts entries), oldest first. */
export const ebayReturnSearchRequest = (q: {
  from: string;
  to: string;
  offset?: number;
}): ChannelRequest => ({
  method: 'GET',
  path: `/post-order/v2/return/search?${new URLSearchParams({
    creation_date_range_from: q.from,
    creation_date_range_to: q.to,
    limit: String(EBAY_RETURNS_PAGE_LIMIT),
    offset: String(q.offset ?? 0),
    sort: 'CREATION_DATE',
  })}`,
  headers: {},
  body: '',
});

const Member = z.object({
  returnId: z.string().min(1),
  orderId: z.string().min(1),
  state: Str,
  status: Str,
  creationInfo: z.object({
    item: z.object({
      itemId: z.string().min(1),
      transactionId: Str,
      returnQuantity: z.number().int().positive(),
    }),
    reason: Str,
    creationDate: DateTime,
  }),
  sellerTotalRefund: z.object({ actualRefundAmount: Amount.nullish() }).nullish(),
});

const Page = z.object({
  members: z.array(z.unknown()).nullish(),
  paginationOutput: z
    .object({ offset: z.number().int(), limit: z.number().int(), totalEntries: z.number().int() })
    .nullish(),
  total: z.number().int().nullish(),
});

const REASONS: Record<string, ReturnReason> = {
  ARRIVED_DAMAGED: 'damaged',
  DEFECTIVE_ITEM: 'damaged',
  DIFFERENT_FROM_LISTING: 'not_as_described',
  NOT_AS_DESCRIBED: 'not_as_described',
  MISSING_PARTS: 'not_as_described',
  FAKE_OR_COUNTERFEIT: 'not_as_described',
  EXPIRED_ITEM: 'not_as_described',
  WRONG_ITEM: 'wrong_item',
  NO_LONGER_NEED_ITEM: 'changed_mind',
  ORDERED_ACCIDENTALLY: 'changed_mind',
  ORDERED_WRONG_ITEM: 'changed_mind',
  ORDERED_DIFFERENT_ITEM: 'changed_mind',
  FOUND_BETTER_PRICE: 'changed_mind',
  RETURNING_GIFT: 'changed_mind',
  WRONG_SIZE: 'changed_mind',
};

/** Our reason code for eBay's ReturnReasonEnum; ARRIVED_LATE, OTHER and codes we do not know stay unspecified. */
export const ebayReturnReason = (code: string): ReturnReason | 'unspecified' =>
  REASONS[code.trim().toUpperCase()] ?? 'unspecified';

/** eBay's status (else state) as a marketplace state; a return closed without money back was withdrawn. */
function stateOf(status: string, refunded: boolean): MarketplaceReturnState {
  if (status === 'RETURN_REJECTED' || status === 'CANCELLED') return 'cancelled';
  if (status === 'CLOSED' || status === 'REFUND_ISSUED') return refunded ? 'closed' : 'cancelled';
  if (status === 'ITEM_DELIVERED') return 'delivered';
  if (status === 'ITEM_SHIPPED') return 'in_transit';
  return 'open';
}

function readMember(raw: unknown, i: number): MarketplaceReturn {
  const m = parsePayload(CHANNEL, Member, raw, `members.${i}`);
  const paid = m.sellerTotalRefund?.actualRefundAmount;
  const amount = paid
    ? minorUnits(
        CHANNEL,
        `members.${i}.sellerTotalRefund.actualRefundAmount.value`,
        String(paid.value),
        paid.currency,
      )
    : 0;
  const status = text(m.status) ?? text(m.state) ?? 'UNKNOWN';
  const reason = text(m.creationInfo.reason) ?? '';
  return {
    external_return_id: m.returnId,
    external_order_id: m.orderId,
    state: stateOf(status, amount > 0),
    channel_status: status,
    requested_at: utcIso(
      CHANNEL,
      `members.${i}.creationInfo.creationDate.value`,
      m.creationInfo.creationDate.value,
    ),
    lines: [
      {
        channel_sku: null,
        item_id: m.creationInfo.item.itemId,
        transaction_id: text(m.creationInfo.item.transactionId),
        quantity: m.creationInfo.item.returnQuantity,
        reason: ebayReturnReason(reason),
        channel_reason: reason,
      },
    ],
    refund: amount > 0 ? { amount, currency: paid!.currency } : null,
  };
}

export interface EbayReturnsPage {
  returns: MarketplaceReturn[];
  /** Members that could not be read (index in the page and why); the others still count. */
  errors: { index: number; message: string }[];
  /** The offset of the next page, or null after the last one. */
  next_offset: number | null;
}

export function ebayReturnsPage(body: unknown): EbayReturnsPage {
  const page = parsePayload(CHANNEL, Page, body);
  const members = page.members ?? [];
  const returns: MarketplaceReturn[] = [];
  const errors: EbayReturnsPage['errors'] = [];
  for (const [i, raw] of members.entries()) {
    try {
      returns.push(readMember(raw, i));
    } catch (err) {
      if (!(err instanceof ChannelPayloadError)) throw err;
      errors.push({ index: i, message: err.message });
    }
  }
  const offset = page.paginationOutput?.offset ?? 0;
  const total = page.paginationOutput?.totalEntries ?? page.total ?? members.length;
  const next = offset + members.length;
  return { returns, errors, next_offset: members.length > 0 && next < total ? next : null };
}

const OrderLines = z.object({
  lineItems: z.array(
    z.object({ lineItemId: z.string(), legacyItemId: Str, legacyVariationId: Str, sku: Str }),
  ),
});

/**
 * The channel SKU of a returned eBay item as the order normalizer gave it to our order line (its SKU, else
 * legacy item id and variation): the getOrder line item whose lineItemId is the return's transactionId, else
 * the only line item of that legacy item id. Null when the order has no such item.
 */
export function ebayReturnedItemSku(
  order: unknown,
  item: { item_id?: string; transaction_id?: string },
): string | null {
  const { lineItems } = parsePayload(CHANNEL, OrderLines, order);
  const byTransaction = item.transaction_id
    ? lineItems.find((l) => l.lineItemId === item.transaction_id)
    : undefined;
  const ofItem = lineItems.filter((l) => l.legacyItemId === item.item_id);
  const line = byTransaction ?? (ofItem.length === 1 ? ofItem[0] : undefined);
  if (!line) return null;
  const legacy = text(line.legacyItemId);
  const variation = text(line.legacyVariationId);
  return text(line.sku) ?? (legacy && variation ? `${legacy}/${variation}` : (legacy ?? null));
}
