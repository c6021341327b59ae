import { describe, expect, it } from 'vitest';
import { SANDBOX_MAX_ORDERS, sandboxOrders } from '../../../worker/domain/channels/sandbox';
import { CreateOrderBody } from '../../../worker/schemas/orders';

const skus = [
  { sku: 'MUG-ESP-BLU', unit_price: 1999, name: 'Espresso mug, blue' },
  { sku: 'CANDLE-CEDAR', unit_price: 2500 },
  { sku: 'TOWEL-SAND' },
  { sku: 'PLANTER-M-WHT', unit_price: 4200 },
];
const window = { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' };

describe('sandboxOrders', () => {
  it('gives the same orders for the same seed, and different ones for another seed', () => {
    const a = sandboxOrders({ seed: 'demo', skus, count: 25, ...window });
    const b = sandboxOrders({ seed: 'demo', skus, count: 25, ...window });
    const c = sandboxOrders({ seed: 'demo-2', skus, count: 25, ...window });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.map((o) => o.order.placed_at)).not.toEqual(a.map((o) => o.order.placed_at));
  });

  it('makes orders the orders API accepts, every one of them', () => {
    for (const seed of [1, 2, 3, 'nightly']) {
      for (const o of sandboxOrders({ seed, skus, count: 200, ...window, cancelledShare: 0.1 })) {
        const parsed = CreateOrderBody.safeParse({ channel: 'sandbox', ...o.order });
        expect(parsed.error?.issues ?? []).toEqual([]);
      }
    }
  });

  it('spreads orders over the window, oldest first, with unique external ids', () => {
    const orders = sandboxOrders({ seed: 42, skus, count: 300, ...window });
    const times = orders.map((o) => Date.parse(o.order.placed_at!));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(window.from));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse(window.to));
    // 300 uniform draws over a day: both halves of the day get some.
    expect(times.filter((t) => t < Date.parse('2026-03-01T12:00:00Z')).length).toBeGreaterThan(100);
    expect(new Set(orders.map((o) => o.order.external_id)).size).toBe(300);
    expect(orders[0]!.order.external_id).toBe('SBX-42-00001');
  });

  it('uses only the given SKUs, their prices, distinct SKUs per order and 1 to 3 units', () => {
    const orders = sandboxOrders({ seed: 7, skus, count: 200, ...window });
    const prices = new Map(skus.map((s) => [s.sku, s.unit_price]));
    for (const { order } of orders) {
      expect(new Set(order.lines.map((l) => l.sku)).size).toBe(order.lines.length);
      for (const line of order.lines) {
        expect(prices.has(line.sku)).toBe(true);
        if (prices.get(line.sku) !== undefined) expect(line.unit_price).toBe(prices.get(line.sku));
        expect(line.quantity).toBeGreaterThanOrEqual(1);
        expect(line.quantity).toBeLessThanOrEqual(3);
      }
      const subtotal = order.lines.reduce((t, l) => t + l.quantity * l.unit_price, 0);
      expect(order.tax_total).toBe(Math.round((subtotal - order.discount_total!) * 0.08));
    }
    const towel = orders.flatMap((o) => o.order.lines).filter((l) => l.sku === 'TOWEL-SAND');
    expect(new Set(towel.map((l) => l.unit_price)).size).toBe(1);
    expect(towel[0]!.unit_price % 100).toBe(99);
  });

  it('cancels about the share asked for', () => {
    const orders = sandboxOrders({ seed: 'share', skus, count: 1000, ...window, cancelledShare: 0.2 });
    const cancelled = orders.filter((o) => o.status === 'cancelled').length;
    expect(cancelled).toBeGreaterThan(140);
    expect(cancelled).toBeLessThan(260);
    expect(
      sandboxOrders({ seed: 'share', skus, count: 50, ...window }).every((o) => o.status === 'open'),
    ).toBe(true);
  });

  it('refuses an empty SKU list, a reversed window and too many orders', () => {
    expect(() => sandboxOrders({ seed: 1, skus: [], count: 1, ...window })).toThrow(RangeError);
    expect(() => sandboxOrders({ seed: 1, skus, count: 1, from: window.to, to: window.from })).toThrow(
      RangeError,
    );
    expect(() => sandboxOrders({ seed: 1, skus, count: SANDBOX_MAX_ORDERS + 1, ...window })).toThrow(
      RangeError,
    );
    expect(() =>
      sandboxOrders({ seed: 1, skus: [{ sku: 'A', unit_price: 1.5 }], count: 1, ...window }),
    ).toThrow(RangeError);
    expect(sandboxOrders({ seed: 1, skus, count: 0, ...window })).toEqual([]);
  });
});
