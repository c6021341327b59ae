import { beforeAll, describe, expect, inject, it } from 'vitest';
import { returnBody, shippedOrder } from '../fixtures/returns/shipped-order';
import { type Caller, call, signedIn, uid } from '../helpers/api';

const easypost = inject('easypostUrl');
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

/** The default carrier account on the local EasyPost, whose key picks its behaviour. */
async function defaultAccount(behaviour: 'ok' | 'address-invalid') {
  const res = await call('POST', '/api/v1/carrier-accounts', {
    as: owner,
    body: {
      provider: 'easypost',
      name: behaviour,
      is_default: true,
      config: { api_key: `EZ-${behaviour}-${uid()}`, api_base_url: easypost, timeout_ms: 1000 },
    },
  });
  expect(res.status).toBe(201);
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
