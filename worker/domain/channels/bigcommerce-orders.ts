/** BigCommerce v2 orders: the three reads one order needs, and their bodies -> ChannelOrder. */
import { z } from 'zod';
import { toMinorUnitsRounded } from '../money';
import { compact, parsePayload, sum, text, utcIso } from './payload';
import { type ChannelOrder, ChannelPayloadError, type ChannelRequest } from './types';

const CHANNEL = 'bigcommerce';
const Str = z.string().nullish();
const Decimal = z.string();
const Id = z.number().int().positive();

/** The v2 sub-resources page at 50 by default; 250 is the most one page returns. */
const PAGE = 'limit=250';

/** GET the order, its products and its shipping addresses: the event only says which order changed. */
export function bigcommerceOrderRequests(storeHash: string, orderId: string): ChannelRequest[] {
  if (!/^\d+$/.test(orderId))
    throw new RangeError(`${JSON.stringify(orderId)} is not a BigCommerce order id`);
  const base = `/stores/${encodeURIComponent(storeHash)}/v2/orders/${orderId}`;
  return [base, `${base}/products?${PAGE}`, `${base}/shipping_addresses?${PAGE}`].map((path) => ({
    method: 'GET',
    path,
    headers: { accept: 'application/json' },
    body: '',
  }));
}

const Order = z.object({
  id: Id,
  date_created: z.string(),
  date_modified: z.string(),
  status_id: z.number().int(),
  currency_code: z.string().regex(/^[A-Z]{3}$/, 'is not an ISO 4217 code'),
  total_tax: Decimal.nullish(),
  shipping_cost_ex_tax: Decimal.nullish(),
  discount_amount: Decimal.nullish(),
  coupon_discount: Decimal.nullish(),
  billing_address: z.object({ first_name: Str, last_name: Str, email: Str }).nullish(),
});

const Products = z
  .array(
    z.object({
      order_id: Id,
      product_id: z.number().int().nonnegative(),
      variant_id: z.number().int().nonnegative().nullish(),
      name: Str,
      sku: Str,
      quantity: z.number().int().positive(),
      price_ex_tax: Decimal,
    }),
  )
  .min(1);

const ShippingAddresses = z.array(
  z.object({
    first_name: Str,
    last_name: Str,
    company: Str,
    street_1: Str,
    street_2: Str,
    city: Str,
    state: Str,
    zip: Str,
    country_iso2: Str,
    phone: Str,
    email: Str,
  }),
);

export interface BigCommerceOrderPayload {
  order: unknown;
  products: unknown;
  shippingAddresses: unknown;
}

// 5 Cancelled, 6 Declined, 4 Refunded. 0 is Incomplete: a checkout that never became an order.
const CANCELLED = new Set([4, 5, 6]);
const INCOMPLETE = 0;

/**
 * The three v2 bodies as a ChannelOrder. BigCommerce computes prices to four decimals ("9.0909" in a
 * tax-inclusive store), so amounts round half up to the currency's minor unit. A line without a SKU uses
 * "<product_id>/<variant_id>". Refuses an Incomplete order (status_id 0), which no buyer has placed.
 * Only the first shipping address is used; BigCommerce's multi-address orders need a split shipment.
 */
export function normalizeBigCommerceOrder(payload: BigCommerceOrderPayload): ChannelOrder {
  const o = parsePayload(CHANNEL, Order, payload.order, 'order');
  if (o.status_id === INCOMPLETE) {
    throw new ChannelPayloadError(
      CHANNEL,
      'order.status_id',
      'is 0 (Incomplete): the checkout was not finished',
    );
  }
  const products = parsePayload(CHANNEL, Products, payload.products, 'products');
  const addresses = parsePayload(CHANNEL, ShippingAddresses, payload.shippingAddresses, 'shipping_addresses');
  const money = (field: string, amount: string | null | undefined) => {
    if (amount == null) return undefined;
    const minor = toMinorUnitsRounded(amount, o.currency_code);
    if (minor === null)
      throw new ChannelPayloadError(CHANNEL, field, `${JSON.stringify(amount)} is not a decimal`);
    if (minor < 0) throw new ChannelPayloadError(CHANNEL, field, 'is negative');
    return minor;
  };
  const lines = products.map((p, i) => {
    if (p.order_id !== o.id) {
      throw new ChannelPayloadError(CHANNEL, `products.${i}.order_id`, `${p.order_id} is not ${o.id}`);
    }
    const sku = text(p.sku) ?? (p.variant_id ? `${p.product_id}/${p.variant_id}` : String(p.product_id));
    return compact({
      sku,
      quantity: p.quantity,
      unit_price: money(`products.${i}.price_ex_tax`, p.price_ex_tax) ?? 0,
      name: text(p.name),
    });
  });
  const to = addresses[0];
  const name = text(`${o.billing_address?.first_name ?? ''} ${o.billing_address?.last_name ?? ''}`);
  const email = text(o.billing_address?.email);
  const discounts = [
    money('order.discount_amount', o.discount_amount),
    money('order.coupon_discount', o.coupon_discount),
  ];
  return {
    order: compact({
      external_id: String(o.id),
      currency: o.currency_code,
      placed_at: utcIso(CHANNEL, 'order.date_created', o.date_created),
      customer: name || email ? compact({ name, email }) : undefined,
      lines,
      ship_to: to
        ? compact({
            name: text(`${to.first_name ?? ''} ${to.last_name ?? ''}`) ?? text(to.company),
            line1: text(to.street_1),
            line2: text(to.street_2),
            city: text(to.city),
            region: text(to.state),
            postal_code: text(to.zip),
            country: text(to.country_iso2)?.toUpperCase(),
            phone: text(to.phone),
            email: text(to.email),
          })
        : {},
      shipping_total: money('order.shipping_cost_ex_tax', o.shipping_cost_ex_tax),
      tax_total: money('order.total_tax', o.total_tax),
      discount_total: sum(discounts.map((d) => d ?? 0)),
    }),
    status: CANCELLED.has(o.status_id) ? 'cancelled' : 'open',
    updated_at: utcIso(CHANNEL, 'order.date_modified', o.date_modified),
  };
}
