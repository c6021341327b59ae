import { describe, expect, it } from 'vitest';
import {
  derToRawSignature,
  EBAY_BULK_MAX,
  ebayBulkQuantityRequests,
  ebayChallengeResponse,
  ebayConnector,
  ebayGetOrdersRequest,
  ebayNextOffset,
  ebayOrdersPage,
  ebayPublicKeyRequest,
  ebayShippingFulfillmentRequest,
  normalizeEbayOrder,
  parseEbayBulkResponse,
  parseEbayNotification,
  parseEbayPublicKey,
  parseEbaySignatureHeader,
  verifyEbaySignature,
} from '../../../worker/domain/channels/ebay';
import { CHANNEL_RATE_LIMITS } from '../../../worker/domain/channels/rate-limits';
import type { ChannelOrder } from '../../../worker/domain/channels/types';
import { CreateOrderBody } from '../../../worker/schemas/orders';
import bulkResponse from '../../fixtures/channels/ebay-bulk-update-response.json';
import ordersPage from '../../fixtures/channels/ebay-getOrders-response.json';
import notificationText from '../../fixtures/channels/ebay-notification.json?raw';
import publicKeyResponse from '../../fixtures/channels/ebay-public-key.json';

const [paidOrder, cancelledOrder] = ordersPage.orders;
const order = (over: Record<string, unknown> = {}) => ({ ...structuredClone(paidOrder!), ...over });
const PEM = publicKeyResponse.key;
const body = new TextEncoder().encode(notificationText);
// Both headers were made outside this code: `openssl dgst -sha1 -sign` over the fixture file with a P-256 key
// whose public half is the fixture PEM, the DER signature wrapped in eBay's base64 JSON header. The second
// signature's r and s both carry a leading zero byte in DER.
const SIGNATURE =
  'eyJhbGciOiJFQ0RTQSIsImtpZCI6Ijk5MzQ1ZDlmLWJhNmMtNGEzNi1iNDFiLTdlMmMwYjViNGIzNSIsInNpZ25hdHVyZSI6Ik1FUUNJR1lWYU1YYjNmWjdqcERvWWhpcnAxVE02L3pXRDdVakNnaTlncUVFMUJlRUFpQms3ek1VS25pZXFiR3pDRUw1KzlsNW00Z2tPTFZuRStPK1ljS2lmTzhjNUE9PSIsImRpZ2VzdCI6IlNIQTEifQ==';
const PADDED_SIGNATURE =
  'eyJhbGciOiJFQ0RTQSIsImtpZCI6Ijk5MzQ1ZDlmLWJhNmMtNGEzNi1iNDFiLTdlMmMwYjViNGIzNSIsInNpZ25hdHVyZSI6Ik1FWUNJUURSVEdBTkVCTjUweVFMWDdERmpWMXlIckJiQzlyUHdnMW5kS2ZTc0RuL1RRSWhBUGczNXliMXNuZU51bHdOWVRYcC9SaUgvc0psQmU4MDdHRE82em5VbHlueiIsImRpZ2VzdCI6IlNIQTEifQ==';

const expectedPaid: ChannelOrder = {
  order: {
    external_id: '06-15211-22068',
    currency: 'EUR',
    placed_at: '2026-03-02T14:05:31.000Z',
    customer: { name: 'Teresa Marchetti', email: '4f7c1a9e2b@members.ebay.com' },
    lines: [
      { sku: 'MUG-ESP-BLU', quantity: 2, unit_price: 1999, name: 'Espresso mug, glazed stoneware, blue' },
      { sku: '325871430298/614220418871', quantity: 1, unit_price: 1999, name: 'Linen tea towel, sand' },
    ],
    ship_to: {
      name: 'Teresa Marchetti',
      line1: 'Via Cavour 114',
      line2: 'Scala B, int. 7',
      city: 'Roma',
      region: 'RM',
      postal_code: '00184',
      country: 'IT',
      phone: '+39 06 4620 3317',
      email: '4f7c1a9e2b@members.ebay.com',
    },
    shipping_total: 690,
    tax_total: 1226,
    discount_total: 500,
  },
  status: 'open',
  updated_at: '2026-03-02T14:07:12.000Z',
};

