import { describe, expect, it } from 'vitest';
import {
  amazonConnector,
  amazonGetOrdersPage,
  normalizeAmazonOrder,
  splitLineTotal,
} from '../../../worker/domain/channels/amazon';
import type { ChannelOrder } from '../../../worker/domain/channels/types';
import { orderTotals } from '../../../worker/domain/totals';
import { CreateOrderBody, type CreateOrderInput } from '../../../worker/schemas/orders';
import itemsExample from '../../fixtures/amazon-spapi-getOrderItems-response.json';
import itemsSandbox from '../../fixtures/amazon-spapi-getOrderItems-sandbox-response.json';
import ordersExample from '../../fixtures/amazon-spapi-getOrders-response.json';
import ordersSandbox from '../../fixtures/amazon-spapi-getOrders-sandbox-response.json';

const sandboxOrder = ordersSandbox.payload.Orders[0]!;
const pendingOrder = ordersExample.payload.Orders[0]!;
const sandboxItem = itemsSandbox.payload.OrderItems[0]!;

const order = (over: Record<string, unknown> = {}) => ({ ...structuredClone(sandboxOrder), ...over });
const itemsPage = (amazonOrderId: string, items: Record<string, unknown>[]) => ({
  payload: { AmazonOrderId: amazonOrderId, OrderItems: items },
});
const item = (over: Record<string, unknown> = {}) => ({ ...structuredClone(sandboxItem), ...over });
const usd = (Amount: string) => ({ CurrencyCode: 'USD', Amount });

const expectedSandbox: ChannelOrder = {
  order: {
    external_id: '902-1845936-5435065',
    currency: 'USD',
    placed_at: '1970-01-19T03:58:30.000Z',
    ship_by: '1970-01-19T04:05:13.000Z',
    lines: [{ sku: 'NABetaASINB00551Q3CS', quantity: 1, unit_price: 1000, name: 'B00551Q3CS [Card Book]' }],
    ship_to: {},
    shipping_total: 0,
    tax_total: 101,
    discount_total: 0,
  },
  status: 'open',
  updated_at: '1970-01-19T03:58:32.000Z',
};

