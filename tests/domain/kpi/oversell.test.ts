import { describe, expect, it } from 'vitest';
import { backorderAge } from '../../../worker/domain/kpi/backorder-age';
import { oversell } from '../../../worker/domain/kpi/oversell';
import { backorder, context, facts, HOUR, order } from './facts';

const DAY = 24 * HOUR;

describe('oversell', () => {
  it('counts incidents and units per channel, location and day, by cause', () => {
    const input = facts({
      orders: [order('o1'), order('o2'), order('o3', { channel: 'amz' })],
      backorders: [
        backorder('b1', 'o1', { quantity: 2 }), // sold with no stock anywhere
        backorder('b2', 'o2', { quantity: 1 }),
        backorder('b3', 'o2', { location: 'WH1', cause: 'short_pick', quantity: 3 }), // shelf was short at WH1
        backorder('b4', 'o3'),
        backorder('b5', 'o1', { createdAt: '2025-04-02T00:00:00Z' }), // after the report time
      ],
    });
    expect(oversell(input, context()).buckets).toEqual([
      {
        channel: 'amz',
        location: null,
        day: '2025-03-10',
        incidents: 1,
        units: 1,
        byCause: { no_stock_at_capture: { incidents: 1, units: 1, orderIds: ['o3'] } },
        orderIds: ['o3'],
      },
      {
        channel: 'shop',
        location: null,
        day: '2025-03-10',
        incidents: 2,
        units: 3,
        byCause: { no_stock_at_capture: { incidents: 2, units: 3, orderIds: ['o1', 'o2'] } },
        orderIds: ['o1', 'o2'],
      },
      {
        channel: 'shop',
        location: 'WH1',
        day: '2025-03-10',
        incidents: 1,
        units: 3,
        byCause: { short_pick: { incidents: 1, units: 3, orderIds: ['o2'] } },
        orderIds: ['o2'],
      },
    ]);
  });

  it('is empty for no facts', () => {
    expect(oversell(facts(), context()).buckets).toEqual([]);
  });
});

describe('backorderAge', () => {
  const asOf = '2025-03-20T12:00:00Z';
  it('measures what still waits at the report time: filled ones and future ones are left out', () => {
    const input = facts({
      orders: [order('o1'), order('o2'), order('o3')],
      backorders: [
        backorder('b1', 'o1', { createdAt: '2025-03-19T12:00:00Z', quantity: 2 }), // 1 day
        backorder('b2', 'o2', { createdAt: '2025-03-17T12:00:00Z' }), // 3 days
        backorder('b3', 'o3', { createdAt: '2025-03-10T12:00:00Z' }), // 10 days
        backorder('b4', 'o1', { createdAt: '2025-03-18T12:00:00Z', filledAt: '2025-03-19T00:00:00Z' }), // filled
        backorder('b5', 'o2', { createdAt: '2025-03-15T12:00:00Z', filledAt: '2025-03-21T00:00:00Z' }), // 5 days, filled later
        backorder('b6', 'o3', { createdAt: '2025-03-21T00:00:00Z' }), // not yet recorded
      ],
    });
    // ages 1, 3, 5, 10 days: p50 = rank 2 -> 3 days, p90 = rank ceil(3.6) = 4 -> 10 days
    expect(backorderAge(input, context(asOf)).buckets).toEqual([
      {
        channel: 'shop',
        location: null,
        day: '2025-03-20',
        backorders: 4,
        units: 5,
        p50Ms: 3 * DAY,
        p90Ms: 10 * DAY,
        oldestMs: 10 * DAY,
        backorderIds: ['b1', 'b2', 'b3', 'b5'],
        orderIds: ['o1', 'o2', 'o3'],
      },
    ]);
  });

  it('is empty when nothing waits', () => {
    expect(backorderAge(facts(), context(asOf)).buckets).toEqual([]);
  });
});
