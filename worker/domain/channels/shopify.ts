/** Shopify in: orders/create, orders/updated and refunds/create webhook bodies (REST resource shapes). */
import { z } from 'zod';
import { compact, minorUnits, parsePayload, sum, text, utcIso } from './payload';
import { shopifyInventorySetMutation } from './shopify-inventory';
import {
  extractShopifyOrderId,
  ShopifyId,
  shopifyGidNumber,
  shopifyIdString,
  verifyShopifyHmac,
} from './shopify-webhook';
import { type ChannelConnector, type ChannelOrder, ChannelPayloadError } from './types';

export * from './shopify-inventory';
export * from './shopify-refund';
export * from './shopify-webhook';

const CHANNEL = 'shopify';

const Decimal = z.string();
const Str = z.string().nullish();
const Coordinate = z.union([z.string(), z.number()]).nullish();

const Address = z.object({
  name: Str,
  first_name: Str,
  last_name: Str,
  address1: Str,
  address2: Str,
  city: Str,
  province: Str,
  province_code: Str,
  zip: Str,
  country_code: Str,
  phone: Str,
  latitude: Coordinate,
  longitude: Coordinate,
});

const LineItem = z.object({
  id: ShopifyId,
  variant_id: ShopifyId.nullish(),
  sku: Str,
  title: Str,
  quantity: z.number().int().positive(),
  price: Decimal,
});

const Order = z.object({
  id: ShopifyId,
  admin_graphql_api_id: Str,
  currency: z.string().regex(/^[A-Z]{3}$/, 'is not an ISO 4217 code'),
  created_at: z.string(),
  updated_at: z.string(),
  cancelled_at: Str,
  email: Str,
  customer: z.object({ first_name: Str, last_name: Str, email: Str }).nullish(),
  line_items: z.array(LineItem).min(1),
  shipping_lines: z.array(z.object({ price: Decimal })).nullish(),
  shipping_address: Address.nullish(),
  total_tax: Decimal.nullish(),
  total_discounts: Decimal.nullish(),
});

function coordinate(value: string | number | null | undefined, limit: number): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= limit && value !== '' ? n : undefined;
}

function shipTo(address: z.output<typeof Address> | null | undefined): ChannelOrder['order']['ship_to'] {
  if (!address) return {};
  const name = text(address.name) ?? text(`${address.first_name ?? ''} ${address.last_name ?? ''}`);
  return compact({
    name,
    line1: text(address.address1),
    line2: text(address.address2),
    city: text(address.city),
    region: text(address.province_code) ?? text(address.province),
    postal_code: text(address.zip),
    country: text(address.country_code)?.toUpperCase(),
    phone: text(address.phone),
    lat: coordinate(address.latitude, 90),
    lng: coordinate(address.longitude, 180),
  });
}

/**
 * An orders/create or orders/updated body as a ChannelOrder. The id comes from `admin_graphql_api_id`, else
 * from `rawText` (the body as received), else from the parsed number when it is below 2^53.
 * Lines without a SKU use the variant id as their SKU. Throws ChannelPayloadError naming the bad field.
 */
export function normalizeShopifyOrder(payload: unknown, rawText?: string): ChannelOrder {
  const o = parsePayload(CHANNEL, Order, payload);
  const externalId =
    shopifyGidNumber(o.admin_graphql_api_id, 'Order') ??
    (rawText === undefined ? null : extractShopifyOrderId(rawText)) ??
    shopifyIdString('id', o.id);
  const money = (field: string, amount: string) => minorUnits(CHANNEL, field, amount, o.currency);
  const lines = o.line_items.map((item, i) => {
    const sku =
      text(item.sku) ??
      (item.variant_id == null ? undefined : shopifyIdString(`line_items.${i}.variant_id`, item.variant_id));
    if (!sku)
      throw new ChannelPayloadError(
        CHANNEL,
        `line_items.${i}.sku`,
        'is empty and the line has no variant_id',
      );
    return compact({
      sku,
      quantity: item.quantity,
      unit_price: money(`line_items.${i}.price`, item.price),
      name: text(item.title),
    });
  });
  const customerName = text(`${o.customer?.first_name ?? ''} ${o.customer?.last_name ?? ''}`);
  const email = text(o.email) ?? text(o.customer?.email);
  return {
    order: compact({
      external_id: externalId,
      currency: o.currency,
      placed_at: utcIso(CHANNEL, 'created_at', o.created_at),
      customer: customerName || email ? compact({ name: customerName, email }) : undefined,
      lines,
      ship_to: shipTo(o.shipping_address),
      shipping_total: sum(
        (o.shipping_lines ?? []).map((l, i) => money(`shipping_lines.${i}.price`, l.price)),
      ),
      tax_total: o.total_tax == null ? undefined : money('total_tax', o.total_tax),
      discount_total: o.total_discounts == null ? undefined : money('total_discounts', o.total_discounts),
    }),
    status: text(o.cancelled_at) ? 'cancelled' : 'open',
    updated_at: utcIso(CHANNEL, 'updated_at', o.updated_at),
  };
}

/** Shopify's connector. Orders arrive as the raw body text so the id survives; stock goes out by GraphQL. */
export function shopifyConnector(apiVersion?: string): ChannelConnector<string> {
  return {
    channel: CHANNEL,
    async verifyWebhook(rawBody, headers, secrets) {
      const header = headers.get('x-shopify-hmac-sha256');
      for (const secret of secrets) if (await verifyShopifyHmac(rawBody, header, secret)) return true;
      return false;
    },
    normalizeOrder(rawText) {
      let json: unknown;
      try {
        json = JSON.parse(rawText);
      } catch {
        throw new ChannelPayloadError(CHANNEL, '(root)', 'is not JSON');
      }
      return normalizeShopifyOrder(json, rawText);
    },
    inventoryPush(items, idempotencyKey) {
      const quantities = items.map((item) => {
        if (!item.locationId)
          throw new RangeError(`Shopify stock push for ${item.listingId} needs a locationId`);
        const { listingId, locationId, quantity } = item;
        return { inventoryItemId: listingId, locationId, quantity, compareQuantity: item.changeFrom ?? null };
      });
      return shopifyInventorySetMutation(quantities, idempotencyKey, apiVersion);
    },
  };
}
