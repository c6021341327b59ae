import { describe, expect, it } from 'vitest';
import {
  AMAZON_THRESHOLDS,
  type AmazonMetric,
  amazonAccountHealth,
  atRisk,
} from '../../../worker/domain/kpi/amazon-health';
import type { OrderFact, ShipmentFact } from '../../../worker/domain/kpi/facts';
import { context, facts, order, shippedShipment } from './facts';

describe('atRisk', () => {
  it.each<[AmazonMetric, number, number, boolean | null]>([
    // late shipment rate: the target is "under 4%", so exactly 4% misses it
    ['late_shipment_rate', 4, 100, true],
    ['late_shipment_rate', 1, 25, true],
    ['late_shipment_rate', 39, 1000, false],
    ['late_shipment_rate', 41, 1000, true],
    ['late_shipment_rate', 0, 7, false],
    ['late_shipment_rate', 0, 0, null],
    // pre-fulfilment cancel rate: "under 2.5%"; 3 / 120 is 2.5% exactly, compared without floating point
    ['pre_fulfilment_cancel_rate', 1, 40, true],
    ['pre_fulfilment_cancel_rate', 3, 120, true],
    ['pre_fulfilment_cancel_rate', 1, 41, false],
    ['pre_fulfilment_cancel_rate', 0, 0, null],
    // valid tracking rate: "above 95%", so exactly 95% misses it
    ['valid_tracking_rate', 95, 100, true],
    ['valid_tracking_rate', 19, 20, true],
    ['valid_tracking_rate', 191, 200, false],
    ['valid_tracking_rate', 100, 100, false],
    ['valid_tracking_rate', 0, 1, true],
    ['valid_tracking_rate', 0, 0, null],
  ])('%s of %i / %i: at risk %s', (metric, numerator, denominator, expected) => {
    expect(atRisk(metric, { numerator, denominator })).toBe(expected);
  });

  it('draws each threshold as the ratio of its limit', () => {
    for (const t of Object.values(AMAZON_THRESHOLDS))
      expect(t.line).toBe(t.limit.numerator / t.limit.denominator);
  });
});

describe('amazonAccountHealth', () => {
  const amz = (id: string, over: Partial<OrderFact> = {}) =>
    order(id, { channel: 'amz', channelType: 'amazon', ...over });
  const ids = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);

  // 25 orders shipped on March 25 against a ship-by of 18:00 that day; a00 left a day late; a01 was never scanned
  const shipped = ids('a', 25).map((id) =>
    amz(id, { placedAt: '2025-03-23T10:00:00Z', shipBy: '2025-03-25T18:00:00Z', status: 'shipped' }),
  );
  const parcels: ShipmentFact[] = shipped.map((o) =>
    shippedShipment(`s-${o.id}`, o.id, o.id === 'a00' ? '2025-03-26T10:00:00Z' : '2025-03-25T10:00:00Z', {
      ...(o.id === 'a01' ? { firstCarrierScanAt: null } : {}),
    }),
  );
  // 40 orders placed on March 28, c00 cancelled by the seller, c01 at the buyer's request
  const placed = ids('c', 40).map((id) =>
    amz(id, {
      placedAt: '2025-03-28T10:00:00Z',
      ...(id === 'c00'
        ? { status: 'cancelled', cancellation: { at: '2025-03-28T12:00:00Z', by: 'seller' as const } }
        : {}),
      ...(id === 'c01'
        ? { status: 'cancelled', cancellation: { at: '2025-03-28T12:00:00Z', by: 'buyer' as const } }
        : {}),
    }),
  );
  // shipped late on March 15: outside the 10-day late shipment window, inside the 30-day tracking window
  const old = amz('old', {
    placedAt: '2025-03-13T10:00:00Z',
    shipBy: '2025-03-14T18:00:00Z',
    status: 'shipped',
  });
  // another Amazon marketplace with nothing recent, and a Shopify store whose late orders are no Amazon matter
  const quiet = order('uk1', { channel: 'amz-uk', channelType: 'amazon', placedAt: '2025-01-05T10:00:00Z' });
  const shop = order('shop1', { shipBy: '2025-03-25T18:00:00Z', status: 'shipped' });
  const input = facts({
    orders: [...shipped, ...placed, old, quiet, shop],
    shipments: [
      ...parcels,
      shippedShipment('s-old', 'old', '2025-03-15T10:00:00Z'),
      shippedShipment('s-shop1', 'shop1', '2025-03-29T10:00:00Z'),
    ],
  });

  it('rolls each metric over its window and raises alerts at the limit', () => {
    const { lines, alerts } = amazonAccountHealth(input, context('2025-03-31T12:00:00Z'));
    const summary = lines.map((l) => [
      l.channel,
      l.metric,
      l.from,
      l.to,
      l.rate.numerator,
      l.rate.denominator,
      l.atRisk,
    ]);
    expect(summary).toEqual([
      // 1 late of 25 confirmed in March 22-31 = 4% exactly: at risk (old is before the window)
      ['amz', 'late_shipment_rate', '2025-03-22', '2025-03-31', 1, 25, true],
      ['amz-uk', 'late_shipment_rate', '2025-03-22', '2025-03-31', 0, 0, null],
      // 1 seller cancel of 40 placed in March 25-31 = 2.5% exactly: at risk (the buyer's cancel does not count)
      ['amz', 'pre_fulfilment_cancel_rate', '2025-03-25', '2025-03-31', 1, 40, true],
      ['amz-uk', 'pre_fulfilment_cancel_rate', '2025-03-25', '2025-03-31', 0, 0, null],
      // 25 valid of 26 shipped in March 2-31 = 96.2%: fine
      ['amz', 'valid_tracking_rate', '2025-03-02', '2025-03-31', 25, 26, false],
      ['amz-uk', 'valid_tracking_rate', '2025-03-02', '2025-03-31', 0, 0, null],
    ]);
    expect(alerts.map((a) => [a.channel, a.metric])).toEqual([
      ['amz', 'late_shipment_rate'],
      ['amz', 'pre_fulfilment_cancel_rate'],
    ]);
    expect(alerts[0]).toMatchObject({ line: 0.04, rate: { ratio: 0.04, ids: { numerator: ['a00'] } } });
    expect(lines.find((l) => l.channel === 'amz-uk')?.rate.ratio).toBeNull();
  });

  it('clears the late shipment alert once one more order ships on time (1 / 26 is under 4%)', () => {
    const extra = amz('a99', {
      placedAt: '2025-03-23T10:00:00Z',
      shipBy: '2025-03-25T18:00:00Z',
      status: 'shipped',
    });
    const more = facts({
      orders: [...input.orders, extra],
      shipments: [...input.shipments, shippedShipment('s-a99', 'a99', '2025-03-25T11:00:00Z')],
    });
    const { alerts } = amazonAccountHealth(more, context('2025-03-31T12:00:00Z'));
    expect(alerts.map((a) => a.metric)).toEqual(['pre_fulfilment_cancel_rate']);
  });

  it('has no lines without Amazon orders', () => {
    expect(amazonAccountHealth(facts({ orders: [shop] }), context())).toEqual({ lines: [], alerts: [] });
    expect(amazonAccountHealth(facts(), context())).toEqual({ lines: [], alerts: [] });
  });
});
