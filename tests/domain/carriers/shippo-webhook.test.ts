import { describe, expect, it } from 'vitest';
import { shippo } from '../../../worker/domain/carriers/shippo';

describe('Shippo track_updated webhook', () => {
  const webhook = (tracking_status: object) => ({
    event: 'track_updated',
    test: true,
    data: { carrier: 'usps', tracking_number: '9205590164917312751089', tracking_status },
  });
  const status = {
    object_id: 'a7e2b0b2f3ad4d4f9c0e2a1b5c6d7e8f',
    status: 'DELIVERED',
    status_details: 'Delivered',
    status_date: '2025-05-12T15:02:00Z',
    location: { city: 'Las Vegas', state: 'NV', zip: '89101', country: 'US' },
  };

  it('reads a delivery', () => {
    expect(shippo.parseTrackingWebhook(webhook(status))).toEqual({
      tracking_code: '9205590164917312751089',
      carrier: 'usps',
      status: 'delivered',
      at: '2025-05-12T15:02:00Z',
      location: 'Las Vegas, NV 89101, US',
      event_id: 'a7e2b0b2f3ad4d4f9c0e2a1b5c6d7e8f',
    });
  });

  it('uses the out_for_delivery substatus and ignores other events', () => {
    const out = {
      ...status,
      status: 'TRANSIT',
      substatus: { code: 'out_for_delivery', text: 'Out for delivery' },
    };
    expect(shippo.parseTrackingWebhook(webhook(out))).toMatchObject({ status: 'out_for_delivery' });
    expect(shippo.parseTrackingWebhook({ ...webhook(status), event: 'transaction_created' })).toBeNull();
  });
});
