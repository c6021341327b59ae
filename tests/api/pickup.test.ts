import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { type Caller, call, signedIn } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive, stockAt } from '../helpers/factories';

let owner: Caller;
let staff: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
  staff = await signedIn('staff');
});

/** A BOPIS order at a store that has the stock, while a nearer warehouse has more. */
async function pickupOrder(quantity = 1) {
  const store = await makeLocation(owner, { kind: 'store', name: 'Brooklyn store', lat: 40.72, lng: -73.96 });
  const warehouse = await makeLocation(owner, { lat: 40.68, lng: -73.94 });
  const { sku } = await makeSku(owner);
  await receive(owner, sku, store.code, 2);
  await receive(owner, sku, warehouse.code, 10);
  const res = await call('POST', '/api/v1/orders', {
    as: owner,
    body: orderBody([{ sku, quantity }], { fulfillment: { method: 'pickup', location: store.code } }),
  });
  return { store, warehouse, sku, order: res.body, status: res.status };
}

async function pickEverything(location: string) {
  const list = (await call('POST', '/api/v1/pick-lists', { as: staff, body: { location } })).body;
  for (const line of list.lines) {
    for (let i = 0; i < line.quantity; i++) {
      await call('POST', `/api/v1/pick-lists/${list.id}/picks`, {
        as: staff,
        body: { op_id: `op-${crypto.randomUUID()}`, code: line.sku },
      });
    }
  }
  return list.shipments[0].id as string;
}

describe('buy online, pick up in store', () => {
  it('reserves at the chosen store only, and a customer collects it with the pickup code', async () => {
    const { store, warehouse, sku, order } = await pickupOrder();
    expect(order).toMatchObject({
      status: 'allocated',
      fulfillment: { method: 'pickup', location: store.code },
    });
    expect(order.lines[0].allocations).toEqual([{ location: store.code, quantity: 1 }]);
    const shipment = await pickEverything(store.code);
    const ready = await call('POST', `/api/v1/shipments/${shipment}/ready`, { as: staff });
    expect(ready.body).toMatchObject({
      status: 'ready_for_pickup',
      method: 'pickup',
      pickup_code: expect.stringMatching(/^[A-Z0-9]{6,10}$/),
    });
    expect((await call('GET', `/api/v1/orders/${order.id}`, { as: staff })).body.status).toBe(
      'ready_for_pickup',
    );

    const wrong = await call('POST', '/api/v1/pickups/collect', { as: staff, body: { code: 'NOTACODE1' } });
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'wrong_pickup_code']);
    const collected = await call('POST', '/api/v1/pickups/collect', {
      as: staff,
      body: { code: ready.body.pickup_code.toLowerCase() },
    });
    expect(collected.body.status).toBe('picked_up');
    expect((await call('GET', `/api/v1/orders/${order.id}`, { as: staff })).body.status).toBe('picked_up');
    expect(await stockAt(owner, sku, store.code)).toMatchObject({ on_hand: 1, reserved: 0 });
    expect(await stockAt(owner, sku, warehouse.code)).toMatchObject({ on_hand: 10, reserved: 0 });
  });

  it('backorders at the store what the store lacks, instead of shipping it from elsewhere', async () => {
    const { store, order } = await pickupOrder(3);
    expect(order.status).toBe('backordered');
    expect(order.lines[0]).toMatchObject({
      allocations: [{ location: store.code, quantity: 2 }],
      backordered: 1,
    });
  });

  it('refuses a pickup at a location that is not a store, and writes no order', async () => {
    const warehouse = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    const body = orderBody([{ sku, quantity: 1 }], {
      fulfillment: { method: 'pickup', location: warehouse.code },
    });
    const res = await call('POST', '/api/v1/orders', { as: owner, body });
    expect([res.status, res.body.error.code]).toEqual([422, 'invalid_pickup_location']);
    expect((await call('GET', `/api/v1/orders?q=${body.external_id}`, { as: owner })).body.data).toEqual([]);
    const noStore = await call('POST', '/api/v1/orders', {
      as: owner,
      body: { ...body, fulfillment: { method: 'pickup' } },
    });
    expect(noStore.status).toBe(400);
  });

  it('cancels an uncollected order after the hold period and puts its units back on sale', async () => {
    const { store, sku, order } = await pickupOrder();
    const shipment = await pickEverything(store.code);
    await call('POST', `/api/v1/shipments/${shipment}/ready`, { as: staff });
    await env.DB.prepare(`UPDATE shipments SET pickup_expires_at = ? WHERE id = ?`)
      .bind('2000-01-01T00:00:00.000Z', shipment)
      .run();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController(), env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await call('GET', `/api/v1/orders/${order.id}`, { as: owner })).body.status).toBe('cancelled');
    expect(await stockAt(owner, sku, store.code)).toMatchObject({ on_hand: 2, reserved: 0 });
  });
});

describe('backorders with a pickup order first in line', () => {
  it('fills the later shipping order from the warehouse while the pickup order waits for its store', async () => {
    const store = await makeLocation(owner, { kind: 'store', lat: 40.72, lng: -73.96 });
    const warehouse = await makeLocation(owner, { lat: 40.68, lng: -73.94 });
    const { sku } = await makeSku(owner);
    const pickup = (
      await call('POST', '/api/v1/orders', {
        as: owner,
        body: orderBody([{ sku, quantity: 1 }], { fulfillment: { method: 'pickup', location: store.code } }),
      })
    ).body;
    const shipping = (
      await call('POST', '/api/v1/orders', { as: owner, body: orderBody([{ sku, quantity: 1 }]) })
    ).body;
    expect([pickup.status, shipping.status]).toEqual(['backordered', 'backordered']);
    expect((await receive(owner, sku, warehouse.code, 1)).backorders_allocated).toBe(1);
    expect((await call('GET', `/api/v1/orders/${shipping.id}`, { as: owner })).body.status).toBe('allocated');
    expect((await call('GET', `/api/v1/orders/${pickup.id}`, { as: owner })).body.status).toBe('backordered');
  });
});
