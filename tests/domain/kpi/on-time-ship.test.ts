import { describe, expect, it } from 'vitest';
import type { OrderFact, ShipmentFact } from '../../../worker/domain/kpi/facts';
import { onTimeShip, onTimeShipByLocation } from '../../../worker/domain/kpi/on-time-ship';
import { context, facts, order, shipment, shippedShipment } from './facts';

const SHIP_BY = '2025-03-12T18:00:00Z';
const before = '2025-03-12T17:00:00Z';
const after = '2025-03-12T19:00:00Z';
const shipped = (id: string, at: string, location = 'WH1') => shippedShipment(id, 'o1', at, { location });
const waiting = (id: string, location = 'WH1') => shipment(id, 'o1', { location, status: 'picking' });

type Case = [string, Partial<OrderFact>, ShipmentFact[], string, [number, number] | null];

describe('onTimeShip', () => {
  it.each<Case>([
    [
      'shipped before the ship-by date: on time',
      { status: 'shipped' },
      [shipped('s1', before)],
      '2025-04-01T00:00:00Z',
      [1, 1],
    ],
    [
      'shipped at the ship-by instant: on time',
      { status: 'shipped' },
      [shipped('s1', SHIP_BY)],
      '2025-04-01T00:00:00Z',
      [1, 1],
    ],
    [
      'shipped a second late: late',
      { status: 'shipped' },
      [shipped('s1', '2025-03-12T18:00:01Z')],
      '2025-04-01T00:00:00Z',
      [0, 1],
    ],
    [
      'delivered counts as shipped',
      { status: 'delivered' },
      [shipped('s1', before)],
      '2025-04-01T00:00:00Z',
      [1, 1],
    ],
    [
      'split: every shipment on time -> on time',
      { status: 'shipped' },
      [shipped('s1', '2025-03-12T09:00:00Z'), shipped('s2', before, 'WH2')],
      '2025-04-01T00:00:00Z',
      [1, 1],
    ],
    [
      'split: one shipment late -> the order is late',
      { status: 'shipped' },
      [shipped('s1', before), shipped('s2', after, 'WH2')],
      '2025-04-01T00:00:00Z',
      [0, 1],
    ],
    [
      'split: one part shipped, the other still picking after the ship-by date -> late',
      { status: 'partially_shipped' },
      [shipped('s1', before), waiting('s2', 'WH2')],
      '2025-04-01T00:00:00Z',
      [0, 1],
    ],
    [
      'a cancelled shipment (all units short-picked) does not hold the order back',
      { status: 'shipped' },
      [shipped('s1', before), shipment('s2', 'o1', { status: 'cancelled' })],
      '2025-04-01T00:00:00Z',
      [1, 1],
    ],
    [
      'nothing shipped and the ship-by date passed: late',
      { status: 'allocated' },
      [waiting('s1')],
      '2025-04-01T00:00:00Z',
      [0, 1],
    ],
    [
      'nothing shipped, still before the ship-by date: not counted yet',
      { status: 'allocated' },
      [waiting('s1')],
      '2025-03-12T12:00:00Z',
      null,
    ],
    [
      'shipped early, ship-by still ahead: counted on time',
      { status: 'shipped' },
      [shipped('s1', '2025-03-12T09:00:00Z')],
      '2025-03-12T12:00:00Z',
      [1, 1],
    ],
    [
      'shipped after the report time: not shipped as of then',
      { status: 'shipped' },
      [shipped('s1', before)],
      '2025-03-12T16:00:00Z',
      null,
    ],
    [
      'no ship-by date: not counted',
      { status: 'shipped', shipBy: null },
      [shipped('s1', before)],
      '2025-04-01T00:00:00Z',
      null,
    ],
    [
      'cancelled: not counted',
      { status: 'cancelled', cancellation: { at: '2025-03-11T00:00:00Z', by: 'seller' } },
      [],
      '2025-04-01T00:00:00Z',
      null,
    ],
    [
      'a pickup order: not counted',
      { status: 'picked_up', fulfillment: 'pickup' },
      [],
      '2025-04-01T00:00:00Z',
      null,
    ],
  ])('%s', (_name, over, shipments, asOf, expected) => {
    const input = facts({ orders: [order('o1', { shipBy: SHIP_BY, ...over })], shipments });
    const buckets = onTimeShip(input, context(asOf)).buckets;
    if (expected === null) return expect(buckets).toEqual([]);
    const [numerator, denominator] = expected;
    expect(buckets).toEqual([
      {
        channel: 'shop',
        location: null,
        day: '2025-03-12',
        numerator,
        denominator,
        ratio: numerator / denominator,
        ids: { numerator: numerator ? ['o1'] : [], denominator: ['o1'] },
      },
    ]);
  });

  it('counts an order in the day of its ship-by date in the account time zone', () => {
    // 02:00Z on March 13 is 19:00 PDT on March 12
    const input = facts({
      orders: [order('o1', { shipBy: '2025-03-13T02:00:00Z', status: 'shipped' })],
      shipments: [shipped('s1', before)],
    });
    expect(onTimeShip(input, context(undefined, 'America/Los_Angeles')).buckets[0]?.day).toBe('2025-03-12');
    expect(onTimeShip(input, context(undefined, 'UTC')).buckets[0]?.day).toBe('2025-03-13');
  });

  it('adds up orders of a day per channel: 2 of 3 on time', () => {
    const input = facts({
      orders: [
        order('a', { shipBy: SHIP_BY, status: 'shipped' }),
        order('b', { shipBy: SHIP_BY, status: 'shipped' }),
        order('c', { shipBy: SHIP_BY, status: 'allocated' }),
        order('d', { shipBy: SHIP_BY, status: 'shipped', channel: 'amz' }),
      ],
      shipments: [
        shippedShipment('sa', 'a', before),
        shippedShipment('sb', 'b', SHIP_BY),
        shipment('sc', 'c'),
        shippedShipment('sd', 'd', after),
      ],
    });
    const rates = onTimeShip(input, context()).buckets.map((b) => [
      b.channel,
      b.numerator,
      b.denominator,
      b.ids,
    ]);
    expect(rates).toEqual([
      ['amz', 0, 1, { numerator: [], denominator: ['d'] }],
      ['shop', 2, 3, { numerator: ['a', 'b'], denominator: ['a', 'b', 'c'] }],
    ]);
  });

  it('is empty for no facts', () => {
    expect(onTimeShip(facts(), context()).buckets).toEqual([]);
  });
});

describe('onTimeShipByLocation', () => {
  it("judges each location's part of a split order on its own", () => {
    const input = facts({
      orders: [
        order('o1', { shipBy: SHIP_BY, status: 'partially_shipped' }),
        order('o2', { shipBy: SHIP_BY, status: 'shipped' }),
      ],
      shipments: [
        shipped('s1', before), // o1 from WH1: on time
        waiting('s2', 'WH2'), // o1 from WH2: overdue
        shipment('s3', 'o1', { location: 'WH3', status: 'cancelled' }), // not a part any more
        shippedShipment('s4', 'o2', after, { location: 'WH2' }), // o2 from WH2: late
      ],
    });
    const rates = onTimeShipByLocation(input, context()).buckets.map((b) => [
      b.location,
      b.numerator,
      b.denominator,
      b.ids,
    ]);
    expect(rates).toEqual([
      ['WH1', 1, 1, { numerator: ['o1'], denominator: ['o1'] }],
      ['WH2', 0, 2, { numerator: [], denominator: ['o1', 'o2'] }],
    ]);
    // the same split order is late as a whole
    expect(onTimeShip(input, context()).buckets[0]).toMatchObject({ numerator: 0, denominator: 2 });
  });
});
