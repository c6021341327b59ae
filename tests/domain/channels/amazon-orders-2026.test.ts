import { describe, expect, it } from 'vitest';
import {
  normalizeAmazonOrder2026,
  normalizeAmazonSearchOrders,
  parseAmazonOrderChange,
} from '../../../worker/domain/channels/amazon';
import type { ChannelOrder } from '../../../worker/domain/channels/types';
import { orderTotals } from '../../../worker/domain/totals';
import { CreateOrderBody, type CreateOrderInput } from '../../../worker/schemas/orders';
import notification from '../../fixtures/amazon-spapi-ORDER_CHANGE-notification.json';
import searchOrders from '../../fixtures/amazon-spapi-orders2026-searchOrders-response.json';

const fixtureOrder = searchOrders.orders[0]!;
const order = (over: Record<string, unknown> = {}) => ({ ...structuredClone(fixtureOrder), ...over });

const expected: ChannelOrder = {
  order: {
    external_id: '123-4567890-1234567',
    currency: 'USD',
    placed_at: '2024-12-25T10:30:00.000Z',
    ship_by: '2024-12-27T23:59:59.000Z',
    customer: { name: 'John Smith', email: 'buyer-email@marketplace.amazon.com' },
    lines: [
      {
        sku: 'ECHO-DOT-4-CHARCOAL',
        quantity: 2,
        unit_price: 4999,
        name: 'Echo Dot (4th Gen) | Smart speaker with Alexa | Charcoal',
      },
      {
        sku: 'FIRE-TV-4K-2021',
        quantity: 1,
        unit_price: 4999,
        name: 'Fire TV Stick 4K with Alexa Voice Remote',
      },
    ],
    ship_to: {
      name: 'John Smith',
      line1: '123 Main Street',
      line2: 'Suite 456',
      city: 'Seattle',
      region: 'WA',
      postal_code: '98101',
      country: 'US',
      phone: '555-123-4567',
    },
    shipping_total: 0,
    tax_total: 2,
    discount_total: 0,
  },
  status: 'open',
  updated_at: '2024-12-25T14:45:00.000Z',
};

describe('normalizeAmazonSearchOrders (Orders 2026-01-01)', () => {
  it('turns the searchOrders example into canonical orders and the next-page token', () => {
    expect(normalizeAmazonSearchOrders(searchOrders)).toEqual({
      orders: [expected],
      next_token: '2YgYW55IGNhcm5hbCBwbGVhc3VyZS4',
    });
  });

  it('falls short of grandTotal (154.99) by exactly the 5.00 delivery tip, which has no canonical field', () => {
    const { order: o } = normalizeAmazonOrder2026(fixtureOrder);
    const totals = orderTotals(o.lines, {
      shipping: o.shipping_total,
      tax: o.tax_total,
      discount: o.discount_total,
    });
    expect(totals.total).toBe(15499 - 500);
  });

  it('produces a body the orders API accepts', () => {
    const body: CreateOrderInput = { channel: 'amazon', ...normalizeAmazonOrder2026(fixtureOrder).order };
    expect(CreateOrderBody.safeParse(body).success).toBe(true);
  });

  it('gives a null token when there is no further page', () => {
    expect(normalizeAmazonSearchOrders({ orders: [] })).toEqual({ orders: [], next_token: null });
  });

  it('marks a CANCELLED order cancelled', () => {
    const cancelled = order({ fulfillment: { fulfillmentStatus: 'CANCELLED' } });
    expect(normalizeAmazonOrder2026(cancelled).status).toBe('cancelled');
  });

  it('refuses an order fetched without FULFILLMENT data rather than guess it is open', () => {
    const { fulfillment, ...withoutFulfillment } = structuredClone(fixtureOrder);
    expect(fulfillment.fulfillmentStatus).toBe('SHIPPED');
    expect(() => normalizeAmazonSearchOrders({ orders: [withoutFulfillment] })).toThrow(
      expect.objectContaining({ name: 'ChannelPayloadError', field: 'orders.0.fulfillment' }),
    );
  });

  it('marks an order without unit prices unpriced and leaves its totals out', () => {
    const items = structuredClone(fixtureOrder.orderItems).map((i) => ({
      ...i,
      product: { ...i.product, price: {} },
    }));
    const result = normalizeAmazonOrder2026(order({ orderItems: items, proceeds: undefined }));
    expect(result.unpriced).toBe(true);
    expect(result.order.currency).toBe('USD');
    expect(result.order.lines.map((l) => l.unit_price)).toEqual([0, 0]);
    expect(result.order).not.toHaveProperty('tax_total');
  });

  it('names the field of a malformed unit price', () => {
    const items = structuredClone(fixtureOrder.orderItems);
    items[1]!.product.price.unitPrice.amount = '49.999';
    expect(() => normalizeAmazonSearchOrders({ orders: [order({ orderItems: items })] })).toThrow(
      expect.objectContaining({ field: 'orders.0.orderItems.1.product.price.unitPrice.amount' }),
    );
  });
});

describe('parseAmazonOrderChange', () => {
  it('reduces the ORDER_CHANGE notification to its dedup id, order, status and change time', () => {
    expect(parseAmazonOrderChange(notification)).toEqual({
      notification_id: 'd0e9e693-c3ad-4373-979f-ed4ec98dd746',
      amazon_order_id: '903-8868176-2219830',
      order_status: 'Unshipped',
      updated_at: '2022-11-29T19:42:04.284Z',
    });
  });

  it('falls back to EventTime when the trigger has no time', () => {
    const n = structuredClone(notification) as {
      Payload: { OrderChangeNotification: Record<string, unknown> };
    };
    delete n.Payload.OrderChangeNotification.OrderChangeTrigger;
    expect(parseAmazonOrderChange(n).updated_at).toBe('2020-01-11T00:09:53.109Z');
  });

  it('refuses another notification type', () => {
    expect(() => parseAmazonOrderChange({ ...notification, NotificationType: 'ANY_OFFER_CHANGED' })).toThrow(
      expect.objectContaining({ field: 'NotificationType' }),
    );
  });
});
