/** Amazon Orders 2026-01-01 searchOrders -> ChannelOrder[]. Request includedData=BUYER,RECIPIENT,PROCEEDS,FULFILLMENT. */
import { z } from 'zod';
import { marketplaceCurrency } from './amazon-marketplaces';
import { compact, minorUnits, parsePayload, sum, text, utcIso } from './payload';
import { type CanonicalOrder, type ChannelOrder, ChannelPayloadError } from './types';

const CHANNEL = 'amazon';
const Str = z.string().nullish();
const Money = z.object({ amount: z.string(), currencyCode: z.string() });

const Order = z.object({
  orderId: z.string().min(1),
  createdTime: z.string(),
  lastUpdatedTime: z.string(),
  salesChannel: z.object({ marketplaceId: Str }),
  buyer: z.object({ buyerName: Str, buyerEmail: Str }).nullish(),
  recipient: z
    .object({
      deliveryAddress: z
        .object({
          name: Str,
          addressLine1: Str,
          addressLine2: Str,
          addressLine3: Str,
          city: Str,
          stateOrRegion: Str,
          postalCode: Str,
          countryCode: Str,
          phone: Str,
        })
        .nullish(),
    })
    .nullish(),
  proceeds: z
    .object({
      grandTotal: Money.nullish(),
      breakdowns: z.array(z.object({ type: z.string(), subtotal: Money })).nullish(),
    })
    .nullish(),
  // Without FULFILLMENT in includedData the status is unknown, and guessing "open" could revive a cancelled order.
  fulfillment: z.object({
    fulfillmentStatus: z.string(),
    shipByWindow: z.object({ latestDateTime: Str }).nullish(),
  }),
  orderItems: z.array(
    z.object({
      quantityOrdered: z.number().int().nonnegative(),
      product: z.object({
        asin: Str,
        sellerSku: Str,
        title: Str,
        price: z.object({ unitPrice: Money.nullish() }).nullish(),
      }),
    }),
  ),
});

type Address = NonNullable<NonNullable<z.output<typeof Order>['recipient']>['deliveryAddress']>;

function shipTo(a: Address | null | undefined): CanonicalOrder['ship_to'] {
  if (!a) return {};
  return compact({
    name: text(a.name),
    line1: text(a.addressLine1),
    line2: text([a.addressLine2, a.addressLine3].filter((l) => text(l)).join(', ')),
    city: text(a.city),
    region: text(a.stateOrRegion),
    postal_code: text(a.postalCode),
    country: text(a.countryCode)?.toUpperCase(),
    phone: text(a.phone),
  });
}

/**
 * One searchOrders order. Unit prices come from product.price.unitPrice; shipping, tax and discount from the
 * order-level proceeds breakdowns. DELIVERY_TIP (and GIFT_WRAP, COD_FEE, OTHER) have no canonical field and
 * are left out, so our total can fall short of proceeds.grandTotal by exactly those amounts.
 */
export function normalizeAmazonOrder2026(order: unknown, path?: string): ChannelOrder {
  const o = parsePayload(CHANNEL, Order, order, path);
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const currency =
    o.proceeds?.grandTotal?.currencyCode ??
    o.orderItems.find((i) => i.product.price?.unitPrice)?.product.price?.unitPrice?.currencyCode ??
    marketplaceCurrency(o.salesChannel.marketplaceId);
  if (!currency) throw new ChannelPayloadError(CHANNEL, at('proceeds.grandTotal'), 'is missing');
  const money = (field: string, m: z.output<typeof Money>) => {
    if (m.currencyCode !== currency) {
      throw new ChannelPayloadError(CHANNEL, at(field), `${m.currencyCode} differs from ${currency}`);
    }
    return minorUnits(CHANNEL, at(`${field}.amount`), m.amount, currency);
  };
  const unpriced = o.orderItems.some((i) => i.quantityOrdered > 0 && !i.product.price?.unitPrice);
  const lines = o.orderItems.flatMap((item, i) => {
    const sku = text(item.product.sellerSku) ?? text(item.product.asin);
    if (!sku) throw new ChannelPayloadError(CHANNEL, at(`orderItems.${i}.product.sellerSku`), 'is missing');
    if (item.quantityOrdered === 0) return [];
    const unit = item.product.price?.unitPrice;
    const unit_price = unit ? money(`orderItems.${i}.product.price.unitPrice`, unit) : 0;
    return [compact({ sku, quantity: item.quantityOrdered, unit_price, name: text(item.product.title) })];
  });
  const breakdown = (type: string) => {
    const entries = (o.proceeds?.breakdowns ?? [])
      .map((b, i) => ({ ...b, i }))
      .filter((b) => b.type === type);
    return sum(entries.map((b) => Math.abs(money(`proceeds.breakdowns.${b.i}.subtotal`, b.subtotal))));
  };
  const name = text(o.buyer?.buyerName);
  const email = text(o.buyer?.buyerEmail);
  const priced = !unpriced && o.proceeds?.breakdowns != null;
  const result: ChannelOrder = {
    order: compact({
      external_id: o.orderId,
      currency,
      placed_at: utcIso(CHANNEL, at('createdTime'), o.createdTime),
      ship_by: o.fulfillment.shipByWindow?.latestDateTime
        ? utcIso(
            CHANNEL,
            at('fulfillment.shipByWindow.latestDateTime'),
            o.fulfillment.shipByWindow.latestDateTime,
          )
        : undefined,
      customer: name || email ? compact({ name, email }) : undefined,
      lines,
      ship_to: shipTo(o.recipient?.deliveryAddress),
      shipping_total: priced ? breakdown('SHIPPING') : undefined,
      tax_total: priced ? breakdown('TAX') : undefined,
      discount_total: priced ? breakdown('DISCOUNT') : undefined,
    }),
    status: o.fulfillment.fulfillmentStatus === 'CANCELLED' ? 'cancelled' : 'open',
    updated_at: utcIso(CHANNEL, at('lastUpdatedTime'), o.lastUpdatedTime),
  };
  return unpriced ? { ...result, unpriced: true } : result;
}

/** A searchOrders page: its orders normalized, and the token for the next page (null on the last). */
export function normalizeAmazonSearchOrders(response: unknown): {
  orders: ChannelOrder[];
  next_token: string | null;
} {
  const page = parsePayload(
    CHANNEL,
    z.object({ orders: z.array(z.unknown()), pagination: z.object({ nextToken: Str }).nullish() }),
    response,
  );
  return {
    orders: page.orders.map((order, i) => normalizeAmazonOrder2026(order, `orders.${i}`)),
    next_token: text(page.pagination?.nextToken) ?? null,
  };
}
