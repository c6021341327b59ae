import { describe, expect, it } from 'vitest';
import type { ChannelOrder } from '../../../worker/domain/channels/types';
import {
  normalizeWalmartOrder,
  parseWalmartThrottle,
  walmartAcknowledgeRequest,
  walmartAuthHeaders,
  walmartConnector,
  walmartGetOrdersRequest,
  walmartInventoryRequest,
  walmartNextOrdersRequest,
  walmartOrdersPage,
  walmartShippingRequest,
} from '../../../worker/domain/channels/walmart';
import { CreateOrderBody } from '../../../worker/schemas/orders';
import page1 from '../../fixtures/channels/walmart-orders-page1.json';
import page2 from '../../fixtures/channels/walmart-orders-page2.json';

const [openOrder, cancelledOrder] = page1.list.elements.order;
const withLines = (edit: (lines: NonNullable<typeof openOrder>['orderLines']['orderLine']) => void) => {
  const order = structuredClone(openOrder!);
  edit(order.orderLines.orderLine);
  return order;
};

const expectedOpen: ChannelOrder = {
  order: {
    external_id: '1796277083022',
    currency: 'USD',
    placed_at: '2026-03-02T14:05:31.000Z',
    customer: { name: 'Kathryn Cole', email: '3A31739D8B0A45A1B23F7F8C81C8747F@relay.walmart.com' },
    lines: [
      { sku: 'SKILLET-10', quantity: 1, unit_price: 1999, name: 'Cast iron skillet, 10 inch' },
      { sku: 'SCRAPER-PC', quantity: 2, unit_price: 115, name: 'Pan scraper, polycarbonate' },
    ],
    ship_to: {
      name: 'Kathryn Cole',
      line1: '3258 Warners Rd',
      line2: 'Garage',
      city: 'Warners',
      region: 'NY',
      postal_code: '13164',
      country: 'US',
      phone: '3155598681',
    },
    shipping_total: 499,
    tax_total: 188,
  },
  status: 'open',
  updated_at: '2026-03-02T14:16:40.000Z',
};

describe('normalizeWalmartOrder', () => {
  it('keys the order by purchaseOrderId and leaves cancelled units out', () => {
    expect(normalizeWalmartOrder(openOrder)).toEqual(expectedOpen);
  });

  it('produces bodies the orders API accepts, for every order on both pages', () => {
    for (const o of [...page1.list.elements.order, ...page2.list.elements.order]) {
      expect(
        CreateOrderBody.safeParse({ channel: 'walmart', ...normalizeWalmartOrder(o).order }).success,
      ).toBe(true);
    }
  });

  it('marks an order whose every unit is cancelled as cancelled, reading 1.15 as 115 cents', () => {
    expect(1.15 * 100).not.toBe(115);
    const result = normalizeWalmartOrder(cancelledOrder);
    expect(result.status).toBe('cancelled');
    expect(result.order.lines).toEqual([
      { sku: 'TRIVET-SIL', quantity: 1, unit_price: 115, name: 'Silicone trivet' },
    ]);
    expect(result.updated_at).toBe('2026-03-02T17:00:00.000Z');
  });

  it('splits a line total that does not divide by its quantity', () => {
    const lines = normalizeWalmartOrder(page2.list.elements.order[0]).order.lines;
    expect(lines.map((l) => [l.quantity, l.unit_price])).toEqual([
      [1, 1666],
      [2, 1667],
    ]);
  });

  it('names the field when an amount has fractions of a cent or another currency', () => {
    const fraction = withLines((l) => {
      l[0]!.charges.charge[0]!.chargeAmount.amount = 19.995;
    });
    expect(() => normalizeWalmartOrder(fraction)).toThrow(
      expect.objectContaining({ field: 'orderLines.orderLine.0.charges.charge.0.chargeAmount.amount' }),
    );
    const cad = withLines((l) => {
      l[1]!.charges.charge[0]!.chargeAmount.currency = 'CAD';
    });
    expect(() => normalizeWalmartOrder(cad)).toThrow(
      expect.objectContaining({ field: 'orderLines.orderLine.1.charges.charge.0.chargeAmount.currency' }),
    );
  });

  it('refuses an order without a purchaseOrderId', () => {
    expect(() => normalizeWalmartOrder({ ...openOrder, purchaseOrderId: '' })).toThrow(
      expect.objectContaining({ name: 'ChannelPayloadError', field: 'purchaseOrderId' }),
    );
  });
});

