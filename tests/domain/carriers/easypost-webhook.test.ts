import { describe, expect, it } from 'vitest';
import { easypost } from '../../../worker/domain/carriers/easypost';
import { verifyEasyPostSignature } from '../../../worker/domain/carriers/easypost-webhook';
import { shipmentStatusFor } from '../../../worker/domain/carriers/tracking';
import event from '../../fixtures/easypost-events-retrieve-response.json';
import eventRaw from '../../fixtures/easypost-events-retrieve-response.json?raw';
import tracker from '../../fixtures/easypost-trackers-retrieve-response.json';

/** The webhook body EasyPost sends when a tracker changes: the fixture Event envelope around the fixture Tracker. */
const trackerUpdated = (result: object = tracker) => ({ ...event, description: 'tracker.updated', result });

const delivered = {
  ...tracker,
  status: 'delivered',
  tracking_details: [
    ...tracker.tracking_details,
    {
      ...tracker.tracking_details[1],
      message: 'Delivered',
      status: 'delivered',
      datetime: '2025-04-12T15:02:00Z',
      tracking_location: {
        object: 'TrackingLocation',
        city: 'CHARLESTON',
        state: 'SC',
        country: null,
        zip: '29401',
      },
    },
  ],
};

describe('EasyPost tracker webhooks', () => {
  it('reads a tracker.updated event: current status, latest scan time and place, the event id for dedup', () => {
    expect(easypost.parseTrackingWebhook(trackerUpdated())).toEqual({
      tracking_code: 'EZ1000000001',
      carrier: 'USPS',
      status: 'pre_transit',
      at: '2025-04-10T09:17:17Z',
      location: 'HOUSTON, TX 77063',
      event_id: 'evt_ad2365c22d1511f0b5364ffbb3e7a1f1',
    });
  });

  it('moves the shipment to delivered when the tracker says delivered', () => {
    const update = easypost.parseTrackingWebhook(trackerUpdated(delivered));
    expect(update).toMatchObject({
      status: 'delivered',
      at: '2025-04-12T15:02:00Z',
      location: 'CHARLESTON, SC 29401',
    });
    expect(update && shipmentStatusFor(update.status)).toBe('delivered');
  });

  it('takes the latest scan even when the details arrive out of order', () => {
    const shuffled = { ...delivered, tracking_details: [...delivered.tracking_details].reverse() };
    expect(easypost.parseTrackingWebhook(trackerUpdated(shuffled))).toMatchObject({
      at: '2025-04-12T15:02:00Z',
    });
  });

  it.each([
    ['available_for_pickup', 'out_for_delivery', 'shipped'],
    ['in_transit', 'in_transit', 'shipped'],
    ['return_to_sender', 'return_to_sender', 'exception'],
    ['failure', 'failure', 'exception'],
    ['cancelled', 'failure', 'exception'],
    ['error', 'unknown', null],
    ['pre_transit', 'pre_transit', null],
  ])('maps EasyPost status %s to %s (shipment: %s)', (easypostStatus, ours, shipment) => {
    const update = easypost.parseTrackingWebhook(trackerUpdated({ ...tracker, status: easypostStatus }));
    expect(update?.status).toBe(ours);
    expect(update && shipmentStatusFor(update.status)).toBe(shipment);
  });

  it('ignores the fixture event as fetched (tracker.created without a result) and other event kinds', () => {
    expect(easypost.parseTrackingWebhook(event)).toBeNull();
    expect(
      easypost.parseTrackingWebhook({ ...event, description: 'batch.updated', result: tracker }),
    ).toBeNull();
    expect(easypost.parseTrackingWebhook('not json')).toBeNull();
  });
});

async function signature(secret: string, body: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    enc.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(body)));
  return `hmac-sha256-hex=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

describe('EasyPost webhook signature', () => {
  it('accepts the raw fixture body signed with the webhook secret, as text or bytes', async () => {
    const header = await signature('A1B2C3', eventRaw);
    expect(await verifyEasyPostSignature(eventRaw, header, 'A1B2C3')).toBe(true);
    expect(await verifyEasyPostSignature(new TextEncoder().encode(eventRaw), header, 'A1B2C3')).toBe(true);
  });

  it('rejects a body changed by one byte, a wrong secret, and headers that are missing or malformed', async () => {
    const header = await signature('A1B2C3', eventRaw);
    expect(await verifyEasyPostSignature(`${eventRaw} `, header, 'A1B2C3')).toBe(false);
    expect(await verifyEasyPostSignature(eventRaw, header, 'A1B2C4')).toBe(false);
    expect(await verifyEasyPostSignature(eventRaw, null, 'A1B2C3')).toBe(false);
    expect(await verifyEasyPostSignature(eventRaw, header.replace('hmac-sha256-hex=', ''), 'A1B2C3')).toBe(
      false,
    );
    expect(await verifyEasyPostSignature(eventRaw, 'hmac-sha256-hex=zz', 'A1B2C3')).toBe(false);
    expect(await verifyEasyPostSignature(eventRaw, header, '')).toBe(false);
  });

  it('normalises the secret with NFKD first, as EasyPost does', async () => {
    const header = await signature('secret', eventRaw);
    expect(await verifyEasyPostSignature(eventRaw, header, 'ｓｅｃｒｅｔ')).toBe(true);
  });
});
