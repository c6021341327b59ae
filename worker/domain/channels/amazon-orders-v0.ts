/** Amazon Orders v0 (deprecated but live): a getOrders order plus its getOrderItems pages -> ChannelOrder. */
import { z } from 'zod';
import { marketplaceCurrency } from './amazon-marketplaces';
import { compact, minorUnits, parsePayload, sum, text, utcIso } from './payload';
import { type CanonicalOrder, type ChannelOrder, ChannelPayloadError } from './types';

const CHANNEL = 'amazon';
const Str = z.string().nullish();
const Money = z.object({ CurrencyCode: z.string(), Amount: z.string() }).nullish();

const Order = z.object({
  AmazonOrderId: z.string().min(1),
  PurchaseDate: z.string(),
  LatestShipDate: Str,
  LastUpdateDate: z.string(),
  OrderStatus: z.string(),
  MarketplaceId: Str,
  OrderTotal: Money,
  ShippingAddress: z
    .object({
      Name: Str,
      AddressLine1: Str,
      AddressLine2: Str,
      AddressLine3: Str,
      City: Str,
      StateOrRegion: Str,
      PostalCode: Str,
      CountryCode: Str,
      Phone: Str,
    })
    .nullish(),
  BuyerInfo: z.object({ BuyerName: Str, BuyerEmail: Str }).nullish(),
});

const Item = z.object({
  ASIN: z.string(),
  SellerSKU: Str,
  Title: Str,
  QuantityOrdered: z.number().int().nonnegative(),
  ItemPrice: Money,
  ShippingPrice: Money,
  ItemTax: Money,
  ShippingTax: Money,
  PromotionDiscount: Money,
  ShippingDiscount: Money,
});

const ItemsPage = z.object({
  payload: z.object({ AmazonOrderId: z.string(), OrderItems: z.array(Item) }),
});

/** One getOrders page: the raw orders (normalize each with its items) and the token for the next page. */
export function amazonGetOrdersPage(response: unknown): { orders: unknown[]; next_token: string | null } {
  const page = parsePayload(
    CHANNEL,
    z.object({ payload: z.object({ Orders: z.array(z.unknown()), NextToken: Str }) }),
    response,
  );
  return { orders: page.payload.Orders, next_token: text(page.payload.NextToken) ?? null };
}

/**
 * ItemPrice is the line total. When it does not divide by the quantity, the line becomes two lines of the
 * same SKU, one cent apart in unit price, so quantity x unit_price still adds up to Amazon's total exactly.
 */
export function splitLineTotal(total: number, quantity: number): { quantity: number; unit_price: number }[] {
  const unit = Math.floor(total / quantity);
  const over = total - unit * quantity;
  const parts = [
    { quantity: quantity - over, unit_price: unit },
    { quantity: over, unit_price: unit + 1 },
  ];
  return parts.filter((p) => p.quantity > 0);
}

function shipTo(address: z.output<typeof Order>['ShippingAddress']): CanonicalOrder['ship_to'] {
  if (!address) return {};
  return compact({
    name: text(address.Name),
    line1: text(address.AddressLine1),
    line2: text([address.AddressLine2, address.AddressLine3].filter((l) => text(l)).join(', ')),
    city: text(address.City),
    region: text(address.StateOrRegion),
    postal_code: text(address.PostalCode),
    country: text(address.CountryCode)?.toUpperCase(),
    phone: text(address.Phone),
  });
}

/**
 * A getOrders order and its getOrderItems response(s) as a ChannelOrder. Pending orders come without prices:
 * their lines carry unit_price 0 and the result is marked `unpriced`. Canceled -> cancelled. Lines with
 * QuantityOrdered 0 (cancelled items) are dropped. Throws ChannelPayloadError naming the bad field.
 */
export function normalizeAmazonOrder(order: unknown, ...itemPages: unknown[]): ChannelOrder {
  const o = parsePayload(CHANNEL, Order, order);
  const items = itemPages.flatMap((page) => {
    const p = parsePayload(CHANNEL, ItemsPage, page).payload;
    if (p.AmazonOrderId !== o.AmazonOrderId) {
      throw new ChannelPayloadError(
        CHANNEL,
        'payload.AmazonOrderId',
        `${p.AmazonOrderId} is not ${o.AmazonOrderId}`,
      );
    }
    return p.OrderItems;
  });
  if (items.length === 0) throw new ChannelPayloadError(CHANNEL, 'payload.OrderItems', 'is empty');
  const currency =
    o.OrderTotal?.CurrencyCode ??
    items.find((i) => i.ItemPrice)?.ItemPrice?.CurrencyCode ??
    marketplaceCurrency(o.MarketplaceId);
  if (!currency) throw new ChannelPayloadError(CHANNEL, 'OrderTotal.CurrencyCode', 'is missing');
  // Discounts arrive positive or negative depending on the marketplace; we store their size.
  const money = (field: string, m: z.output<typeof Money>, sign: 'positive' | 'either' = 'positive') => {
    if (!m) return 0;
    if (m.CurrencyCode !== currency) {
      throw new ChannelPayloadError(
        CHANNEL,
        `${field}.CurrencyCode`,
        `${m.CurrencyCode} differs from ${currency}`,
      );
    }
    const minor = minorUnits(CHANNEL, `${field}.Amount`, m.Amount, currency);
    if (minor < 0 && sign === 'positive')
      throw new ChannelPayloadError(CHANNEL, `${field}.Amount`, 'is negative');
    return Math.abs(minor);
  };
  const unpriced = items.some((i) => i.QuantityOrdered > 0 && !i.ItemPrice);
  const lines = items.flatMap((item, i) => {
    if (item.QuantityOrdered === 0) return [];
    const sku = text(item.SellerSKU) ?? item.ASIN;
    const name = text(item.Title);
    const parts = splitLineTotal(money(`OrderItems.${i}.ItemPrice`, item.ItemPrice), item.QuantityOrdered);
    return parts.map((part) => compact({ sku, ...part, name }));
  });
  const name = text(o.BuyerInfo?.BuyerName);
  const email = text(o.BuyerInfo?.BuyerEmail);
  const result: ChannelOrder = {
    order: compact({
      external_id: o.AmazonOrderId,
      currency,
      placed_at: utcIso(CHANNEL, 'PurchaseDate', o.PurchaseDate),
      ship_by: o.LatestShipDate ? utcIso(CHANNEL, 'LatestShipDate', o.LatestShipDate) : undefined,
      customer: name || email ? compact({ name, email }) : undefined,
      lines,
      ship_to: shipTo(o.ShippingAddress),
    }),
    status: o.OrderStatus === 'Canceled' ? 'cancelled' : 'open',
    updated_at: utcIso(CHANNEL, 'LastUpdateDate', o.LastUpdateDate),
  };
  if (unpriced) return { ...result, unpriced: true };
  const total = (pick: (item: z.output<typeof Item>, at: (field: string) => string) => number) =>
    sum(items.map((item, i) => pick(item, (field) => `OrderItems.${i}.${field}`)));
  result.order.shipping_total = total((it, at) => money(at('ShippingPrice'), it.ShippingPrice));
  result.order.tax_total = total(
    (it, at) => money(at('ItemTax'), it.ItemTax) + money(at('ShippingTax'), it.ShippingTax),
  );
  result.order.discount_total = total(
    (it, at) =>
      money(at('PromotionDiscount'), it.PromotionDiscount, 'either') +
      money(at('ShippingDiscount'), it.ShippingDiscount, 'either'),
  );
  return result;
}
