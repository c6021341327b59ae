import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive, stockAt } from '../helpers/factories';

let owner: Caller;
let staff: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
  staff = await signedIn('staff');
});

const opId = () => `op-${crypto.randomUUID()}`;

async function allocatedOrder(lines: { quantity: number; barcode?: string }[], at?: { code: string }) {
  const loc = at ?? (await makeLocation(owner));
  const made = [];
  for (const l of lines) {
    const sku = await makeSku(owner, l.barcode ? { barcodes: [l.barcode] } : {});
    await receive(owner, sku.sku, loc.code, 10);
    made.push({ sku: sku.sku, quantity: l.quantity });
  }
  const order = await call('POST', '/api/v1/orders', { as: owner, body: orderBody(made) });
  expect(order.body.status).toBe('allocated');
  return { loc, order: order.body, skus: made.map((m) => m.sku) };
}

const shipmentsOf = async (orderId: string) =>
  (await call('GET', `/api/v1/shipments?order_id=${orderId}`, { as: staff })).body.data;

describe('pick, pack and ship', () => {
  it('takes an order from allocated to shipped, with stock leaving on hand and reserved together', async () => {
    const barcode = `59${Date.now().toString().slice(-10)}`;
    const { loc, order, skus } = await allocatedOrder([{ quantity: 2, barcode }, { quantity: 1 }]);
    const [shipment] = await shipmentsOf(order.id);
    expect(shipment).toMatchObject({ location: loc.code, status: 'allocated' });

    const list = await call('POST', '/api/v1/pick-lists', { as: staff, body: { location: loc.code } });
    expect(list.status).toBe(201);
    expect(list.body.shipments.map((s: { id: string }) => s.id)).toContain(shipment.id);
    expect((await call('GET', `/api/v1/orders/${order.id}`, { as: staff })).body.status).toBe('picking');

    const pick = (code: string, op = opId()) =>
      call('POST', `/api/v1/pick-lists/${list.body.id}/picks`, { as: staff, body: { op_id: op, code } });
    const wrong = await pick('NOT-ON-LIST');
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'wrong_item']);
    const first = opId();
    expect((await pick(barcode, first)).body).toMatchObject({
      applied: true,
      pick: { sku: skus[0], picked: 1 },
    });
    const replay = await pick(barcode, first);
    expect(replay.body).toMatchObject({ applied: false, replayed: true });
    expect((await pick(barcode)).status).toBe(200);
    const over = await pick(barcode);
    expect([over.status, over.body.error.code, over.body.error.message]).toEqual([
      409,
      'over_pick',
      `All 2 of ${skus[0]} are already picked`,
    ]);
    expect((await pick(skus[1]!)).body.pick_list.status).toBe('done');

    const packUrl = `/api/v1/shipments/${shipment.id}/pack`;
    const packages = [{ weight_grams: 900 }];
    const mismatch = await call('POST', packUrl, {
      as: staff,
      body: { scans: [{ code: barcode, quantity: 2 }], packages },
    });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.error).toMatchObject({
      code: 'pack_mismatch',
      details: { missing: [{ sku: skus[1], quantity: 1 }], extra: [] },
    });
    const early = await call('POST', `/api/v1/shipments/${shipment.id}/ship`, { as: staff });
    expect(early.body.error.code).toBe('invalid_transition');
    const packed = await call('POST', packUrl, {
      as: staff,
      body: { scans: [{ code: barcode, quantity: 2 }, { code: skus[1]! }], packages },
    });
    expect(packed.body).toMatchObject({ status: 'packed', packages });

    await call('POST', `/api/v1/shipments/${shipment.id}/tracking`, {
      as: staff,
      body: { carrier: 'UPS', tracking_code: '1Z999AA10123456784' },
    });
    const shipped = await call('POST', `/api/v1/shipments/${shipment.id}/ship`, { as: staff });
    expect(shipped.body).toMatchObject({ status: 'shipped', tracking_code: '1Z999AA10123456784' });
    expect(await stockAt(owner, skus[0]!, loc.code)).toMatchObject({ on_hand: 8, reserved: 0 });
    const after = await call('GET', `/api/v1/orders/${order.id}`, { as: staff });
    expect(after.body.status).toBe('shipped');
    expect(after.body.timeline.map((t: { type: string }) => t.type)).toContain('shipment_shipped');
    const again = await call('POST', `/api/v1/shipments/${shipment.id}/ship`, { as: staff });
    expect(again.status).toBe(200);
    expect(await stockAt(owner, skus[0]!, loc.code)).toMatchObject({ on_hand: 8 });
  });

  it('lets only one of two phones pick the last unit', async () => {
    const { loc } = await allocatedOrder([{ quantity: 1 }]);
    const list = (await call('POST', '/api/v1/pick-lists', { as: staff, body: { location: loc.code } })).body;
    const code = list.lines[0].sku;
    const answers = await Promise.all(
      [opId(), opId()].map((op) =>
        call('POST', `/api/v1/pick-lists/${list.id}/picks`, { as: staff, body: { op_id: op, code } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect((await call('GET', `/api/v1/pick-lists/${list.id}`, { as: staff })).body.lines[0]).toMatchObject({
      quantity: 1,
      picked: 1,
    });
  });

  it('ships a split order location by location: partially shipped, then shipped', async () => {
    const a = await makeLocation(owner, { lat: 40.7, lng: -73.9 });
    const b = await makeLocation(owner, { lat: 34.0, lng: -118.2 });
    const one = await makeSku(owner);
    const two = await makeSku(owner);
    await receive(owner, one.sku, a.code, 5);
    await receive(owner, two.sku, b.code, 5);
    const order = (
      await call('POST', '/api/v1/orders', {
        as: owner,
        body: orderBody([
          { sku: one.sku, quantity: 1 },
          { sku: two.sku, quantity: 1 },
        ]),
      })
    ).body;
    const ships = await shipmentsOf(order.id);
    expect(ships.map((s: { location: string }) => s.location).sort()).toEqual([a.code, b.code].sort());
    for (const [i, s] of ships.entries()) {
      const list = (await call('POST', '/api/v1/pick-lists', { as: staff, body: { location: s.location } }))
        .body;
      const picked = await call('POST', `/api/v1/pick-lists/${list.id}/picks`, {
        as: staff,
        body: { op_id: opId(), code: s.lines[0].sku },
      });
      expect(picked.status).toBe(200);
      const packed = await call('POST', `/api/v1/shipments/${s.id}/pack`, {
        as: staff,
        body: { scans: [{ code: s.lines[0].sku }], packages: [{ weight_grams: 300 }] },
      });
      expect(packed.body.status).toBe('packed');
      await call('POST', `/api/v1/shipments/${s.id}/tracking`, {
        as: staff,
        body: { carrier: 'USPS', tracking_code: `9400${uid()}` },
      });
      expect((await call('POST', `/api/v1/shipments/${s.id}/ship`, { as: staff })).body.status).toBe(
        'shipped',
      );
      const status = (await call('GET', `/api/v1/orders/${order.id}`, { as: staff })).body.status;
      expect(status).toBe(i === 0 ? 'partially_shipped' : 'shipped');
    }
  });

  it('cancels the shipments of a cancelled order and releases their stock', async () => {
    const { loc, order, skus } = await allocatedOrder([{ quantity: 2 }]);
    await call('POST', '/api/v1/pick-lists', { as: staff, body: { location: loc.code } });
    expect((await call('POST', `/api/v1/orders/${order.id}/cancel`, { as: owner })).body.status).toBe(
      'cancelled',
    );
    expect((await shipmentsOf(order.id))[0].status).toBe('cancelled');
    expect(await stockAt(owner, skus[0]!, loc.code)).toMatchObject({ reserved: 0 });
  });

  it('answers 409 when a location has nothing to pick', async () => {
    const loc = await makeLocation(owner);
    const res = await call('POST', '/api/v1/pick-lists', { as: staff, body: { location: loc.code } });
    expect([res.status, res.body.error.code]).toEqual([409, 'nothing_to_pick']);
  });

  it('does not let a seller pick', async () => {
    const seller = await signedIn('seller');
    const res = await call('POST', '/api/v1/pick-lists', { as: seller, body: { location: 'X' } });
    expect(res.status).toBe(403);
  });
});

describe('short picks', () => {
  it('corrects the shelf, re-routes the missing units to another location, and applies once per op id', async () => {
    const near = await makeLocation(owner, { lat: 40.7, lng: -74.0 });
    const far = await makeLocation(owner, { lat: 41.8, lng: -87.6 });
    const { sku } = await makeSku(owner);
    await receive(owner, sku, near.code, 3);
    await receive(owner, sku, far.code, 5);
    const order = (
      await call('POST', '/api/v1/orders', { as: owner, body: orderBody([{ sku, quantity: 3 }]) })
    ).body;
    expect(order.lines[0].allocations).toEqual([{ location: near.code, quantity: 3 }]);
    const list = (await call('POST', '/api/v1/pick-lists', { as: staff, body: { location: near.code } }))
      .body;
    await call('POST', `/api/v1/pick-lists/${list.id}/picks`, {
      as: staff,
      body: { op_id: opId(), code: sku },
    });
    const op = opId();
    const short = await call('POST', `/api/v1/pick-lists/${list.id}/short`, {
      as: staff,
      body: { op_id: op, code: sku, missing: 2 },
    });
    expect(short.status).toBe(200);
    expect(short.body).toMatchObject({
      replayed: false,
      backorders_allocated: 2,
      pick_list: { lines: [{ sku, quantity: 1, picked: 1 }] },
    });
    const again = await call('POST', `/api/v1/pick-lists/${list.id}/short`, {
      as: staff,
      body: { op_id: op, code: sku, missing: 2 },
    });
    expect(again.body.replayed).toBe(true);
    expect(await stockAt(owner, sku, near.code)).toMatchObject({ on_hand: 1, reserved: 1 });
    expect(await stockAt(owner, sku, far.code)).toMatchObject({ on_hand: 5, reserved: 2 });
    const detail = (await call('GET', `/api/v1/orders/${order.id}`, { as: owner })).body;
    expect(detail.lines[0]).toMatchObject({ backordered: 0 });
    expect(detail.lines[0].allocations).toEqual(
      expect.arrayContaining([
        { location: near.code, quantity: 1 },
        { location: far.code, quantity: 2 },
      ]),
    );
    const inbox = await call('GET', '/api/v1/exceptions?kind=short_pick', { as: owner });
    expect(inbox.body.data.some((e: { sku: string }) => e.sku === sku)).toBe(true);
    const ledger = await call('GET', `/api/v1/inventory/${sku}/movements`, { as: owner });
    expect(ledger.body.data[0]).toMatchObject({ location: far.code, type: 'reserve' });
    expect(ledger.body.data.find((m: { reason: string }) => m.reason === 'short pick')).toMatchObject({
      location: near.code,
      on_hand_delta: -2,
      reserved_delta: -2,
    });
  });

  it('refuses to report more missing than is left to pick', async () => {
    const { loc } = await allocatedOrder([{ quantity: 1 }]);
    const list = (await call('POST', '/api/v1/pick-lists', { as: staff, body: { location: loc.code } })).body;
    const res = await call('POST', `/api/v1/pick-lists/${list.id}/short`, {
      as: staff,
      body: { op_id: opId(), code: list.lines[0].sku, missing: 2 },
    });
    expect([res.status, res.body.error.code]).toEqual([409, 'over_short']);
  });
});
