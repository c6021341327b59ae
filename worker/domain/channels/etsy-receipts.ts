/** Etsy Open API v3 getShopReceipts: the request, its offset paging, and one receipt -> ChannelOrder. */
import { z } from 'zod';
import { currencyExponent } from '../money';
import { compact, parsePayload, text } from './payload';
import { type ChannelOrder, ChannelPayloadError, type ChannelRequest } from './types';

const CHANNEL = 'etsy';
const Str = z.string().nullish();
const EtsyId = z.number().int().nonnegative().refine(Number.isSafeInteger, 'exceeds 2^53');
const Timestamp = z.number().int().nonnegative();

/** getShopReceipts returns at most 100 receipts per page. */
export const ETSY_RECEIPTS_MAX_LIMIT = 100;

export const EtsyMoney = z.object({
  amount: z.number().int(),
  divisor: z.number().int().positive(),
  currency_code: z.string().regex(/^[A-Z]{3}$/, 'is not an ISO 4217 code'),
});
export type EtsyMoney = z.output<typeof EtsyMoney>;

const Transaction = z.object({
  transaction_id: EtsyId,
  listing_id: EtsyId.nullish(),
  product_id: EtsyId.nullish(),
  title: Str,
  sku: Str,
  quantity: z.number().int().positive(),
  price: EtsyMoney,
});

const Receipt = z.object({
  receipt_id: EtsyId,
  status: z.string(),
  buyer_email: Str,
  name: Str,
  first_line: Str,
  second_line: Str,
  city: Str,
  state: Str,
  zip: Str,
  country_iso: Str,
  create_timestamp: Timestamp,
  update_timestamp: Timestamp,
  total_shipping_cost: EtsyMoney.nullish(),
  total_tax_cost: EtsyMoney.nullish(),
  total_vat_cost: EtsyMoney.nullish(),
  discount_amt: EtsyMoney.nullish(),
  transactions: z.array(Transaction).min(1),
});

/**
 * Etsy money ({amount: 1999, divisor: 100}) in the currency's minor units, refusing any amount that would
 * need rounding. `currency` is the order's, which every amount must share.
 */
export function etsyMinorUnits(field: string, money: EtsyMoney, currency: string): number {
  if (money.currency_code !== currency) {
    throw new ChannelPayloadError(
      CHANNEL,
      `${field}.currency_code`,
      `${money.currency_code} differs from ${currency}`,
    );
  }
  const scaled = money.amount * 10 ** currencyExponent(currency);
  if (!Number.isSafeInteger(scaled) || scaled % money.divisor !== 0) {
    throw new ChannelPayloadError(
      CHANNEL,
      `${field}.amount`,
      `${money.amount}/${money.divisor} is not whole ${currency} minor units`,
    );
  }
  return scaled / money.divisor;
}

export interface EtsyReceiptsQuery {
  shopId: string;
  /** Receipts updated at or after this instant (ISO). */
  modifiedSince: string;
  limit?: number;
  offset?: number;
}

/** GET getShopReceipts by last-modified time, oldest update first, so a poll can resume from the last one seen. */
export function etsyGetReceiptsRequest(query: EtsyReceiptsQuery): ChannelRequest {
  const limit = query.limit ?? ETSY_RECEIPTS_MAX_LIMIT;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= ETSY_RECEIPTS_MAX_LIMIT)) {
    throw new RangeError(`Etsy getShopReceipts limit is 1 to ${ETSY_RECEIPTS_MAX_LIMIT}, got ${limit}`);
  }
  const since = Date.parse(query.modifiedSince);
  if (Number.isNaN(since)) throw new RangeError(`${query.modifiedSince} is not a timestamp`);
  const params = new URLSearchParams({
    min_last_modified: String(Math.floor(since / 1000)),
    sort_on: 'updated',
    sort_order: 'asc',
    limit: String(limit),
    offset: String(query.offset ?? 0),
  });
  return {
    method: 'GET',
    path: `/v3/application/shops/${encodeURIComponent(query.shopId)}/receipts?${params}`,
    headers: {},
    body: '',
  };
}

/** One getShopReceipts page: the raw receipts and the offset of the next page, or null after the last. */
export function etsyReceiptsPage(
  response: unknown,
  request: { limit: number; offset: number },
): { receipts: unknown[]; next_offset: number | null } {
  const page = parsePayload(
    CHANNEL,
    z.object({ count: z.number().int().nonnegative(), results: z.array(z.unknown()) }),
    response,
  );
  return { receipts: page.results, next_offset: etsyNextOffset({ count: page.count, ...request }) };
}

/** Offset paging over `count` receipts. */
export function etsyNextOffset(page: { count: number; limit: number; offset: number }): number | null {
  const next = page.offset + page.limit;
  return next < page.count ? next : null;
}

const CANCELLED = new Set(['canceled', 'fully refunded']);
const isoFromSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * A receipt as a ChannelOrder: ids as strings, transaction prices (per unit) in minor units, VAT added to tax.
 * A transaction without a SKU uses "<listing_id>/<product_id>". Canceled or fully refunded -> cancelled.
 */
export function normalizeEtsyReceipt(payload: unknown): ChannelOrder {
  const r = parsePayload(CHANNEL, Receipt, payload);
  const currency = r.transactions[0]!.price.currency_code;
  const money = (field: string, m: EtsyMoney | null | undefined) =>
    m ? etsyMinorUnits(field, m, currency) : undefined;
  const lines = r.transactions.map((t, i) => {
    const fallback =
      t.listing_id == null ? undefined : [t.listing_id, t.product_id].filter((id) => id != null).join('/');
    const sku = text(t.sku) ?? fallback;
    if (!sku)
      throw new ChannelPayloadError(CHANNEL, `transactions.${i}.sku`, 'is empty and so is listing_id');
    return compact({
      sku,
      quantity: t.quantity,
      unit_price: etsyMinorUnits(`transactions.${i}.price`, t.price, currency),
      name: text(t.title),
    });
  });
  const tax = money('total_tax_cost', r.total_tax_cost);
  const vat = money('total_vat_cost', r.total_vat_cost);
  const email = text(r.buyer_email);
  const name = text(r.name);
  return {
    order: compact({
      external_id: String(r.receipt_id),
      currency,
      placed_at: isoFromSeconds(r.create_timestamp),
      customer: name || email ? compact({ name, email }) : undefined,
      lines,
      ship_to: compact({
        name,
        line1: text(r.first_line),
        line2: text(r.second_line),
        city: text(r.city),
        region: text(r.state),
        postal_code: text(r.zip),
        country: text(r.country_iso)?.toUpperCase(),
      }),
      shipping_total: money('total_shipping_cost', r.total_shipping_cost),
      tax_total: tax === undefined && vat === undefined ? undefined : (tax ?? 0) + (vat ?? 0),
      discount_total: money('discount_amt', r.discount_amt),
    }),
    status: CANCELLED.has(r.status.toLowerCase()) ? 'cancelled' : 'open',
    updated_at: isoFromSeconds(r.update_timestamp),
  };
}
