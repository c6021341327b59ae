import { describe, expect, it } from 'vitest';
import { orderToLabel } from '../../../worker/domain/kpi/order-to-label';
import { context, facts, HOUR, order, shipment } from './facts';

const labelled = (id: string, orderId: string, labelPurchasedAt: string, location = 'WH1') =>
  shipment(id, orderId, { location, status: 'label_purchased', labelPurchasedAt });

describe('orderToLabel', () => {
  it('gives nearest-rank p50 and p90 per channel, location and day of label purchase', () => {
    const input = facts({
      orders: [
        order('o1'),
        order('o2'),
        order('o3'),
        order('o4'),
        order('o5', { fulfillment: 'pickup' }),
        order('o6'),
        order('o7', { channel: 'amz', channelType: 'amazon' }),
      ],
      shipments: [
        labelled('s1', 'o1', '2025-03-10T13:00:00Z'), // 1 h after 12:00Z
        labelled('s2', 'o2', '2025-03-10T15:00:00Z'), // 3 h
        labelled('s3', 'o3', '2025-03-10T14:00:00Z'), // 2 h
        labelled('s4a', 'o4', '2025-03-10T16:00:00Z'), // split order: 4 h from WH1
        labelled('s4b', 'o4', '2025-03-10T18:00:00Z', 'WH2'), // and 6 h from WH2
        shipment('s5', 'o5', { method: 'pickup', status: 'picked_up' }), // no label
        shipment('s6', 'o6', { status: 'packed' }), // label voided: label_purchased_at back to null
        labelled('s7', 'o7', '2025-03-10T12:30:00Z'), // 0.5 h
      ],
    });
    expect(orderToLabel(input, context()).buckets).toEqual([
      {
        channel: 'amz',
        location: 'WH1',
        day: '2025-03-10',
        shipments: 1,
        p50Ms: HOUR / 2,
        p90Ms: HOUR / 2,
        maxMs: HOUR / 2,
        shipmentIds: ['s7'],
      },
      // sorted 1, 2, 3, 4 h: p50 = rank ceil(0.5 x 4) = 2 -> 2 h; p90 = rank ceil(0.9 x 4) = 4 -> 4 h
      {
        channel: 'shop',
        location: 'WH1',
        day: '2025-03-10',
        shipments: 4,
        p50Ms: 2 * HOUR,
        p90Ms: 4 * HOUR,
        maxMs: 4 * HOUR,
        shipmentIds: ['s1', 's2', 's3', 's4a'],
      },
      {
        channel: 'shop',
        location: 'WH2',
        day: '2025-03-10',
        shipments: 1,
        p50Ms: 6 * HOUR,
        p90Ms: 6 * HOUR,
        maxMs: 6 * HOUR,
        shipmentIds: ['s4b'],
      },
    ]);
  });

  it('counts a label in its day in the account time zone, not in UTC', () => {
    // placed 20:00 PDT on March 10, label 22:00 PDT the same evening = 05:00Z on March 11
    const input = facts({
      orders: [order('o1', { placedAt: '2025-03-11T03:00:00Z' })],
      shipments: [
        shipment('s1', 'o1', {
          orderPlacedAt: '2025-03-11T03:00:00Z',
          labelPurchasedAt: '2025-03-11T05:00:00Z',
        }),
      ],
    });
    const days = (zone: string) => orderToLabel(input, context(undefined, zone)).buckets.map((b) => b.day);
    expect(days('America/Los_Angeles')).toEqual(['2025-03-10']);
    expect(days('UTC')).toEqual(['2025-03-11']);
  });

  it('ignores labels bought after the report time', () => {
    const input = facts({
      orders: [order('o1')],
      shipments: [labelled('s1', 'o1', '2025-03-10T13:00:00Z')],
    });
    expect(orderToLabel(input, context('2025-03-10T12:59:59Z')).buckets).toEqual([]);
  });

  it('is empty for no facts, with its definition beside it', () => {
    const result = orderToLabel(facts(), context());
    expect(result.buckets).toEqual([]);
    expect(result.definition).toMatch(/nearest rank/);
  });
});
