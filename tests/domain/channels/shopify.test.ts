import { describe, expect, it } from 'vitest';
import {
  extractShopifyOrderId,
  normalizeShopifyOrder,
  shopifyConnector,
  verifyShopifyHmac,
} from '../../../worker/domain/channels/shopify';
import type { ChannelOrder } from '../../../worker/domain/channels/types';
import { CreateOrderBody, type CreateOrderInput } from '../../../worker/schemas/orders';
import fixture from '../../fixtures/shopify-rest-order.json';
import fixtureText from '../../fixtures/shopify-rest-order.json?raw';

// The fixture wraps the REST resource as {"order": {...}}; a webhook body is the inner object, byte for byte.
const rawBody = fixtureText.slice(
  fixtureText.indexOf('{', 1),
  fixtureText.lastIndexOf('}', fixtureText.lastIndexOf('}') - 1) + 1,
);
const bytes = new TextEncoder().encode(rawBody);
const SECRET = 'shpss_switchyard_test';
// base64(HMAC-SHA256(SECRET, rawBody)), computed outside this code with Python's hmac module.
const SIGNATURE = 'AM5gbvP9FhpcyXktNL3JtVrUSjESTNufLAGhc7P4/mM=';
const BIG_ID = '820982911946154508';

type ShopifyOrder = typeof fixture.order;
const shopifyOrder = (over: Partial<Record<keyof ShopifyOrder, unknown>> & Record<string, unknown> = {}) => ({
  ...structuredClone(fixture.order),
  ...over,
});
const lineItems = (edit: (items: ShopifyOrder['line_items']) => void) => {
  const items = structuredClone(fixture.order.line_items);
  edit(items);
  return items;
};

const expected: ChannelOrder = {
  order: {
    external_id: '450789469',
    currency: 'USD',
    placed_at: '2008-01-10T16:00:00.000Z',
    customer: { name: 'Bob Norman', email: 'bob.norman@hostmail.com' },
    lines: [
      { sku: 'IPOD2008GREEN', quantity: 1, unit_price: 19900, name: 'IPod Nano - 8gb' },
      { sku: 'IPOD2008RED', quantity: 1, unit_price: 19900, name: 'IPod Nano - 8gb' },
      { sku: 'IPOD2008BLACK', quantity: 1, unit_price: 19900, name: 'IPod Nano - 8gb' },
    ],
    ship_to: {
      name: 'Bob Norman',
      line1: 'Chestnut Street 92',
      city: 'Louisville',
      region: 'KY',
      postal_code: '40202',
      country: 'US',
      phone: '555-625-1199',
      lat: 45.41634,
      lng: -75.6868,
    },
    shipping_total: 0,
    tax_total: 1194,
    discount_total: 0,
  },
  status: 'open',
  updated_at: '2008-01-10T16:00:00.000Z',
};

describe('verifyShopifyHmac', () => {
  it('agrees with the RFC 4231 HMAC-SHA256 test vector', async () => {
    const data = new TextEncoder().encode('what do ya want for nothing?');
    expect(await verifyShopifyHmac(data, 'W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=', 'Jefe')).toBe(true);
  });

  it('accepts the raw body signed with the secret, as bytes or as an ArrayBuffer', async () => {
    expect(await verifyShopifyHmac(bytes, SIGNATURE, SECRET)).toBe(true);
    expect(await verifyShopifyHmac(new Uint8Array(bytes).buffer, SIGNATURE, SECRET)).toBe(true);
  });

  it('rejects the right body under the wrong secret', async () => {
    expect(await verifyShopifyHmac(bytes, SIGNATURE, 'shpss_someone_else')).toBe(false);
  });

  it('rejects a missing, empty or undecodable header', async () => {
    expect(await verifyShopifyHmac(bytes, null, SECRET)).toBe(false);
    expect(await verifyShopifyHmac(bytes, '', SECRET)).toBe(false);
    expect(await verifyShopifyHmac(bytes, 'not base64 at all!', SECRET)).toBe(false);
  });

  it('rejects the same JSON re-serialized, because only the exact bytes were signed', async () => {
    const reserialized = JSON.stringify(JSON.parse(rawBody));
    expect(reserialized).not.toBe(rawBody);
    expect(await verifyShopifyHmac(new TextEncoder().encode(reserialized), SIGNATURE, SECRET)).toBe(false);
  });

  it('rejects a body with one byte changed', async () => {
    const tampered = new TextEncoder().encode(rawBody.replace('"199.00"', '"109.00"'));
    expect(await verifyShopifyHmac(tampered, SIGNATURE, SECRET)).toBe(false);
  });
});

describe('shopifyConnector().verifyWebhook', () => {
  it('accepts a body signed with either secret while the app secret rotates', async () => {
    const headers = new Headers({ 'X-Shopify-Hmac-Sha256': SIGNATURE });
    const connector = shopifyConnector();
    expect(await connector.verifyWebhook(bytes, headers, ['shpss_new', SECRET])).toBe(true);
    expect(await connector.verifyWebhook(bytes, headers, ['shpss_new'])).toBe(false);
    expect(await connector.verifyWebhook(bytes, new Headers(), [SECRET])).toBe(false);
  });
});

