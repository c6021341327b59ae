import { describe, expect, it } from 'vitest';
import {
  BIGCOMMERCE_ADJUSTMENT_MAX,
  BIGCOMMERCE_SECRET_HEADER,
  bigcommerceConnector,
  bigcommerceHookRequests,
  bigcommerceInventoryRequests,
  bigcommerceOrderRequests,
  bigcommerceShipmentRequest,
  normalizeBigCommerceOrder,
  parseBigCommerceEvent,
  verifyBigCommerceHeader,
} from '../../../worker/domain/channels/bigcommerce';
import { bucketFor } from '../../../worker/domain/channels/rate-limits';
import type { ChannelOrder } from '../../../worker/domain/channels/types';
import { CreateOrderBody } from '../../../worker/schemas/orders';
import order from '../../fixtures/channels/bigcommerce-order.json';
import products from '../../fixtures/channels/bigcommerce-order-products.json';
import shippingAddresses from '../../fixtures/channels/bigcommerce-order-shipping-addresses.json';
import event from '../../fixtures/channels/bigcommerce-webhook-order-created.json';

const payload = (over: Partial<{ order: unknown; products: unknown; shippingAddresses: unknown }> = {}) => ({
  order: structuredClone(order),
  products: structuredClone(products),
  shippingAddresses: structuredClone(shippingAddresses),
  ...over,
});

const expected: ChannelOrder = {
  order: {
    external_id: '250',
    currency: 'USD',
    placed_at: '2026-03-02T14:05:31.000Z',
    customer: { name: 'Marcus Whitfield', email: 'marcus.whitfield@example.com' },
    lines: [
      { sku: 'SOCK-TRAIL-M', quantity: 2, unit_price: 1280, name: 'Trail running socks' },
      { sku: '97/254', quantity: 1, unit_price: 6080, name: 'Insulated bottle, 750 ml' },
    ],
    ship_to: {
      name: 'Dana Whitfield',
      line1: '455 Mapleton Avenue',
      line2: 'Unit 3',
      city: 'Boulder',
      region: 'Colorado',
      postal_code: '80304',
      country: 'US',
      phone: '303-555-0142',
      email: 'marcus.whitfield@example.com',
    },
    shipping_total: 995,
    tax_total: 713,
    discount_total: 500,
  },
  status: 'open',
  updated_at: '2026-03-02T14:06:40.000Z',
};

describe('BigCommerce webhook events', () => {
  it('reads the thin event as the order to fetch, with the payload hash as dedup key', () => {
    expect(parseBigCommerceEvent(event)).toEqual({
      kind: 'order',
      scope: 'store/order/created',
      order_id: '250',
      store_hash: 'abc123',
      dedup_key: 'dd70c0976e06b67aaf671e73f49dcb79230ebf9d',
      created_at: '2026-03-02T14:05:31.000Z',
    });
    expect(parseBigCommerceEvent({ ...event, scope: 'store/product/updated' })).toEqual({
      kind: 'ignored',
      scope: 'store/product/updated',
    });
    expect(() => parseBigCommerceEvent({ ...event, data: { type: 'order' } })).toThrow(
      expect.objectContaining({ field: 'data.id' }),
    );
  });

  it('builds the three reads an order needs', () => {
    expect(bigcommerceOrderRequests('abc123', '250').map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /stores/abc123/v2/orders/250',
      'GET /stores/abc123/v2/orders/250/products?limit=250',
      'GET /stores/abc123/v2/orders/250/shipping_addresses?limit=250',
    ]);
    expect(() => bigcommerceOrderRequests('abc123', '../250')).toThrow(RangeError);
  });

  it('subscribes each order scope with the secret header', () => {
    const requests = bigcommerceHookRequests('abc123', 'https://oms.example.com/hooks/bigcommerce', 's3cret');
    expect(requests.map((r) => JSON.parse(r.body).scope)).toEqual([
      'store/order/created',
      'store/order/updated',
      'store/order/statusUpdated',
    ]);
    expect(JSON.parse(requests[0]!.body).headers).toEqual({ [BIGCOMMERCE_SECRET_HEADER]: 's3cret' });
    expect(() => bigcommerceHookRequests('abc123', 'http://oms.example.com', 's')).toThrow(RangeError);
  });

  it('accepts a delivery carrying one of the secrets and rejects a wrong or missing one', async () => {
    const headers = (value?: string) => new Headers(value ? { [BIGCOMMERCE_SECRET_HEADER]: value } : {});
    expect(await verifyBigCommerceHeader(headers('s3cret'), ['old', 's3cret'])).toBe(true);
    expect(await verifyBigCommerceHeader(headers('s3cret-'), ['s3cret'])).toBe(false);
    expect(await verifyBigCommerceHeader(headers(), ['s3cret'])).toBe(false);
    expect(await verifyBigCommerceHeader(headers('s3cret'), [])).toBe(false);
    const connector = bigcommerceConnector({ storeHash: 'abc123' });
    expect(await connector.verifyWebhook(new Uint8Array(), headers('s3cret'), ['s3cret'])).toBe(true);
  });
});

