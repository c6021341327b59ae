import { describe, expect, it } from 'vitest';
import { lateShipment } from '../../../worker/domain/kpi/late-shipment';
import { context, facts, order, shipment, shippedShipment } from './facts';

const SHIP_BY = '2025-03-12T18:00:00Z';

describe('lateShipment', () => {
  it('counts confirmed orders in the day their last shipment left; late when it left after the ship-by date', () => {
    const input = facts({
      orders: [
        order('o1', { shipBy: SHIP_BY, status: 'shipped' }),
        order('o2', { shipBy: SHIP_BY, status: 'delivered' }),
        order('o3', { shipBy: SHIP_BY, status: 'partially_shipped' }),
        order('o4', { shipBy: null, status: 'shipped' }),
        order('o5', { shipBy: SHIP_BY, status: 'allocated' }),
        order('o6', { shipBy: SHIP_BY, status: 'shipped' }),
      ],
      shipments: [
        shippedShipment('s1', 'o1', '2025-03-12T17:00:00Z'), // on time, confirmed on the 12th
        shippedShipment('s2a', 'o2', '2025-03-12T10:00:00Z'), // split: first part on time...
        shippedShipment('s2b', 'o2', '2025-03-13T09:00:00Z', { location: 'WH2' }), // ...last part late, on the 13th
        shippedShipment('s3', 'o3', '2025-03-12T10:00:00Z'), // not all shipped: not confirmed
        shipment('s3b', 'o3', { location: 'WH2' }),
        shippedShipment('s4', 'o4', '2025-03-12T10:00:00Z'), // no ship-by date
        shipment('s5', 'o5'), // overdue but not shipped: not in Amazon's late shipment rate
        shippedShipment('s6', 'o6', '2025-03-13T20:00:00Z'), // late, on the 13th
      ],
    });
    expect(lateShipment(input, context()).buckets).toEqual([
      // 12th: o1 on time -> 0 / 1
      {
        channel: 'shop',
        location: null,
        day: '2025-03-12',
        numerator: 0,
        denominator: 1,
        ratio: 0,
        ids: { numerator: [], denominator: ['o1'] },
      },
      // 13th: o2 and o6 both late -> 2 / 2
      {
        channel: 'shop',
        location: null,
        day: '2025-03-13',
        numerator: 2,
        denominator: 2,
        ratio: 1,
        ids: { numerator: ['o2', 'o6'], denominator: ['o2', 'o6'] },
      },
    ]);
  });

  it('puts a confirmation after midnight UTC on the previous day in Los Angeles', () => {
    // left 03:00Z on the 13th = 20:00 PDT on the 12th, after a ship-by of 18:00Z: late, on the 12th
    const input = facts({
      orders: [order('o1', { shipBy: SHIP_BY, status: 'shipped' })],
      shipments: [shippedShipment('s1', 'o1', '2025-03-13T03:00:00Z')],
    });
    expect(lateShipment(input, context(undefined, 'America/Los_Angeles')).buckets).toMatchObject([
      { day: '2025-03-12', numerator: 1, denominator: 1 },
    ]);
  });

  it('is empty for no facts', () => {
    expect(lateShipment(facts(), context()).buckets).toEqual([]);
  });
});
