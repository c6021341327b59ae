/** WooCommerce REST v3 order (webhook body or GET /orders/{id}) -> ChannelOrder. */
import { z } from 'zod';
import { splitLineTotal } from './amazon-orders-v0';
import { compact, minorUnits, parsePayload, text, utcIso } from './payload';
import { type CanonicalOrder, type ChannelOrder, ChannelPayloadError, type ChannelRequest } from './types';

const CHANNEL = 'woocommerce';
const Str = z.string().nullish();
const Decimal = z.string();
const WooId = z.number().int().nonnegative();

const Address = z.object({
  first_name: Str,
  last_name: Str,
  company: Str,
  address_1: Str,
  address_2: Str,
  city: Str,
  state: Str,
  postcode: Str,
  country: Str,
  email: Str,
  phone: Str,
});

const Order = z.object({
  id: WooId.positive(),
  status: z.string(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'is not an ISO 4217 code'),
  date_created_gmt: z.string(),
  date_modified_gmt: z.string(),
  discount_total: Decimal.nullish(),
  shipping_total: Decimal.nullish(),
  total_tax: Decimal.nullish(),
  billing: Address.nullish(),
  shipping: Address.nullish(),
  line_items: z
    .array(
      z.object({
        name: Str,
        product_id: WooId.nullish(),
        variation_id: WooId.nullish(),
        quantity: z.number().int().positive(),
        sku: Str,
        // The line before coupons; `total` is after them, and the order's discount_total carries the difference.
        subtotal: Decimal,
      }),
    )
    .min(1),
});

// Woo's *_gmt fields are UTC without a zone designator ("2026-03-02T14:05:31").
const gmt = (value: string) => (/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);

const CANCELLED = new Set(['cancelled', 'refunded', 'failed', 'trash']);

function shipTo(shipping: z.output<typeof Address> | null | undefined, billing: typeof shipping) {
  // Orders with local pickup or virtual items leave the shipping address blank.
  const a = text(shipping?.address_1) ? shipping : billing;
  if (!a) return {};
  const name = text(`${a.first_name ?? ''} ${a.last_name ?? ''}`) ?? text(a.company);
  return compact({
    name,
    line1: text(a.address_1),
    line2: text(a.address_2),
    city: text(a.city),
    region: text(a.state),
    postal_code: text(a.postcode),
    country: text(a.country)?.toUpperCase(),
    phone: text(shipping?.phone) ?? text(billing?.phone),
  }) satisfies CanonicalOrder['ship_to'];
}

/**
 * A Woo order as a ChannelOrder. The line subtotal (before coupons) sets the unit price, split one cent apart
 * when it does not divide by the quantity; a line without a SKU uses its variation or product id.
 * Cancelled, refunded, failed and trashed orders are `cancelled`. Throws ChannelPayloadError naming the field.
 */
export function normalizeWooOrder(payload: unknown): ChannelOrder {
  const o = parsePayload(CHANNEL, Order, payload);
  const money = (field: string, amount: string | null | undefined) =>
    amount == null || amount === '' ? undefined : minorUnits(CHANNEL, field, amount, o.currency);
  const lines = o.line_items.flatMap((item, i) => {
    const id = item.variation_id || item.product_id;
    const sku = text(item.sku) ?? (id ? String(id) : undefined);
    if (!sku)
      throw new ChannelPayloadError(CHANNEL, `line_items.${i}.sku`, 'is empty and the line has no product');
    const total = money(`line_items.${i}.subtotal`, item.subtotal) ?? 0;
    if (total < 0) throw new ChannelPayloadError(CHANNEL, `line_items.${i}.subtotal`, 'is negative');
    const name = text(item.name);
    return splitLineTotal(total, item.quantity).map((part) => compact({ sku, ...part, name }));
  });
  const name = text(`${o.billing?.first_name ?? ''} ${o.billing?.last_name ?? ''}`);
  const email = text(o.billing?.email);
  return {
    order: compact({
      external_id: String(o.id),
      currency: o.currency,
      placed_at: utcIso(CHANNEL, 'date_created_gmt', gmt(o.date_created_gmt)),
      customer: name || email ? compact({ name, email }) : undefined,
      lines,
      ship_to: shipTo(o.shipping, o.billing),
      shipping_total: money('shipping_total', o.shipping_total),
      tax_total: money('total_tax', o.total_tax),
      discount_total: money('discount_total', o.discount_total),
    }),
    status: CANCELLED.has(o.status) ? 'cancelled' : 'open',
    updated_at: utcIso(CHANNEL, 'date_modified_gmt', gmt(o.date_modified_gmt)),
  };
}

/** GET /orders/{id}: the order as the store holds it now (a trashed one reads with status `trash`). */
export function wooOrderRequest(orderId: string): ChannelRequest {
  if (!/^\d+$/.test(orderId))
    throw new RangeError(`${JSON.stringify(orderId)} is not a WooCommerce order id`);
  return { method: 'GET', path: `/wp-json/wc/v3/orders/${orderId}`, headers: {}, body: '' };
}

/**
 * The version stamp for a change the store did not stamp itself (an order deleted for good), or whose own
 * stamp may not have moved (a trashed order keeps its date_modified on some stores): the change is newer
 * than the version we hold, so at least one millisecond after it, and never earlier than `observed`.
 */
export function wooVersionAfter(held: string | null | undefined, observed: string): string {
  if (!held || observed > held) return observed;
  return new Date(Date.parse(held) + 1).toISOString();
}
