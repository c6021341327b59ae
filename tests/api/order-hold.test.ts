import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, call, signedIn } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive } from '../helpers/factories';

let owner: Caller;
let seller: Caller;
let staff: Caller;
beforeAll(async () => {
  [owner, seller, staff] = await Promise.all([signedIn('owner'), signedIn('seller'), signedIn('staff')]);
});

async function allocatedOrder() {
  const loc = await makeLocation(owner);
  const { sku } = await makeSku(owner);
  await receive(owner, sku, loc.code, 5);
  const order = (await call('POST', '/api/v1/orders', { as: owner, body: orderBody([{ sku, quantity: 2 }]) }))
    .body;
  expect(order.status).toBe('allocated');
  return { order, loc, sku };
}

const openHolds = async (orderId: string) =>
  (await call('GET', '/api/v1/exceptions?kind=manual_hold', { as: owner })).body.data.filter(
    (e: { order_id: string }) => e.order_id === orderId,
  );

describe('holding an order', () => {
  it('keeps its stock reserved and its shipment off pick lists until released', async () => {
    const { order, loc, sku } = await allocatedOrder();
    const held = await call('POST', `/api/v1/orders/${order.id}/hold`, {
      as: seller,
      body: { reason: 'address check with the customer' },
    });
    expect(held.status).toBe(200);
    expect(held.body.status).toBe('on_hold');
    expect(held.body.timeline.at(-1).message).toBe('Held: address check with the customer');
    expect(await openHolds(order.id)).toHaveLength(1);
    const stock = (await call('GET', `/api/v1/inventory/${sku}`, { as: owner })).body.locations[0];
    expect(stock).toMatchObject({ on_hand: 5, reserved: 2 });
    const list = await call('POST', '/api/v1/pick-lists', { as: staff, body: { location: loc.code } });
    const picked = (list.body.shipments ?? []).map((s: { order_id: string }) => s.order_id);
    expect(picked).not.toContain(order.id);
    const again = await call('POST', `/api/v1/orders/${order.id}/hold`, {
      as: seller,
      body: { reason: 'twice' },
    });
    expect(again.body.status).toBe('on_hold');
    expect(await openHolds(order.id)).toHaveLength(1);
    const released = await call('POST', `/api/v1/orders/${order.id}/release`, { as: seller });
    expect(released.status).toBe(200);
    expect(released.body.status).toBe('allocated');
    expect(await openHolds(order.id)).toHaveLength(0);
    const nowPicked = await call('POST', '/api/v1/pick-lists', { as: staff, body: { location: loc.code } });
    expect(nowPicked.body.shipments.map((s: { order_id: string }) => s.order_id)).toContain(order.id);
  });

  it('refuses what cannot be held or released, with clear codes, changing nothing', async () => {
    const { order } = await allocatedOrder();
    const notHeld = await call('POST', `/api/v1/orders/${order.id}/release`, { as: seller });
    expect([notHeld.status, notHeld.body.error.code]).toEqual([409, 'not_on_hold']);
    const noReason = await call('POST', `/api/v1/orders/${order.id}/hold`, {
      as: seller,
      body: { reason: ' ' },
    });
    expect(noReason.status).toBe(400);
    const forbidden = await call('POST', `/api/v1/orders/${order.id}/hold`, {
      as: staff,
      body: { reason: 'x' },
    });
    expect(forbidden.status).toBe(403);
    await call('POST', `/api/v1/orders/${order.id}/cancel`, { as: owner });
    const cancelled = await call('POST', `/api/v1/orders/${order.id}/hold`, {
      as: seller,
      body: { reason: 'late' },
    });
    expect([cancelled.status, cancelled.body.error.code]).toEqual([409, 'invalid_transition']);
    const missing = await call('POST', '/api/v1/orders/ord_00000000000000000000000000/hold', {
      as: seller,
      body: { reason: 'x' },
    });
    expect(missing.status).toBe(404);
  });

  it('does not release an order still waiting for an unmatched SKU to be linked', async () => {
    const res = await call('POST', '/api/v1/orders', {
      as: owner,
      body: orderBody([{ sku: 'NOBODY-KNOWS-THIS', quantity: 1 }]),
    });
    expect(res.body.status).toBe('on_hold');
    const release = await call('POST', `/api/v1/orders/${res.body.id}/release`, { as: seller });
    expect([release.status, release.body.error.code]).toEqual([409, 'unmatched_lines']);
    const detail = await call('GET', `/api/v1/orders/${res.body.id}`, { as: owner });
    expect(detail.body.status).toBe('on_hold');
  });
});