describe('normalizeEbayOrder', () => {
  it('turns a getOrders order into the canonical order, money in cents', () => {
    expect(normalizeEbayOrder(paidOrder)).toEqual(expectedPaid);
  });

  it('produces a body the orders API accepts, for every order in the page', () => {
    for (const o of ordersPage.orders) {
      const body = { channel: 'ebay', ...normalizeEbayOrder(o).order };
      expect(CreateOrderBody.safeParse(body).success).toBe(true);
    }
  });

  it('marks a CANCELED order cancelled and splits a total that does not divide by the quantity', () => {
    const result = normalizeEbayOrder(cancelledOrder);
    expect(result.status).toBe('cancelled');
    expect(result.order.lines).toEqual([
      { sku: 'CANDLE-CEDAR', quantity: 2, unit_price: 833, name: 'Cedar soy candle, 200 g' },
      { sku: 'CANDLE-CEDAR', quantity: 1, unit_price: 834, name: 'Cedar soy candle, 200 g' },
    ]);
    expect(result.order.customer).toEqual({ name: 'Kwame Boateng' });
    expect(result.order).not.toHaveProperty('tax_total');
  });

  it('names the field when a price is in another currency or not a decimal', () => {
    const items = structuredClone(paidOrder!.lineItems);
    items[1]!.lineItemCost = { value: '19.99', currency: 'USD' };
    expect(() => normalizeEbayOrder(order({ lineItems: items }))).toThrow(
      expect.objectContaining({ name: 'ChannelPayloadError', field: 'lineItems.1.lineItemCost.currency' }),
    );
    items[1]!.lineItemCost = { value: '19,99', currency: 'EUR' };
    expect(() => normalizeEbayOrder(order({ lineItems: items }))).toThrow(
      expect.objectContaining({ field: 'lineItems.1.lineItemCost.value' }),
    );
  });

  it('refuses an order without lines or without an id', () => {
    expect(() => normalizeEbayOrder(order({ lineItems: [] }))).toThrow(
      expect.objectContaining({ field: 'lineItems' }),
    );
    expect(() => normalizeEbayOrder(order({ orderId: undefined }))).toThrow(
      expect.objectContaining({ field: 'orderId' }),
    );
  });
});

describe('eBay getOrders paging', () => {
  it('asks for orders modified since an instant, with the filter encoded', () => {
    const request = ebayGetOrdersRequest({ modifiedSince: '2026-03-01T00:00:00Z', limit: 2 });
    expect(request.method).toBe('GET');
    expect(request.path).toBe(
      '/sell/fulfillment/v1/order?filter=lastmodifieddate%3A%5B2026-03-01T00%3A00%3A00.000Z..%5D&limit=2&offset=0',
    );
    const url = new URL(`https://api.ebay.com${request.path}`);
    expect(url.searchParams.get('filter')).toBe('lastmodifieddate:[2026-03-01T00:00:00.000Z..]');
  });

  it('refuses a page size eBay does not allow', () => {
    expect(() => ebayGetOrdersRequest({ modifiedSince: '2026-03-01T00:00:00Z', limit: 201 })).toThrow(
      RangeError,
    );
  });

  it('walks the offset until total is reached', () => {
    expect(ebayOrdersPage(ordersPage)).toEqual({ orders: ordersPage.orders, next_offset: 2 });
    expect(ebayNextOffset({ total: 5, limit: 2, offset: 2 })).toBe(4);
    expect(ebayNextOffset({ total: 5, limit: 2, offset: 4 })).toBeNull();
    expect(ebayNextOffset({ total: 0, limit: 50, offset: 0 })).toBeNull();
  });
});

