import { describe, expect, it } from 'vitest';
import { returns } from '../../../worker/domain/kpi/returns';
import { context, facts, order, returnLine, shippedShipment } from './facts';

describe('returns', () => {
  it('counts returned units in the day the return was opened, against units that left that day, with reasons', () => {
    const input = facts({
      orders: [order('o1'), order('o2'), order('o3', { channel: 'amz' })],
      shipments: [
        shippedShipment('s1', 'o1', '2025-03-12T10:00:00Z', { units: 3 }),
        shippedShipment('s2', 'o2', '2025-03-12T11:00:00Z', { units: 1 }),
      ],
      returns: [
        returnLine('r1', 'o1', { createdAt: '2025-03-12T20:00:00Z' }), // same day as the sale
        returnLine('r2', 'o1', { reason: 'wrong_size', createdAt: '2025-03-20T09:00:00Z' }), // a week later
        returnLine('r3', 'o2', { createdAt: '2025-03-20T10:00:00Z' }),
        returnLine('r4', 'o3', { quantity: 2, createdAt: '2025-04-05T00:00:00Z' }), // after the report time
      ],
    });
    expect(returns(input, context()).buckets).toEqual([
      // 1 unit back of 3 + 1 shipped
      {
        channel: 'shop',
        location: null,
        day: '2025-03-12',
        numerator: 1,
        denominator: 4,
        ratio: 0.25,
        ids: { numerator: ['o1'], denominator: ['s1', 's2'] },
        reasons: { damaged: 1 },
      },
      // returns on a day nothing shipped: the ratio is null, never NaN or Infinity
      {
        channel: 'shop',
        location: null,
        day: '2025-03-20',
        numerator: 2,
        denominator: 0,
        ratio: null,
        ids: { numerator: ['o1', 'o2'], denominator: [] },
        reasons: { wrong_size: 1, damaged: 1 },
      },
    ]);
  });

  it('is empty for no facts', () => {
    expect(returns(facts(), context()).buckets).toEqual([]);
  });
});