describe('Walmart orders paging', () => {
  it('starts from a creation date with the headers Walmart requires', () => {
    const request = walmartGetOrdersRequest({
      createdStartDate: '2026-03-01T00:00:00Z',
      correlationId: 'c-1',
    });
    expect(request).toEqual({
      method: 'GET',
      path: '/v3/orders?createdStartDate=2026-03-01T00%3A00%3A00.000Z&limit=200',
      headers: {
        'WM_SVC.NAME': 'Walmart Marketplace',
        'WM_QOS.CORRELATION_ID': 'c-1',
        accept: 'application/json',
      },
      body: '',
    });
    expect(walmartAuthHeaders('tok')).toEqual({ 'WM_SEC.ACCESS_TOKEN': 'tok' });
    expect(() => walmartGetOrdersRequest({ createdStartDate: '2026-03-01', correlationId: '' })).toThrow(
      RangeError,
    );
  });

  it('follows nextCursor until a page has none', () => {
    const first = walmartOrdersPage(page1);
    expect(first.orders.map((o) => (o as { purchaseOrderId: string }).purchaseOrderId)).toEqual([
      '1796277083022',
      '1796277083023',
    ]);
    expect(walmartNextOrdersRequest(first.next_cursor, 'c-2')?.path).toBe(
      `/v3/orders${page1.list.meta.nextCursor}`,
    );
    const second = walmartOrdersPage(page2);
    expect(second.orders).toHaveLength(1);
    expect(second.next_cursor).toBeNull();
    expect(walmartNextOrdersRequest(second.next_cursor, 'c-3')).toBeNull();
    expect(walmartNextOrdersRequest('limit=2&soIndex=3', 'c-4')?.path).toBe('/v3/orders?limit=2&soIndex=3');
  });

  it('reads an empty page as no orders', () => {
    expect(walmartOrdersPage({ list: { meta: { totalCount: 0 }, elements: {} } })).toEqual({
      orders: [],
      next_cursor: null,
    });
  });
});

describe('Walmart calls out', () => {
  it('acknowledges a purchase order', () => {
    expect(walmartAcknowledgeRequest('1796277083022', 'c-5')).toMatchObject({
      method: 'POST',
      path: '/v3/orders/1796277083022/acknowledge',
    });
    expect(() => walmartAcknowledgeRequest('../x', 'c-5')).toThrow(RangeError);
  });

  it('sets one SKU inventory in EACH units', () => {
    const request = walmartInventoryRequest('SKILLET 10/B', 12, 'c-6');
    expect(request).toMatchObject({ method: 'PUT', path: '/v3/inventory?sku=SKILLET+10%2FB' });
    expect(JSON.parse(request.body)).toEqual({ sku: 'SKILLET 10/B', quantity: { unit: 'EACH', amount: 12 } });
    expect(() => walmartInventoryRequest('A', -1, 'c')).toThrow(RangeError);
  });

  it('gives every connector push call its own correlation id', () => {
    const requests = walmartConnector().inventoryPush(
      [
        { listingId: 'A', quantity: 1 },
        { listingId: 'B', quantity: 2 },
      ],
      'push-7',
    );
    expect(requests.map((r) => r.headers['WM_QOS.CORRELATION_ID'])).toEqual(['push-7:0', 'push-7:1']);
  });

  it('ships lines with tracking, naming an unknown carrier as otherCarrier', () => {
    const request = walmartShippingRequest(
      '1796277083022',
      {
        lines: [{ lineNumber: '2', quantity: 2 }],
        carrier: 'Pitney Bowes',
        methodCode: 'Value',
        trackingNumber: '4206812345678901234567',
        trackingUrl: 'https://tracking.example.com/4206812345678901234567',
        shippedAt: '2026-03-03T15:00:00Z',
      },
      'c-8',
    );
    expect(request.path).toBe('/v3/orders/1796277083022/shipping');
    expect(JSON.parse(request.body)).toEqual({
      orderShipment: {
        orderLines: {
          orderLine: [
            {
              lineNumber: '2',
              orderLineStatuses: {
                orderLineStatus: [
                  {
                    status: 'Shipped',
                    statusQuantity: { unitOfMeasurement: 'EACH', amount: '2' },
                    trackingInfo: {
                      shipDateTime: Date.UTC(2026, 2, 3, 15),
                      carrierName: { otherCarrier: 'Pitney Bowes' },
                      methodCode: 'Value',
                      trackingNumber: '4206812345678901234567',
                      trackingURL: 'https://tracking.example.com/4206812345678901234567',
                    },
                  },
                ],
              },
            },
          ],
        },
      },
    });
    const ups = walmartShippingRequest(
      '1',
      {
        lines: [{ lineNumber: '1', quantity: 1 }],
        carrier: 'UPS',
        methodCode: 'Standard',
        trackingNumber: '1Z',
        shippedAt: '2026-03-03',
      },
      'c-9',
    );
    expect(ups.body).toContain('"carrierName":{"carrier":"UPS"}');
  });
});

describe('parseWalmartThrottle', () => {
  it('reads the live token count and refill time, or null without them', () => {
    const headers = new Headers({
      'x-current-token-count': '17',
      'x-next-replenishment-time': '1772460391000',
    });
    expect(parseWalmartThrottle(headers)).toEqual({ tokens: 17, replenishAt: 1772460391000 });
    expect(parseWalmartThrottle(new Headers())).toBeNull();
    expect(parseWalmartThrottle(new Headers({ 'x-current-token-count': 'many' }))).toBeNull();
  });
});