describe('normalizeAmazonOrder (Orders v0)', () => {
  it('turns the sandbox getOrders order and its getOrderItems into the canonical order', () => {
    expect(normalizeAmazonOrder(sandboxOrder, itemsSandbox)).toEqual(expectedSandbox);
  });

  it('adds up to the OrderTotal Amazon reports (11.01 USD)', () => {
    const { order: o } = normalizeAmazonOrder(sandboxOrder, itemsSandbox);
    const totals = orderTotals(o.lines, {
      shipping: o.shipping_total,
      tax: o.tax_total,
      discount: o.discount_total,
    });
    expect(totals.total).toBe(1101);
  });

  it('produces a body the orders API accepts', () => {
    const body: CreateOrderInput = {
      channel: 'amazon',
      ...normalizeAmazonOrder(sandboxOrder, itemsSandbox).order,
    };
    expect(CreateOrderBody.safeParse(body).success).toBe(true);
  });

  it('refuses items that belong to another order', () => {
    expect(() => normalizeAmazonOrder(pendingOrder, itemsExample)).toThrow(
      expect.objectContaining({ name: 'ChannelPayloadError', field: 'payload.AmazonOrderId' }),
    );
  });

  it('reserves a Pending order without prices, marked unpriced, in the marketplace currency', () => {
    const { ItemPrice, ItemTax, PromotionDiscount, ...unpricedItem } = item({ QuantityOrdered: 2 });
    const result = normalizeAmazonOrder(pendingOrder, itemsPage(pendingOrder.AmazonOrderId, [unpricedItem]));
    expect(result).toEqual({
      order: {
        external_id: '902-3159896-1390916',
        currency: 'USD',
        placed_at: '2017-01-20T19:49:35.000Z',
        ship_by: '2017-01-25T19:49:35.000Z',
        customer: { name: 'John Doe', email: 'user@example.com' },
        lines: [{ sku: 'NABetaASINB00551Q3CS', quantity: 2, unit_price: 0, name: 'B00551Q3CS [Card Book]' }],
        ship_to: {
          name: 'Michigan address',
          line1: '1 Cross St.',
          city: 'Canton',
          region: 'MI',
          postal_code: '48817',
          country: 'US',
        },
      },
      status: 'open',
      updated_at: '2017-01-20T19:49:35.000Z',
      unpriced: true,
    });
  });

  it('refuses the documentation example priced "25.99" in JPY, which has no minor unit', () => {
    const jpyOrder = order({
      AmazonOrderId: itemsExample.payload.AmazonOrderId,
      OrderTotal: { CurrencyCode: 'JPY', Amount: '100' },
    });
    expect(() => normalizeAmazonOrder(jpyOrder, itemsExample)).toThrow(
      expect.objectContaining({ name: 'ChannelPayloadError', field: 'OrderItems.0.ItemPrice.Amount' }),
    );
  });

  it('refuses an item priced in another currency than the order', () => {
    const page = itemsPage(sandboxOrder.AmazonOrderId, [
      item({ ItemTax: { CurrencyCode: 'CAD', Amount: '1.01' } }),
    ]);
    expect(() => normalizeAmazonOrder(sandboxOrder, page)).toThrow(
      expect.objectContaining({ field: 'OrderItems.0.ItemTax.CurrencyCode' }),
    );
  });

  it('divides ItemPrice, a line total, by the quantity', () => {
    const page = itemsPage(sandboxOrder.AmazonOrderId, [
      item({ QuantityOrdered: 4, ItemPrice: usd('40.00') }),
    ]);
    expect(normalizeAmazonOrder(sandboxOrder, page).order.lines).toEqual([
      { sku: 'NABetaASINB00551Q3CS', quantity: 4, unit_price: 1000, name: 'B00551Q3CS [Card Book]' },
    ]);
  });

  it('splits a line whose total does not divide evenly, keeping the total exact', () => {
    const page = itemsPage(sandboxOrder.AmazonOrderId, [
      item({ QuantityOrdered: 3, ItemPrice: usd('10.00') }),
    ]);
    const lines = normalizeAmazonOrder(sandboxOrder, page).order.lines;
    expect(lines.map((l) => [l.sku, l.quantity, l.unit_price])).toEqual([
      ['NABetaASINB00551Q3CS', 2, 333],
      ['NABetaASINB00551Q3CS', 1, 334],
    ]);
  });

  it('sums shipping, item and shipping tax, and discounts from every item page', () => {
    const first = item({
      ShippingPrice: usd('4.99'),
      ShippingTax: usd('0.30'),
      PromotionDiscount: usd('-1.00'),
    });
    const second = item({
      SellerSKU: 'OTHER',
      ItemPrice: usd('5.00'),
      ItemTax: usd('0.50'),
      ShippingDiscount: usd('2.00'),
    });
    const id = sandboxOrder.AmazonOrderId;
    const { order: o } = normalizeAmazonOrder(sandboxOrder, itemsPage(id, [first]), itemsPage(id, [second]));
    expect([o.shipping_total, o.tax_total, o.discount_total]).toEqual([499, 101 + 30 + 50, 100 + 200]);
    expect(o.lines.map((l) => l.sku)).toEqual(['NABetaASINB00551Q3CS', 'OTHER']);
  });

  it('marks a Canceled order cancelled and drops its zero-quantity lines', () => {
    const page = itemsPage(sandboxOrder.AmazonOrderId, [
      item(),
      item({ SellerSKU: 'GONE', QuantityOrdered: 0 }),
    ]);
    const result = normalizeAmazonOrder(order({ OrderStatus: 'Canceled' }), page);
    expect(result.status).toBe('cancelled');
    expect(result.order.lines.map((l) => l.sku)).toEqual(['NABetaASINB00551Q3CS']);
  });

  it('falls back to the ASIN when an item has no SellerSKU', () => {
    const page = itemsPage(sandboxOrder.AmazonOrderId, [item({ SellerSKU: undefined })]);
    expect(normalizeAmazonOrder(sandboxOrder, page).order.lines[0]!.sku).toBe('B00551Q3CS');
  });

  it('names the field when a required one is missing', () => {
    expect(() => normalizeAmazonOrder(order({ LastUpdateDate: undefined }), itemsSandbox)).toThrow(
      expect.objectContaining({ field: 'LastUpdateDate' }),
    );
    expect(() => normalizeAmazonOrder(sandboxOrder)).toThrow(
      expect.objectContaining({ field: 'payload.OrderItems' }),
    );
  });

  it('normalizes through the connector from an order and its item pages', () => {
    const connector = amazonConnector({ sellerId: 'A3TH9S8BH6GOGM', marketplaceId: 'ATVPDKIKX0DER' });
    expect(connector.normalizeOrder({ order: sandboxOrder, itemPages: [itemsSandbox] })).toEqual(
      expectedSandbox,
    );
  });
});

describe('splitLineTotal', () => {
  it.each([
    [1000, 4, [{ quantity: 4, unit_price: 250 }]],
    [
      1000,
      3,
      [
        { quantity: 2, unit_price: 333 },
        { quantity: 1, unit_price: 334 },
      ],
    ],
    [
      1,
      2,
      [
        { quantity: 1, unit_price: 0 },
        { quantity: 1, unit_price: 1 },
      ],
    ],
    [0, 5, [{ quantity: 5, unit_price: 0 }]],
  ])('splits %i over %i units exactly', (total, quantity, parts) => {
    expect(splitLineTotal(total, quantity)).toEqual(parts);
    expect(parts.reduce((s, p) => s + p.quantity * p.unit_price, 0)).toBe(total);
  });
});

describe('amazonGetOrdersPage', () => {
  it('returns the orders and the next-page token', () => {
    const page = amazonGetOrdersPage(ordersExample);
    expect(page.next_token).toBe('2YgYW55IGNhcm5hbCBwbGVhc3VyZS4');
    expect(page.orders).toEqual([pendingOrder]);
  });

  it('gives a null token on the last page', () => {
    const page = amazonGetOrdersPage(ordersSandbox);
    expect(page.next_token).toBeNull();
    expect(page.orders).toHaveLength(2);
  });
});
