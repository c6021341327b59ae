import { describe, expect, it } from 'vitest';
import { costPerOrder } from '../../../worker/domain/kpi/cost-per-order';
import { context, facts, order, shipment, shippedShipment } from './facts';

const DAY = '2025-03-12T10:00:00Z';
const usd = (amount: number) => ({ amount, currency: 'USD' });

const input = facts({
  orders: [
    order('o1', { status: 'shipped', channelFees: [usd(150)] }),
    // a marketplace that bills one fee in EUR: kept apart from the USD costs
    order('o2', { status: 'shipped', channelFees: [usd(120), { amount: 30, currency: 'EUR' }] }),
    order('o3', { status: 'partially_shipped', channelFees: [usd(999)] }),
    order('o4', { status: 'picked_up', fulfillment: 'pickup' }),
  ],
  shipments: [
    shippedShipment('s1', 'o1', DAY, { units: 2, packaging: usd(80) }),
    shippedShipment('s2a', 'o2', DAY, { label: usd(700) }),
    shippedShipment('s2b', 'o2', DAY, { location: 'WH2', label: null }), // tracking entered by hand
    shippedShipment('s3', 'o3', DAY),
    shipment('s3b', 'o3', { location: 'WH2' }), // still waiting: o3 is not costed yet
    shipment('s4', 'o4', { method: 'pickup', status: 'picked_up', shippedAt: DAY }),
  ],
});

describe('costPerOrder', () => {
  it('sums labels, packaging, pick labour and fees per currency over the orders that left that day', () => {
    // orders o1, o2, o4. USD: labels 500 + 700 = 1200; packaging 80;
    // pick labour (50 per order + 10 per unit): o1 50 + 20, o2 50 + 20, o4 50 + 10 = 200; fees 150 + 120 = 270.
    // total 1750, per order round(1750 / 3) = 583. EUR: fees 30, per order 10.
    expect(costPerOrder(input, context(), { currency: 'USD', perOrder: 50, perUnit: 10 }).buckets).toEqual([
      {
        channel: 'shop',
        location: null,
        day: '2025-03-12',
        orders: 3,
        costs: {
          EUR: { labels: 0, packaging: 0, pickLabour: 0, channelFees: 30, total: 30, perOrder: 10 },
          USD: { labels: 1200, packaging: 80, pickLabour: 200, channelFees: 270, total: 1750, perOrder: 583 },
        },
        orderIds: ['o1', 'o2', 'o4'],
        unknownLabelShipmentIds: ['s2b'],
      },
    ]);
  });

  it('has no pick labour when none is configured', () => {
    const [bucket] = costPerOrder(input, context()).buckets;
    // 1200 + 80 + 270 = 1550 / 3 = 516.67 -> 517
    expect(bucket?.costs.USD).toEqual({
      labels: 1200,
      packaging: 80,
      pickLabour: 0,
      channelFees: 270,
      total: 1550,
      perOrder: 517,
    });
  });

  it('is empty for no facts', () => {
    expect(costPerOrder(facts(), context()).buckets).toEqual([]);
  });
});
