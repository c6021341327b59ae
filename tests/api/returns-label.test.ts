import { beforeAll, describe, expect, inject, it } from 'vitest';
import eventFixture from '../fixtures/easypost-events-retrieve-response.json';
import trackerFixture from '../fixtures/easypost-trackers-retrieve-response.json';
import { returnBody, shippedOrder } from '../fixtures/returns/shipped-order';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { hex, hmacSha256 } from '../helpers/hmac';

const easypost = inject('easypostUrl');
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

/** The default carrier account on the local EasyPost, whose key picks its behaviour. */
async function defaultAccount(behaviour: 'ok' | 'address-invalid', webhookSecret?: string) {
  const res = await call('POST', '/api/v1/carrier-accounts', {
    as: owner,
    body: {
      provider: 'easypost',
      name: behaviour,
      is_default: true,
      config: {
        api_key: `EZ-${behaviour}-${uid()}`,
        api_base_url: easypost,
        timeout_ms: 1000,
        ...(webhookSecret ? { webhook_secret: webhookSecret } : {}),
      },
    },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** An EasyPost tracker.updated event for a tracking code, signed as EasyPost signs its webhooks. */
async function trackerUpdate(account: string, secret: string, tracking: string, status: string) {
  const raw = JSON.stringify({
    ...eventFixture,
    id: `evt_${uid()}`,
    description: 'tracker.updated',
    result: { ...trackerFixture, tracking_code: tracking, status },
  });
  return call('POST', `/api/v1/webhooks/easypost/${account}`, {
    raw,
    headers: {
      'content-type': 'application/json',
      'x-hmac-signature': `hmac-sha256-hex=${hex(await hmacSha256(secret, raw))}`,
    },
  });
}

describe('return labels', () => {
  it('buys a label from the customer to the receiving location and marks the return label_sent', async () => {
    await defaultAccount('ok');
    const { order, location } = await shippedOrder(owner, [1]);
    const res = await call('POST', '/api/v1/returns', {
      as: owner,
      body: returnBody(order, [{ line: 0, quantity: 1 }], { label: true }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'label_sent',
      label: {
        carrier: 'USPS',
        tracking_code: expect.stringMatching(/^9434/),
        url: expect.stringContaining('/files/'),
      },
    });
    expect(res.body.timeline.at(-1).message).toContain(`to ${location}`);
  });

  it("moves the return to in_transit when the carrier scans the customer's parcel", async () => {
    const secret = `whsec-${uid()}`;
    const account = await defaultAccount('ok', secret);
    const { order } = await shippedOrder(owner, [1]);
    const made = await call('POST', '/api/v1/returns', {
      as: owner,
      body: returnBody(order, [{ line: 0, quantity: 1 }], { label: true }),
    });
    const tracking = made.body.label.tracking_code as string;
    expect((await trackerUpdate(account, secret, tracking, 'pre_transit')).body.applied).toBe(true);
    expect((await call('GET', `/api/v1/returns/${made.body.id}`, { as: owner })).body.status).toBe(
      'label_sent',
    );
    expect((await trackerUpdate(account, secret, tracking, 'in_transit')).body.applied).toBe(true);
    const after = (await call('GET', `/api/v1/returns/${made.body.id}`, { as: owner })).body;
    expect(after.status).toBe('in_transit');
    expect(after.timeline.at(-1).message).toContain(`${tracking}: in transit`);
  });

  it('records a carrier refusal as a label_failed exception and keeps the return approved', async () => {
    await defaultAccount('address-invalid');
    const { order } = await shippedOrder(owner, [1]);
    const res = await call('POST', '/api/v1/returns', {
      as: owner,
      body: returnBody(order, [{ line: 0, quantity: 1 }], { label: true }),
    });
    expect(res.body).toMatchObject({ status: 'approved', label: { tracking_code: null } });
    const open = await call('GET', '/api/v1/exceptions?kind=label_failed', { as: owner });
    expect(open.body.data.filter((e: { order_id: string }) => e.order_id === order.id)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Unable to verify address') }),
    ]);
  });
});