describe('eBay notification endpoint', () => {
  it('answers the challenge with SHA-256 of code, token and endpoint (vector from Python hashlib)', async () => {
    const response = await ebayChallengeResponse(
      'a8628072-3d33-45ee-9004-bee86830a22d',
      '71745723-d031-455c-bfa5-f90d11b4f20a',
      'https://www.testendpoint.com/webhook',
    );
    expect(response).toBe('a1d8c12dc8f31594e78e3f2c7032c34746144c28ffbdee1cd9cbd4fd2fc618c6');
  });

  it('decodes the signature header and builds the key request for its kid', () => {
    const header = parseEbaySignatureHeader(SIGNATURE);
    expect(header).toMatchObject({
      alg: 'ECDSA',
      kid: '99345d9f-ba6c-4a36-b41b-7e2c0b5b4b35',
      digest: 'SHA1',
    });
    expect(ebayPublicKeyRequest(header!.kid).path).toBe(
      '/commerce/notification/v1/public_key/99345d9f-ba6c-4a36-b41b-7e2c0b5b4b35',
    );
    expect(parseEbayPublicKey(publicKeyResponse).key).toBe(PEM);
    expect(parseEbaySignatureHeader('bm90IGpzb24=')).toBeNull();
    expect(parseEbaySignatureHeader(null)).toBeNull();
  });

  it('accepts the raw body signed by the key, with or without DER padding', async () => {
    expect(await verifyEbaySignature(body, SIGNATURE, PEM)).toBe(true);
    expect(await verifyEbaySignature(body, PADDED_SIGNATURE, PEM)).toBe(true);
  });

  it('rejects a missing header, another key, a re-serialized body and a changed byte', async () => {
    const other = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
    ])) as CryptoKeyPair;
    const spki = new Uint8Array((await crypto.subtle.exportKey('spki', other.publicKey)) as ArrayBuffer);
    const otherPem = `-----BEGIN PUBLIC KEY-----${btoa(String.fromCharCode(...spki))}-----END PUBLIC KEY-----`;
    const reserialized = JSON.stringify(JSON.parse(notificationText));
    expect(reserialized).not.toBe(notificationText);
    expect(await verifyEbaySignature(body, null, PEM)).toBe(false);
    expect(await verifyEbaySignature(body, SIGNATURE, otherPem)).toBe(false);
    expect(await verifyEbaySignature(new TextEncoder().encode(reserialized), SIGNATURE, PEM)).toBe(false);
    const tampered = new TextEncoder().encode(notificationText.replace('tr.marchetti', 'tr.marchettj'));
    expect(await verifyEbaySignature(tampered, SIGNATURE, PEM)).toBe(false);
    expect(await verifyEbaySignature(body, SIGNATURE, 'not a key')).toBe(false);
  });

  it('tries each key the caller holds through the connector', async () => {
    const headers = new Headers({ 'X-EBAY-SIGNATURE': SIGNATURE });
    expect(await ebayConnector().verifyWebhook(body, headers, ['garbage', PEM])).toBe(true);
    expect(await ebayConnector().verifyWebhook(body, new Headers(), [PEM])).toBe(false);
  });

  it('converts DER to r||s and refuses trailing or truncated bytes', () => {
    const der = new Uint8Array([0x30, 0x07, 0x02, 0x02, 0x00, 0x81, 0x02, 0x01, 0x05]);
    expect([...derToRawSignature(der, 2)!]).toEqual([0x00, 0x81, 0x00, 0x05]);
    expect(derToRawSignature(new Uint8Array([...der, 0]), 2)).toBeNull();
    expect(derToRawSignature(der.subarray(0, 6), 2)).toBeNull();
  });

  it('reads the notification id used for dedup', () => {
    expect(parseEbayNotification(JSON.parse(notificationText))).toEqual({
      notification_id: '49fd2d8a-6b4d-4f0a-9c61-0b6b1d3b7e55_33fa4e1b-7e0c-4e44-a1ef-2d6d6dbe2a1c',
      topic: 'MARKETPLACE_ACCOUNT_DELETION',
      event_date: '2026-03-02T18:11:35.872Z',
      data: {
        username: 'tr.marchetti',
        userId: 'ma8vp1jySJC',
        eiasToken: 'nY+sHZ2PrBmdj6wVnY+sEZ2PrA2dj6wFk4GlDpaDpAydj6x9nY+seQ==',
      },
    });
  });
});

