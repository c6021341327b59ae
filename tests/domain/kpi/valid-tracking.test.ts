import { describe, expect, it } from 'vitest';
import { validTracking } from '../../../worker/domain/kpi/valid-tracking';
import { context, facts, order, shipment, shippedShipment } from './facts';

const DAY = '2025-03-12T10:00:00Z';

describe('validTracking', () => {
  it.each<[string, Parameters<typeof shippedShipment>[3], 0 | 1]>([
    ['carrier, tracking number and a carrier scan: valid', {}, 1],
    ['no carrier scan yet: not valid', { firstCarrierScanAt: null }, 0],
    ['a scan only after the report time: not valid yet', { firstCarrierScanAt: '2025-04-02T00:00:00Z' }, 0],
    ['no tracking number: not valid', { trackingCode: null }, 0],
    ['a blank tracking number: not valid', { trackingCode: '  ' }, 0],
    ['no carrier: not valid', { carrier: null }, 0],
  ])('%s', (_name, over, numerator) => {
    const input = facts({ orders: [order('o1')], shipments: [shippedShipment('s1', 'o1', DAY, over)] });
    expect(validTracking(input, context()).buckets).toEqual([
      {
        channel: 'shop',
        location: 'WH1',
        day: '2025-03-12',
        numerator,
        denominator: 1,
        ratio: numerator,
        ids: { numerator: numerator ? ['s1'] : [], denominator: ['s1'] },
      },
    ]);
  });

  it('counts each shipment of a split order in its own location, and leaves out pickups and unshipped parcels', () => {
    const input = facts({
      orders: [order('o1'), order('o2', { fulfillment: 'pickup' }), order('o3')],
      shipments: [
        shippedShipment('s1a', 'o1', DAY),
        shippedShipment('s1b', 'o1', DAY, { location: 'WH2', firstCarrierScanAt: null }),
        shipment('s2', 'o2', { method: 'pickup', status: 'picked_up', shippedAt: DAY }),
        shipment('s3', 'o3', { status: 'label_purchased', carrier: 'UPS', trackingCode: '1Z' }),
      ],
    });
    const rates = validTracking(input, context()).buckets.map((b) => [
      b.location,
      b.numerator,
      b.denominator,
    ]);
    expect(rates).toEqual([
      ['WH1', 1, 1],
      ['WH2', 0, 1],
    ]);
  });

  it('is empty for no facts', () => {
    expect(validTracking(facts(), context()).buckets).toEqual([]);
  });
});
