import { z } from 'zod';
import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import { bigcommerceOrderRequests, bigcommerceShipmentRequest } from '../../domain/channels/bigcommerce';
import { newId } from '../../domain/ids';
import { findOrderByExternal } from '../../repo/orders';
import { BigCommerceRefused, bigcommerceClient } from './bigcommerce-client';
import type { ShipmentRow } from './types';

const OrderProducts = z.array(
  z.object({
    id: z.number().int(),
    product_id: z.number().int(),
    variant_id: z.number().int().nullish(),
    sku: z.string().nullish(),
  }),
);
const ShippingAddresses = z.array(z.object({ id: z.number().int() })).min(1);

/** BigCommerce's tracking_carrier codes for the carriers we name; others let the store guess from the number. */
const CARRIER_CODES: Record<string, string> = {
  ups: 'ups',
  usps: 'usps',
  fedex: 'fedex',
  dhl: 'dhl',
  'dhl express': 'dhl',
  'canada post': 'canada-post',
  'royal mail': 'royal-mail',
  'australia post': 'auspost',
};

// The same fallback the order normalizer gives a line without a SKU, so our channel SKUs match again.
const lineSku = (p: z.output<typeof OrderProducts>[number]) =>
  p.sku?.trim() || (p.variant_id ? `${p.product_id}/${p.variant_id}` : String(p.product_id));

/**
 * Creates the order's shipment with its tracking number: the order products and the shipping address
 * are read back first (the shipment names them by BigCommerce id), and BigCommerce moves the order to
 * Shipped or Partially Shipped itself. A refusal becomes a `tracking_push_failed` exception.
 */
export async function pushBigCommerceTracking(
  env: Env,
  db: Database,
  channel: { code: string },
  order: { externalId: string; lines: { channelSku: string; quantity: number }[] },
  shipment: ShipmentRow,
) {
  const client = await bigcommerceClient(env, db, channel.code);
  if (!client || !shipment.trackingCode) return;
  const storeHash = client.config.store_hash;
  try {
    const [, productsReq, addressesReq] = bigcommerceOrderRequests(storeHash, order.externalId);
    const products = OrderProducts.parse(await client.request(productsReq!));
    const [address] = ShippingAddresses.parse(await client.request(addressesReq!));
    const items = order.lines.flatMap((line) => {
      const product = products.find((p) => lineSku(p) === line.channelSku);
      return product ? [{ orderProductId: String(product.id), quantity: line.quantity }] : [];
    });
    const req = bigcommerceShipmentRequest(storeHash, order.externalId, {
      orderAddressId: String(address!.id),
      trackingNumber: shipment.trackingCode,
      trackingCarrier: CARRIER_CODES[(shipment.carrier ?? '').toLowerCase()] ?? '',
      items,
    });
    await client.request(req);
  } catch (err) {
    if (!(err instanceof BigCommerceRefused || err instanceof z.ZodError || err instanceof RangeError)) {
      throw err;
    }
    const held = await findOrderByExternal(db, channel.code, order.externalId);
    await db.insert(exceptions).values({
      id: newId('exc'),
      kind: 'tracking_push_failed',
      status: 'open',
      orderId: held?.id ?? null,
      channel: channel.code,
      message: `BigCommerce refused the tracking for order ${order.externalId}: ${err.message}`,
      details: { shipment_id: shipment.id, tracking_code: shipment.trackingCode },
    });
  }
}
