import { describe, expect, it } from 'vitest';
import { betweenDays } from '../../../worker/domain/kpi/buckets';
import { profitability } from '../../../worker/domain/kpi/profitability';
import { context, facts, line, order, refund, shippedShipment } from './facts';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const eur = (amount: number) => ({ amount, currency: 'EUR' });

const sales = facts({
  orders: [
    // 2 x 10.00 - 1.00 discount + 5.00 shipping = 24.00 revenue (tax 1.60 is not revenue); COGS 2 x 4.00
    order('o1', {
      lines: [line({ id: 'o1-l1', quantity: 2 })],
      discountTotal: 100,
      shippingTotal: 500,
      taxTotal: 160,
      channelFees: [usd(150)],
    }),
    // 3 ordered, 1 cancelled before shipping: 2 x 10.00 revenue, 2 x 4.00 COGS
    order('o2', { lines: [line({ id: 'o2-l1', quantity: 3, cancelledQuantity: 1 })] }),
    // cancelled as a whole: no revenue or COGS, but the fee it was charged is a cost
    order('o3', {
      status: 'cancelled',
      cancellation: { at: '2025-03-10T13:00:00Z', by: 'buyer' },
      channelFees: [usd(50)],
    }),
    // EUR sale, one line of unknown cost: 20.00 + 5.00 revenue, COGS only for what is known
    order('o4', {
      currency: 'EUR',
      lines: [
        line({ id: 'o4-l1', unitPrice: 2000, unitCost: eur(900) }),
        line({ id: 'o4-l2', unitPrice: 500, unitCost: null }),
      ],
    }),
  ],
  shipments: [shippedShipment('s1', 'o1', '2025-03-11T10:00:00Z')], // label 5.00, counted with the sale
  refunds: [
    refund('r1', 'o1', { createdAt: '2025-03-25T09:00:00Z' }), // a return refund two weeks after the sale
    refund('r2', 'o2', { kind: 'cancellation', createdAt: '2025-03-10T14:00:00Z' }), // the cancelled unit's money
    refund('r3', 'o3', { kind: 'other', amount: 1000, createdAt: '2025-03-10T14:00:00Z' }), // the cancelled order's money
    refund('r4', 'o1', { createdAt: '2025-04-02T00:00:00Z' }), // after the report time
  ],
});

const MARCH_10 = {
  channel: 'shop',
  location: null,
  day: '2025-03-10',
  currencies: {
    EUR: { revenue: 2500, cogs: 900, channelFees: 0, shipping: 0, refunds: 0, profit: 1600 },
    // revenue 2400 + 2000; COGS 800 + 800; fees 150 + 50; label 500 -> 4400 - 1600 - 200 - 500 = 2100
    USD: { revenue: 4400, cogs: 1600, channelFees: 200, shipping: 500, refunds: 0, profit: 2100 },
  },
  orderIds: ['o1', 'o2', 'o3', 'o4'],
  refundIds: [],
  missingCostOrderIds: ['o4'],
};

describe('profitability', () => {
  it('counts sales in the day placed and refunds in the day refunded, per currency', () => {
    expect(profitability(sales, context()).buckets).toEqual([
      MARCH_10,
      {
        channel: 'shop',
        location: null,
        day: '2025-03-25',
        currencies: {
          USD: { revenue: 0, cogs: 0, channelFees: 0, shipping: 0, refunds: 1000, profit: -1000 },
        },
        orderIds: [],
        refundIds: ['r1'],
        missingCostOrderIds: [],
      },
    ]);
  });

  it("leaves a period's figures alone when a refund comes after it", () => {
    const withoutRefunds = profitability({ ...sales, refunds: [] }, context()).buckets;
    const march1To15 = betweenDays(profitability(sales, context()).buckets, '2025-03-01', '2025-03-15');
    expect(march1To15).toEqual(withoutRefunds);
    expect(march1To15).toEqual([MARCH_10]);
  });

  it('never adds amounts of different currencies: a CAD sale with a USD cost is two lines', () => {
    const input = facts({
      orders: [
        order('o1', { currency: 'CAD', lines: [line({ id: 'l1', unitPrice: 1300, unitCost: usd(400) })] }),
      ],
    });
    expect(profitability(input, context()).buckets[0]?.currencies).toEqual({
      CAD: { revenue: 1300, cogs: 0, channelFees: 0, shipping: 0, refunds: 0, profit: 1300 },
      USD: { revenue: 0, cogs: 400, channelFees: 0, shipping: 0, refunds: 0, profit: -400 },
    });
  });

  it('counts a sale in its day in the account time zone', () => {
    // placed 23:30 JST on the 10th = 14:30Z; refunded 00:30 JST on the 11th = 15:30Z
    const input = facts({
      orders: [order('o1', { placedAt: '2025-03-10T14:30:00Z' })],
      refunds: [refund('r1', 'o1', { createdAt: '2025-03-10T15:30:00Z' })],
    });
    const days = profitability(input, context(undefined, 'Asia/Tokyo')).buckets.map((b) => [
      b.day,
      b.orderIds,
      b.refundIds,
    ]);
    expect(days).toEqual([
      ['2025-03-10', ['o1'], []],
      ['2025-03-11', [], ['r1']],
    ]);
  });

  it('is empty for no facts', () => {
    expect(profitability(facts(), context()).buckets).toEqual([]);
  });
});