describe('normalizeBigCommerceOrder', () => {
  it('turns the order, products and address into the canonical order', () => {
    expect(normalizeBigCommerceOrder(payload())).toEqual(expected);
    expect(CreateOrderBody.safeParse({ channel: 'bigcommerce', ...expected.order }).success).toBe(true);
  });

  it('rounds four-decimal prices to cents', () => {
    const items = structuredClone(products);
    items[0]!.price_ex_tax = '9.0909';
    items[1]!.price_ex_tax = '60.8050';
    const lines = normalizeBigCommerceOrder(payload({ products: items })).order.lines;
    expect(lines.map((l) => l.unit_price)).toEqual([909, 6081]);
  });

  it.each([
    [5, 'cancelled'],
    [6, 'cancelled'],
    [4, 'cancelled'],
    [2, 'open'],
  ])('maps status_id %i to %s', (statusId, status) => {
    expect(normalizeBigCommerceOrder(payload({ order: { ...order, status_id: statusId } })).status).toBe(
      status,
    );
  });

  it('refuses an Incomplete order and products of another order', () => {
    expect(() => normalizeBigCommerceOrder(payload({ order: { ...order, status_id: 0 } }))).toThrow(
      expect.objectContaining({ field: 'order.status_id' }),
    );
    const items = structuredClone(products);
    items[1]!.order_id = 251;
    expect(() => normalizeBigCommerceOrder(payload({ products: items }))).toThrow(
      expect.objectContaining({ field: 'products.1.order_id' }),
    );
  });

  it('names the field when a price is not a decimal or the products are missing', () => {
    const items = structuredClone(products);
    items[0]!.price_ex_tax = '12,80';
    expect(() => normalizeBigCommerceOrder(payload({ products: items }))).toThrow(
      expect.objectContaining({ name: 'ChannelPayloadError', field: 'products.0.price_ex_tax' }),
    );
    expect(() => normalizeBigCommerceOrder(payload({ products: [] }))).toThrow(
      expect.objectContaining({ field: 'products' }),
    );
  });
});

describe('BigCommerce stock and shipments', () => {
  it('sets absolute quantities per variant and location, 2,000 items per call', () => {
    const items = Array.from({ length: 2001 }, (_, i) => ({
      variantId: String(i + 1),
      locationId: '1',
      quantity: 5,
    }));
    const requests = bigcommerceInventoryRequests('abc123', items);
    expect(requests.map((r) => JSON.parse(r.body).items.length)).toEqual([BIGCOMMERCE_ADJUSTMENT_MAX, 1]);
    expect(requests[1]).toMatchObject({
      method: 'PUT',
      path: '/stores/abc123/v3/inventory/adjustments/absolute',
    });
    expect(JSON.parse(requests[1]!.body)).toEqual({
      reason: 'Switchyard stock sync',
      items: [{ location_id: 1, variant_id: 2001, quantity: 5 }],
    });
  });

  it('needs a location for every pushed variant', () => {
    const connector = bigcommerceConnector({ storeHash: 'abc123' });
    expect(() => connector.inventoryPush([{ listingId: '301', quantity: 1 }], 'k')).toThrow(RangeError);
    expect(() =>
      bigcommerceInventoryRequests('abc123', [{ variantId: 'x', locationId: '1', quantity: 1 }]),
    ).toThrow(RangeError);
  });

  it('creates a shipment with tracking for the order products sent', () => {
    const request = bigcommerceShipmentRequest('abc123', '250', {
      orderAddressId: '171',
      trackingNumber: '9400111899223817576432',
      trackingCarrier: 'usps',
      items: [
        { orderProductId: '4021', quantity: 2 },
        { orderProductId: '4022', quantity: 1 },
      ],
    });
    expect(request.path).toBe('/stores/abc123/v2/orders/250/shipments');
    expect(JSON.parse(request.body)).toEqual({
      order_address_id: 171,
      tracking_number: '9400111899223817576432',
      tracking_carrier: 'usps',
      comments: '',
      items: [
        { order_product_id: 4021, quantity: 2 },
        { order_product_id: 4022, quantity: 1 },
      ],
    });
  });
});

describe('BigCommerce rate budget', () => {
  it('never spends more than 150 requests in a 30 s window', () => {
    const bucket = bucketFor('bigcommerce.rest', 0);
    let granted = 0;
    for (let ms = 0; ms <= 30_000; ms += 50) while (bucket.take(ms).ok) granted++;
    expect(granted).toBeLessThanOrEqual(150);
    expect(granted).toBeGreaterThanOrEqual(149);
  });
});
