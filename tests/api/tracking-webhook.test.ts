import { beforeAll, describe, expect, inject, it } from 'vitest';
import eventFixture from '../fixtures/easypost-events-retrieve-response.json';
import trackerFixture from '../fixtures/easypost-trackers-retrieve-response.json';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { packedShipment } from '../helpers/factories';
import { hex, hmacSha256 } from '../helpers/hmac';

const SECRET = 'whsec-easypost-1';
let owner: Caller;
let accountId: string;

beforeAll(async () => {
  owner = await signedIn('owner');
  const res = await call('POST', '/api/v1/carrier-accounts', {
    as: owner,
    body: {
      provider: 'easypost',
      name: 'EasyPost',
      config: { api_key: `EZ-ok-${uid()}`, api_base_url: inject('easypostUrl'), webhook_secret: SECRET },
    },
  });
  accountId = res.body.id;
});

async function shippedShipment() {
  const { shipment, order } = await packedShipment(owner);
  const labelled = await call('POST', `/api/v1/shipments/${shipment}/label`, {
    as: owner,
    body: { carrier_account: accountId },
  });
  await call('POST', `/api/v1/shipments/${shipment}/ship`, { as: owner });
  return { shipment, order, tracking: labelled.body.tracking_code as string };
}

/** EasyPost's Event envelope around its Tracker, as its webhooks deliver them. */
const trackerEvent = (tracking: string, status: string) =>
  JSON.stringify({
    ...eventFixture,
    id: `evt_${uid()}`,
    description: 'tracker.updated',
    result: { ...trackerFixture, tracking_code: tracking, status },
  });

const hexHmac = async (raw: string, secret = SECRET) =>
  `hmac-sha256-hex=${hex(await hmacSha256(secret, raw))}`;

const deliver = async (raw: string, signature?: string) =>
  call('POST', `/api/v1/webhooks/easypost/${accountId}`, {
    raw,
    headers: { 'content-type': 'application/json', 'x-hmac-signature': signature ?? (await hexHmac(raw)) },
  });

describe('EasyPost tracking webhooks', () => {
  it("records the carrier's first scan of a shipment once, for the valid-tracking rate", async () => {
    const { shipment, tracking } = await shippedShipment();
    await deliver(trackerEvent(tracking, 'pre_transit'));
    expect((await call('GET', `/api/v1/shipments/${shipment}`, { as: owner })).body.first_scan_at).toBeNull();
    await deliver(trackerEvent(tracking, 'in_transit'));
    const first = (await call('GET', `/api/v1/shipments/${shipment}`, { as: owner })).body.first_scan_at;
    expect(first).toEqual(expect.any(String));
    await deliver(trackerEvent(tracking, 'out_for_delivery'));
    expect((await call('GET', `/api/v1/shipments/${shipment}`, { as: owner })).body.first_scan_at).toBe(
      first,
    );
  });

  it('moves a shipped shipment, and then its order, to delivered, once per event', async () => {
    const { shipment, order, tracking } = await shippedShipment();
    const transit = await deliver(trackerEvent(tracking, 'in_transit'));
    expect(transit.body).toEqual({ received: true, applied: true });
    const raw = trackerEvent(tracking, 'delivered');
    expect((await deliver(raw)).body.applied).toBe(true);
    expect((await deliver(raw)).body.applied).toBe(false);
    expect((await call('GET', `/api/v1/shipments/${shipment}`, { as: owner })).body).toMatchObject({
      status: 'delivered',
      delivered_at: expect.any(String),
    });
    const detail = await call('GET', `/api/v1/orders/${order.id}`, { as: owner });
    expect(detail.body.status).toBe('delivered');
    expect(detail.body.timeline.map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining(['tracking_in_transit', 'tracking_delivered', 'delivered']),
    );
  });

  it('refuses a wrong signature and ignores tracking numbers it does not know', async () => {
    const raw = trackerEvent('NOT-OURS-1', 'delivered');
    const bad = await deliver(raw, await hexHmac(raw, 'wrong-secret'));
    expect([bad.status, bad.body.error.code]).toEqual([401, 'invalid_signature']);
    expect((await deliver(raw)).body).toEqual({ received: true, applied: false });
  });
});