describe('extractShopifyOrderId', () => {
  it('reads the top-level id of the fixture body', () => {
    expect(extractShopifyOrderId(rawBody)).toBe('450789469');
  });

  it('keeps an id above 2^53 digit for digit', () => {
    expect(Number(BIG_ID) > Number.MAX_SAFE_INTEGER).toBe(true);
    expect(extractShopifyOrderId(`{"name":"#9999","id":${BIG_ID}}`)).toBe(BIG_ID);
  });

  it('skips nested ids, ids inside strings and "id" used as a value', () => {
    const text = '{"customer":{"id":1},"line_items":[{"id":2}],"note":"\\"id\\": 3","kind":"id","id": 4}';
    expect(extractShopifyOrderId(text)).toBe('4');
  });

  it('reads a string id, and gives null when there is no top-level id', () => {
    expect(extractShopifyOrderId('{"id":"42"}')).toBe('42');
    expect(extractShopifyOrderId('{"order":{"id":42}}')).toBeNull();
    expect(extractShopifyOrderId('{"id":null}')).toBeNull();
  });
});

describe('normalizeShopifyOrder', () => {
  it('turns the fixture order into the canonical order', () => {
    expect(normalizeShopifyOrder(fixture.order)).toEqual(expected);
  });

  it('produces a body the orders API accepts', () => {
    const body: CreateOrderInput = { channel: 'shopify', ...normalizeShopifyOrder(fixture.order).order };
    expect(CreateOrderBody.safeParse(body).success).toBe(true);
  });

  it('goes through the connector from raw text to the same order', () => {
    expect(shopifyConnector().normalizeOrder(rawBody)).toEqual(expected);
  });

  it('marks an order with cancelled_at as cancelled', () => {
    const cancelled = shopifyOrder({ cancelled_at: '2008-01-11T09:00:00-05:00', cancel_reason: 'customer' });
    expect(normalizeShopifyOrder(cancelled).status).toBe('cancelled');
  });

  it('takes the id from admin_graphql_api_id over a rounded number', () => {
    const order = shopifyOrder({ id: Number(BIG_ID), admin_graphql_api_id: `gid://shopify/Order/${BIG_ID}` });
    expect(normalizeShopifyOrder(order).order.external_id).toBe(BIG_ID);
  });

  it('takes a big id from the raw text when JSON.parse has rounded it', () => {
    const bigText = rawBody.replace('"id": 450789469', `"id": ${BIG_ID}`);
    const parsed = JSON.parse(bigText) as { id: number };
    expect(String(parsed.id)).not.toBe(BIG_ID);
    expect(normalizeShopifyOrder(parsed, bigText).order.external_id).toBe(BIG_ID);
    expect(() => normalizeShopifyOrder(parsed)).toThrow(
      expect.objectContaining({ name: 'ChannelPayloadError', field: 'id' }),
    );
  });

  it('uses the variant id as the SKU of a line without one', () => {
    const items = lineItems((l) => {
      l[0]!.sku = '';
      (l[1] as { sku: string | null }).sku = null;
    });
    const lines = normalizeShopifyOrder(shopifyOrder({ line_items: items })).order.lines;
    expect(lines.map((l) => l.sku)).toEqual(['39072856', '49148385', 'IPOD2008BLACK']);
  });

  it('ignores fields newer API versions add, such as *_set money objects', () => {
    const money = { shop_money: { amount: '409.94', currency_code: 'USD' } };
    const newer = shopifyOrder({
      total_price_set: money,
      current_total_price: '409.94',
      admin_graphql_api_id: null,
    });
    expect(normalizeShopifyOrder(newer)).toEqual(expected);
  });

  it('sums shipping lines and leaves out coordinates that are absent or out of range', () => {
    const order = shopifyOrder({
      shipping_lines: [{ price: '4.99' }, { price: '0.01' }],
      shipping_address: { ...fixture.order.shipping_address, latitude: null, longitude: '200' },
    });
    const { shipping_total, ship_to } = normalizeShopifyOrder(order).order;
    expect(shipping_total).toBe(500);
    expect(ship_to).not.toHaveProperty('lat');
    expect(ship_to).not.toHaveProperty('lng');
  });

  it('names the field when a price is not a decimal string', () => {
    const items = lineItems((l) => {
      (l[1] as { price: unknown }).price = 199;
    });
    expect(() => normalizeShopifyOrder(shopifyOrder({ line_items: items }))).toThrow(
      expect.objectContaining({ name: 'ChannelPayloadError', field: 'line_items.1.price' }),
    );
    const comma = lineItems((l) => {
      l[0]!.price = '199,00';
    });
    expect(() => normalizeShopifyOrder(shopifyOrder({ line_items: comma }))).toThrow(
      expect.objectContaining({ field: 'line_items.0.price' }),
    );
  });

  it('names the field when a required one is missing', () => {
    expect(() => normalizeShopifyOrder(shopifyOrder({ updated_at: undefined }))).toThrow(
      expect.objectContaining({ field: 'updated_at' }),
    );
    expect(() => shopifyConnector().normalizeOrder('{"id": 1,')).toThrow(
      expect.objectContaining({ field: '(root)' }),
    );
  });
});
