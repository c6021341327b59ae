/** eBay Fulfillment API getOrders: the request, its offset paging, and one order -> ChannelOrder. */
import { z } from 'zod';
import { splitLineTotal } from './amazon-orders-v0';
import { compact, minorUnits, parsePayload, text, utcIso } from './payload';
import { type CanonicalOrder, type ChannelOrder, ChannelPayloadError, type ChannelRequest } from './types';

const CHANNEL = 'ebay';
const Str = z.string().nullish();
const Amount = z.object({ value: z.string(), currency: z.string() });

/** getOrders returns at most 200 orders per page. */
export const EBAY_ORDERS_MAX_LIMIT = 200;

const ShipTo = z.object({
  fullName: Str,
  contactAddress: z
    .object({
      addressLine1: Str,
      addressLine2: Str,
      city: Str,
      stateOrProvince: Str,
      postalCode: Str,
      countryCode: Str,
    })
    .nullish(),
  primaryPhone: z.object({ phoneNumber: Str }).nullish(),
  email: Str,
});

const LineItem = z.object({
  lineItemId: z.string().min(1),
  legacyItemId: Str,
  legacyVariationId: Str,
  sku: Str,
  title: Str,
  quantity: z.number().int().positive(),
  // The price of all units of the line before discounts, not the unit price.
  lineItemCost: Amount,
});

const Order = z.object({
  orderId: z.string().min(1),
  creationDate: z.string(),
  lastModifiedDate: z.string(),
  cancelStatus: z.object({ cancelState: z.string() }).nullish(),
  buyer: z
    .object({ username: Str, buyerRegistrationAddress: z.object({ fullName: Str, email: Str }).nullish() })
    .nullish(),
  pricingSummary: z.object({
    priceDiscount: Amount.nullish(),
    deliveryCost: Amount.nullish(),
    deliveryDiscount: Amount.nullish(),
    tax: Amount.nullish(),
    total: Amount,
  }),
  fulfillmentStartInstructions: z
    .array(z.object({ shippingStep: z.object({ shipTo: ShipTo.nullish() }).nullish() }))
    .nullish(),
  lineItems: z.array(LineItem).min(1),
});

const Page = z.object({
  total: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  offset: z.number().int().nonnegative(),
  orders: z.array(z.unknown()).default([]),
});

export interface EbayOrdersQuery {
  /** Orders modified at or after this instant (ISO). */
  modifiedSince: string;
  modifiedUntil?: string;
  limit?: number;
  offset?: number;
}

/** GET getOrders filtered by last-modified date; eBay wants the filter's brackets and colons URL-encoded. */
export function ebayGetOrdersRequest(query: EbayOrdersQuery): ChannelRequest {
  const limit = query.limit ?? EBAY_ORDERS_MAX_LIMIT;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= EBAY_ORDERS_MAX_LIMIT)) {
    throw new RangeError(`eBay getOrders limit is 1 to ${EBAY_ORDERS_MAX_LIMIT}, got ${limit}`);
  }
  const since = new Date(query.modifiedSince).toISOString();
  const until = query.modifiedUntil ? new Date(query.modifiedUntil).toISOString() : '';
  const params = new URLSearchParams({
    filter: `lastmodifieddate:[${since}..${until}]`,
    limit: String(limit),
    offset: String(query.offset ?? 0),
  });
  return { method: 'GET', path: `/sell/fulfillment/v1/order?${params}`, headers: {}, body: '' };
}

/** One getOrders page: the raw orders and the offset of the next page, or null when this was the last. */
export function ebayOrdersPage(response: unknown): { orders: unknown[]; next_offset: number | null } {
  const page = parsePayload(CHANNEL, Page, response);
  return { orders: page.orders, next_offset: ebayNextOffset(page) };
}

/** Offset paging: the next offset while it is still below `total`. */
export function ebayNextOffset(page: { total: number; limit: number; offset: number }): number | null {
  const next = page.offset + page.limit;
  return next < page.total ? next : null;
}

type ShipToShape = z.output<typeof ShipTo>;

function shipTo(s: ShipToShape | null | undefined): CanonicalOrder['ship_to'] {
  if (!s) return {};
  const a = s.contactAddress;
  return compact({
    name: text(s.fullName),
    line1: text(a?.addressLine1),
    line2: text(a?.addressLine2),
    city: text(a?.city),
    region: text(a?.stateOrProvince),
    postal_code: text(a?.postalCode),
    country: text(a?.countryCode)?.toUpperCase(),
    phone: text(s.primaryPhone?.phoneNumber),
    email: text(s.email),
  });
}

/**
 * A getOrders order as a ChannelOrder. Lines without a SKU take the legacy item id (and variation id) as
 * their SKU; a line total that does not divide by its quantity becomes two lines one cent apart.
 * CANCELED -> cancelled. Throws ChannelPayloadError naming the bad field.
 */
export function normalizeEbayOrder(payload: unknown): ChannelOrder {
  const o = parsePayload(CHANNEL, Order, payload);
  const currency = o.pricingSummary.total.currency;
  const money = (field: string, amount: z.output<typeof Amount> | null | undefined) => {
    if (!amount) return undefined;
    if (amount.currency !== currency) {
      throw new ChannelPayloadError(
        CHANNEL,
        `${field}.currency`,
        `${amount.currency} differs from ${currency}`,
      );
    }
    return minorUnits(CHANNEL, `${field}.value`, amount.value, currency);
  };
  const lines = o.lineItems.flatMap((item, i) => {
    const variation = text(item.legacyVariationId);
    const legacy = text(item.legacyItemId);
    const sku = text(item.sku) ?? (legacy && variation ? `${legacy}/${variation}` : legacy);
    if (!sku) throw new ChannelPayloadError(CHANNEL, `lineItems.${i}.sku`, 'is empty and so is legacyItemId');
    const total = money(`lineItems.${i}.lineItemCost`, item.lineItemCost) ?? 0;
    if (total < 0) throw new ChannelPayloadError(CHANNEL, `lineItems.${i}.lineItemCost.value`, 'is negative');
    const name = text(item.title);
    return splitLineTotal(total, item.quantity).map((part) => compact({ sku, ...part, name }));
  });
  const ps = o.pricingSummary;
  // eBay reports discounts as negative amounts; the canonical order stores their size.
  const discount =
    Math.abs(money('pricingSummary.priceDiscount', ps.priceDiscount) ?? 0) +
    Math.abs(money('pricingSummary.deliveryDiscount', ps.deliveryDiscount) ?? 0);
  const destination = o.fulfillmentStartInstructions?.find((f) => f.shippingStep?.shipTo)?.shippingStep
    ?.shipTo;
  const name = text(destination?.fullName) ?? text(o.buyer?.buyerRegistrationAddress?.fullName);
  const email = text(o.buyer?.buyerRegistrationAddress?.email) ?? text(destination?.email);
  return {
    order: compact({
      external_id: o.orderId,
      currency,
      placed_at: utcIso(CHANNEL, 'creationDate', o.creationDate),
      customer: name || email ? compact({ name, email }) : undefined,
      lines,
      ship_to: shipTo(destination),
      shipping_total: money('pricingSummary.deliveryCost', ps.deliveryCost),
      tax_total: money('pricingSummary.tax', ps.tax),
      discount_total: discount,
    }),
    status: o.cancelStatus?.cancelState === 'CANCELED' ? 'cancelled' : 'open',
    updated_at: utcIso(CHANNEL, 'lastModifiedDate', o.lastModifiedDate),
  };
}
