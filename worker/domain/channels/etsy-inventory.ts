/** Etsy stock and tracking out: listing inventory read-modify-write, and createReceiptShipment. */
import { z } from 'zod';
import { EtsyMoney } from './etsy-receipts';
import { parsePayload } from './payload';
import type { ChannelRequest } from './types';

const CHANNEL = 'etsy';

/** Etsy caps an offering's quantity at 999 [M]. */
export const ETSY_MAX_QUANTITY = 999;

const PropertyValue = z.object({
  property_id: z.number().int(),
  property_name: z.string().nullish(),
  scale_id: z.number().int().nullish(),
  value_ids: z.array(z.number().int()),
  values: z.array(z.string()),
});

const Inventory = z.object({
  products: z.array(
    z.object({
      sku: z.string().nullish(),
      is_deleted: z.boolean().nullish(),
      property_values: z.array(PropertyValue).default([]),
      offerings: z.array(
        z.object({
          price: EtsyMoney,
          quantity: z.number().int().nonnegative(),
          is_enabled: z.boolean(),
          is_deleted: z.boolean().nullish(),
        }),
      ),
    }),
  ),
  price_on_property: z.array(z.number().int()).default([]),
  quantity_on_property: z.array(z.number().int()).default([]),
  sku_on_property: z.array(z.number().int()).default([]),
});

/** GET getListingInventory: the document updateListingInventory will replace. */
export function etsyListingInventoryRequest(listingId: string): ChannelRequest {
  return {
    method: 'GET',
    path: `/v3/application/listings/${encodeURIComponent(listingId)}/inventory`,
    headers: {},
    body: '',
  };
}

export type EtsyInventoryUpdate =
  | { ok: true; request: ChannelRequest }
  | { ok: false; code: 'sku_not_in_listing'; sku: string | null }
  | { ok: false; code: 'quantity_not_per_product'; skus: string[] }
  | { ok: false; code: 'quantity_out_of_range'; sku: string | null; quantity: number };

/**
 * updateListingInventory replaces every product, so the body is the current inventory with only the matched
 * products' offering quantities changed; property values, prices, enabled flags and the *_on_property lists
 * are sent back as read. A change with sku null targets a listing's only product. Refuses, as a value,
 * a SKU the listing lacks, a quantity Etsy would reject, or a per-SKU change on a listing whose quantity
 * does not vary by property (every product shares one quantity there).
 */
export function etsyInventoryUpdate(
  listingId: string,
  current: unknown,
  changes: { sku: string | null; quantity: number }[],
): EtsyInventoryUpdate {
  const inventory = parsePayload(CHANNEL, Inventory, current);
  const products = inventory.products.filter((p) => !p.is_deleted);
  const quantities = new Map<number, number>();
  for (const change of changes) {
    if (
      !Number.isSafeInteger(change.quantity) ||
      change.quantity < 0 ||
      change.quantity > ETSY_MAX_QUANTITY
    ) {
      return { ok: false, code: 'quantity_out_of_range', sku: change.sku, quantity: change.quantity };
    }
    const index =
      change.sku === null
        ? products.length === 1
          ? 0
          : -1
        : products.findIndex((p) => p.sku?.trim() === change.sku);
    if (index < 0) return { ok: false, code: 'sku_not_in_listing', sku: change.sku };
    quantities.set(index, change.quantity);
  }
  if (products.length > 1 && inventory.quantity_on_property.length === 0) {
    const after = products.map((p, i) => quantities.get(i) ?? p.offerings[0]?.quantity);
    if (new Set(after).size > 1) {
      return { ok: false, code: 'quantity_not_per_product', skus: products.map((p) => p.sku ?? '') };
    }
  }
  const body = {
    products: products.map((p, i) => ({
      sku: p.sku ?? '',
      property_values: p.property_values.map((v) => ({
        property_id: v.property_id,
        property_name: v.property_name ?? undefined,
        scale_id: v.scale_id ?? null,
        value_ids: v.value_ids,
        values: v.values,
      })),
      offerings: p.offerings
        .filter((o) => !o.is_deleted)
        .map((o) => ({
          // The write takes a decimal price where the read gave {amount, divisor}.
          price: o.price.amount / o.price.divisor,
          quantity: quantities.get(i) ?? o.quantity,
          is_enabled: o.is_enabled,
        })),
    })),
    price_on_property: inventory.price_on_property,
    quantity_on_property: inventory.quantity_on_property,
    sku_on_property: inventory.sku_on_property,
  };
  return {
    ok: true,
    request: {
      method: 'PUT',
      path: `/v3/application/listings/${encodeURIComponent(listingId)}/inventory`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
  };
}

export interface EtsyTracking {
  trackingCode: string;
  /** Etsy's carrier name, such as "usps", "ups", "royal-mail". */
  carrierName: string;
  noteToBuyer?: string;
}

/** createReceiptShipment: marks the receipt shipped with its tracking code, and Etsy emails the buyer. */
export function etsyReceiptShipmentRequest(
  shopId: string,
  receiptId: string,
  tracking: EtsyTracking,
): ChannelRequest {
  if (!tracking.trackingCode.trim() || !tracking.carrierName.trim()) {
    throw new RangeError('an Etsy shipment needs a tracking code and a carrier');
  }
  return {
    method: 'POST',
    path: `/v3/application/shops/${encodeURIComponent(shopId)}/receipts/${encodeURIComponent(receiptId)}/tracking`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tracking_code: tracking.trackingCode.trim(),
      carrier_name: tracking.carrierName.trim(),
      ...(tracking.noteToBuyer ? { note_to_buyer: tracking.noteToBuyer } : {}),
    }),
  };
}
