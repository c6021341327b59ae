import { describe, expect, it } from 'vitest';
import type { ChannelOrder } from '../../../worker/domain/channels/types';
import {
  normalizeWooOrder,
  parseWooBatchResponse,
  parseWooDelivery,
  verifyWooSignature,
  WOO_BATCH_MAX,
  wooConnector,
  wooPingWebhookId,
  wooShipmentRequests,
  wooStockBatchRequests,
} from '../../../worker/domain/channels/woocommerce';
import { CreateOrderBody } from '../../../worker/schemas/orders';
import fixture from '../../fixtures/channels/woocommerce-order.json';
import rawBody from '../../fixtures/channels/woocommerce-order.json?raw';
import batchResponse from '../../fixtures/channels/woocommerce-products-batch-response.json';

const bytes = new TextEncoder().encode(rawBody);
const SECRET = 'wc_whsec_switchyard_test';
// base64(HMAC-SHA256(SECRET, file bytes)), computed outside this code with Python's hmac module.
const SIGNATURE = '1Mt4rquzRC9hYENNfJRRofuTmRlUzpX5N/NnmZCeATw=';
const order = (over: Record<string, unknown> = {}) => ({ ...structuredClone(fixture), ...over });
const wooHeaders = (topic: string | null, deliveryId: string | null = 'a1b2c3d4') => ({
  get: (name: string) =>
    ({ 'x-wc-webhook-topic': topic, 'x-wc-webhook-delivery-id': deliveryId })[name.toLowerCase()] ?? null,
});

const expected: ChannelOrder = {
  order: {
    external_id: '5127',
    currency: 'CAD',
    placed_at: '2026-03-02T14:05:31.000Z',
    customer: { name: 'Amélie Gagnon', email: 'amelie.gagnon@example.ca' },
    lines: [
      { sku: 'BEANIE-MER-CHA', quantity: 2, unit_price: 3200, name: 'Merino beanie - Charcoal' },
      { sku: '198', quantity: 1, unit_price: 1466, name: 'Wool socks, 3 pack' },
      { sku: '198', quantity: 2, unit_price: 1467, name: 'Wool socks, 3 pack' },
    ],
    ship_to: {
      name: 'Amélie Gagnon',
      line1: '88 Avenue Laurier Ouest',
      line2: 'Bureau 4',
      city: 'Montréal',
      region: 'QC',
      postal_code: 'H2T 2N8',
      country: 'CA',
      phone: '514-555-0143',
    },
    shipping_total: 1200,
    tax_total: 1586,
    discount_total: 1000,
  },
  status: 'open',
  updated_at: '2026-03-02T14:06:02.000Z',
};

describe('verifyWooSignature', () => {
  it('accepts the raw body signed with the webhook secret', async () => {
    expect(await verifyWooSignature(bytes, SIGNATURE, SECRET)).toBe(true);
  });

  it('rejects a wrong secret, a missing header, a re-serialized body and a changed byte', async () => {
    const reserialized = JSON.stringify(JSON.parse(rawBody));
    expect(reserialized).not.toBe(rawBody);
    expect(await verifyWooSignature(bytes, SIGNATURE, 'wc_whsec_other')).toBe(false);
    expect(await verifyWooSignature(bytes, null, SECRET)).toBe(false);
    expect(await verifyWooSignature(new TextEncoder().encode(reserialized), SIGNATURE, SECRET)).toBe(false);
    const tampered = new TextEncoder().encode(rawBody.replace('"64.00"', '"6.40"'));
    expect(await verifyWooSignature(tampered, SIGNATURE, SECRET)).toBe(false);
  });

  it('tries each secret through the connector', async () => {
    const headers = new Headers({ 'X-WC-Webhook-Signature': SIGNATURE });
    expect(await wooConnector().verifyWebhook(bytes, headers, ['new', SECRET])).toBe(true);
    expect(await wooConnector().verifyWebhook(bytes, headers, ['new'])).toBe(false);
  });
});

describe('parseWooDelivery', () => {
  it('recognises the creation ping, which has no topic and no JSON', () => {
    expect(wooPingWebhookId('webhook_id=17')).toBe('17');
    expect(parseWooDelivery(wooHeaders(null, null), 'webhook_id=17')).toEqual({
      kind: 'ping',
      webhook_id: '17',
    });
    expect(wooPingWebhookId(rawBody)).toBeNull();
  });

  it('hands an order topic its body with the delivery id for dedup', () => {
    expect(parseWooDelivery(wooHeaders('order.updated', 'dlv-9'), rawBody)).toEqual({
      kind: 'order',
      topic: 'order.updated',
      delivery_id: 'dlv-9',
      order: fixture,
    });
  });

  it('reads order.deleted as the id alone, and ignores other topics', () => {
    expect(parseWooDelivery(wooHeaders('order.deleted'), '{"id":5127}')).toEqual({
      kind: 'order_deleted',
      delivery_id: 'a1b2c3d4',
      order_id: '5127',
    });
    expect(parseWooDelivery(wooHeaders('product.updated'), '{"id":1}')).toEqual({
      kind: 'ignored',
      topic: 'product.updated',
    });
  });

  it('names what is wrong with a delivery it cannot use', () => {
    expect(() => parseWooDelivery(wooHeaders('order.created', null), rawBody)).toThrow(
      expect.objectContaining({ field: 'X-WC-Webhook-Delivery-ID' }),
    );
    expect(() => parseWooDelivery(wooHeaders('order.created'), '{"id":')).toThrow(
      expect.objectContaining({ field: '(root)' }),
    );
    expect(() => parseWooDelivery(wooHeaders('order.deleted'), '{"id":"x"}')).toThrow(
      expect.objectContaining({ field: 'id' }),
    );
  });
});