describe('eBay stock push', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ sku: `SKU-${i}`, quantity: i }));

  it('sends 25 SKUs per bulkUpdatePriceQuantity call', () => {
    const requests = ebayBulkQuantityRequests(items(51));
    expect(requests.map((r) => JSON.parse(r.body).requests.length)).toEqual([
      EBAY_BULK_MAX,
      EBAY_BULK_MAX,
      1,
    ]);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/sell/inventory/v1/bulk_update_price_quantity',
    });
    expect(JSON.parse(requests[2]!.body)).toEqual({
      requests: [{ sku: 'SKU-50', shipToLocationAvailability: { quantity: 50 } }],
    });
    expect(ebayBulkQuantityRequests([])).toEqual([]);
  });

  it('refuses a negative or fractional quantity', () => {
    expect(() => ebayBulkQuantityRequests([{ sku: 'A', quantity: -1 }])).toThrow(RangeError);
    expect(() => ebayBulkQuantityRequests([{ sku: 'A', quantity: 1.5 }])).toThrow(RangeError);
  });

  it('checks every item of a 200 answer and counts a missing SKU as failed', () => {
    const result = parseEbayBulkResponse(bulkResponse, ['MUG-ESP-BLU', 'CANDLE-CEDAR', 'TOWEL-SAND']);
    expect(result.updated).toEqual(['MUG-ESP-BLU']);
    expect(result.failed).toEqual([
      {
        sku: 'CANDLE-CEDAR',
        offerId: '9876543211',
        statusCode: 400,
        errors: [expect.objectContaining({ errorId: 25004, message: 'The quantity provided is invalid.' })],
      },
      { sku: 'TOWEL-SAND', statusCode: 0, errors: [] },
    ]);
  });

  it('builds the connector push from listing ids', () => {
    const [request] = ebayConnector().inventoryPush([{ listingId: 'MUG-ESP-BLU', quantity: 7 }], 'key');
    expect(JSON.parse(request!.body)).toEqual({
      requests: [{ sku: 'MUG-ESP-BLU', shipToLocationAvailability: { quantity: 7 } }],
    });
  });
});

describe('ebayShippingFulfillmentRequest', () => {
  it('posts the tracking number for the shipped lines', () => {
    const request = ebayShippingFulfillmentRequest('06-15211-22068', {
      lineItems: [{ lineItemId: '10058394830012', quantity: 2 }],
      shippedDate: '2026-03-03T10:00:00+01:00',
      shippingCarrierCode: 'UPS',
      trackingNumber: '1Z 999 AA1 01 2345 6784',
    });
    expect(request.path).toBe('/sell/fulfillment/v1/order/06-15211-22068/shipping_fulfillment');
    expect(JSON.parse(request.body)).toEqual({
      lineItems: [{ lineItemId: '10058394830012', quantity: 2 }],
      shippedDate: '2026-03-03T09:00:00.000Z',
      shippingCarrierCode: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    });
  });

  it('refuses a shipment without lines or with a line of zero units', () => {
    const base = { shippedDate: '2026-03-03T10:00:00Z', shippingCarrierCode: 'UPS', trackingNumber: '1Z' };
    expect(() => ebayShippingFulfillmentRequest('1', { ...base, lineItems: [] })).toThrow(RangeError);
    expect(() =>
      ebayShippingFulfillmentRequest('1', { ...base, lineItems: [{ lineItemId: 'a', quantity: 0 }] }),
    ).toThrow(RangeError);
  });
});

describe('eBay rate budget', () => {
  it.each([
    ['ebay.fulfillment', 100_000],
    ['ebay.inventory', 2_000_000],
  ] as const)('never lets %s spend more than %i calls in any day', (operation, perDay) => {
    const { capacity, refillPerSecond } = CHANNEL_RATE_LIMITS[operation];
    expect(capacity + refillPerSecond * 86_400).toBeLessThanOrEqual(perDay + 1e-6);
    expect(capacity + refillPerSecond * 86_400).toBeGreaterThan(perDay * 0.99);
  });
});