describe('normalizeWooOrder', () => {
  it('turns the order into the canonical order, money in cents from decimal strings', () => {
    expect(normalizeWooOrder(fixture)).toEqual(expected);
    expect(CreateOrderBody.safeParse({ channel: 'woocommerce', ...expected.order }).success).toBe(true);
  });

  it('ships to the billing address when the shipping one is blank', () => {
    const pickup = order({ shipping: { ...fixture.shipping, address_1: '', company: '' } });
    expect(normalizeWooOrder(pickup).order.ship_to).toMatchObject({
      line1: '2150 Rue Saint-Denis',
      postal_code: 'H2X 3K8',
    });
  });

  it.each(['cancelled', 'refunded', 'failed', 'trash'])('marks a %s order cancelled', (status) => {
    expect(normalizeWooOrder(order({ status })).status).toBe('cancelled');
  });

  it('names the field when a subtotal is not a decimal or a date is missing', () => {
    const items = structuredClone(fixture.line_items);
    items[0]!.subtotal = '64,00';
    expect(() => normalizeWooOrder(order({ line_items: items }))).toThrow(
      expect.objectContaining({ name: 'ChannelPayloadError', field: 'line_items.0.subtotal' }),
    );
    expect(() => normalizeWooOrder(order({ date_modified_gmt: undefined }))).toThrow(
      expect.objectContaining({ field: 'date_modified_gmt' }),
    );
  });
});

describe('Woo stock push', () => {
  it('batches products 100 per call and variations per parent product', () => {
    const products = Array.from({ length: 150 }, (_, i) => ({ id: String(i + 1), quantity: 3 }));
    const variations = [
      { id: '251', parentId: '244', quantity: 0 },
      { id: '252', parentId: '244', quantity: 8 },
    ];
    const requests = wooStockBatchRequests([...products, ...variations]);
    expect(requests.map((r) => [r.path, JSON.parse(r.body).update.length])).toEqual([
      ['/wp-json/wc/v3/products/batch', WOO_BATCH_MAX],
      ['/wp-json/wc/v3/products/batch', 50],
      ['/wp-json/wc/v3/products/244/variations/batch', 2],
    ]);
    expect(JSON.parse(requests[2]!.body)).toEqual({
      update: [
        { id: 251, stock_quantity: 0, manage_stock: true },
        { id: 252, stock_quantity: 8, manage_stock: true },
      ],
    });
  });

  it('refuses ids that are not Woo ids and quantities that are not whole', () => {
    expect(() => wooStockBatchRequests([{ id: 'SKU-1', quantity: 1 }])).toThrow(RangeError);
    expect(() => wooStockBatchRequests([{ id: '1', quantity: -2 }])).toThrow(RangeError);
  });

  it('maps connector pushes with a parent to the variations endpoint', () => {
    const [request] = wooConnector().inventoryPush([{ listingId: '251', parentId: '244', quantity: 4 }], 'k');
    expect(request!.path).toBe('/wp-json/wc/v3/products/244/variations/batch');
  });

  it('reads per-item errors from a 200 batch answer', () => {
    expect(parseWooBatchResponse(batchResponse, ['198', '301', '402'])).toEqual({
      updated: ['198'],
      failed: [
        {
          id: '301',
          code: 'woocommerce_rest_invalid_product_type',
          message: 'Stock cannot be managed on a grouped product.',
        },
        { id: '402', code: 'missing', message: 'not in the batch response' },
      ],
    });
  });
});

describe('wooShipmentRequests', () => {
  it('adds a customer note with the tracking number, then completes the order', () => {
    const requests = wooShipmentRequests('5127', {
      carrier: 'Canada Post',
      trackingNumber: '7023210039414604',
      trackingUrl: 'https://www.canadapost-postescanada.ca/track-reperage/en#/details/7023210039414604',
      complete: true,
    });
    expect(requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/wp-json/wc/v3/orders/5127/notes'],
      ['PUT', '/wp-json/wc/v3/orders/5127'],
    ]);
    expect(JSON.parse(requests[0]!.body)).toEqual({
      note: 'Shipped with Canada Post, tracking number 7023210039414604.\nhttps://www.canadapost-postescanada.ca/track-reperage/en#/details/7023210039414604',
      customer_note: true,
    });
    expect(JSON.parse(requests[1]!.body)).toEqual({ status: 'completed' });
    expect(
      wooShipmentRequests('5127', { carrier: 'UPS', trackingNumber: '1Z', complete: false }),
    ).toHaveLength(1);
  });
});
