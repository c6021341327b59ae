import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, call, signedIn } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive, stockAt } from '../helpers/factories';

let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;

describe('POST /api/v1/orders', () => {
  it('captures an order, reserves stock at the nearest location and explains why', async () => {
    const near = await makeLocation(owner, {
      name: 'Brooklyn store',
      kind: 'store',
      lat: 40.7196,
      lng: -73.9566,
    });
    const far = await makeLocation(owner, { name: 'LA 3PL', kind: '3pl', lat: 34.05, lng: -118.24 });
    const { sku } = await makeSku(owner);
    await receive(owner, sku, near.code, 5);
    await receive(owner, sku, far.code, 5);
    const res = await call('POST', '/api/v1/orders', {
      as: owner,
      body: orderBody([{ sku, quantity: 2, unit_price: 1250 }]),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'allocated',
      lines: [{ sku, quantity: 2, allocations: [{ location: near.code, quantity: 2 }], backordered: 0 }],
      totals: { subtotal: 2500, total: 2500 },
      routing_explanation: 'Ships from Brooklyn store: nearest with stock',
    });
    expect(await stockAt(owner, sku, near.code)).toMatchObject({ on_hand: 5, reserved: 2, available: 3 });
  });

  it("keeps the channel's ship-by date, in UTC, for the on-time KPIs", async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 1);
    const res = await call('POST', '/api/v1/orders', {
      as: owner,
      body: { ...orderBody([{ sku, quantity: 1 }]), ship_by: '2026-12-01T17:00:00-05:00' },
    });
    expect(res.status).toBe(201);
    expect(res.body.ship_by).toBe('2026-12-01T22:00:00.000Z');
    const bad = await call('POST', '/api/v1/orders', {
      as: owner,
      body: { ...orderBody([{ sku, quantity: 1 }]), ship_by: 'tomorrow' },
    });
    expect(bad.status).toBe(400);
  });

  it('returns the same order with 200 when (channel, external_id) comes again', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    const body = orderBody([{ sku, quantity: 1 }]);
    const first = await call('POST', '/api/v1/orders', { as: owner, body });
    const again = await call('POST', '/api/v1/orders', {
      as: owner,
      body: { ...body, lines: [{ sku, quantity: 3, unit_price: 1 }] },
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ reserved: 1 });
  });

  it('makes one order from ten parallel deliveries of the same channel order', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    const body = orderBody([{ sku, quantity: 2 }]);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => call('POST', '/api/v1/orders', { as: owner, body })),
    );
    const ok = answers.filter((a) => a.status === 200 || a.status === 201);
    expect(answers.every((a) => [200, 201, 409].includes(a.status))).toBe(true);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(new Set(ok.map((a) => a.body.id)).size).toBe(1);
    const listed = await call('GET', `/api/v1/orders?q=${body.external_id}`, { as: owner });
    expect(listed.body.data).toHaveLength(1);
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ reserved: 2 });
  });

  it('never oversells when 30 orders race for 10 units of one SKU', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 10);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        call('POST', '/api/v1/orders', { as: owner, body: orderBody([{ sku, quantity: 1 }]) }),
      ),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const allocated = answers.filter((a) => a.body.status === 'allocated');
    expect(allocated).toHaveLength(10);
    expect(answers.filter((a) => a.body.status === 'backordered')).toHaveLength(20);
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ on_hand: 10, reserved: 10, available: 0 });
  });

  it('puts an order with an unknown SKU on hold with an exception, and still reserves the known lines', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 3);
    const res = await call('POST', '/api/v1/orders', {
      as: owner,
      body: orderBody([
        { sku, quantity: 1 },
        { sku: 'NOT-IN-CATALOG-1', quantity: 2 },
      ]),
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('on_hold');
    expect(res.body.lines[1]).toMatchObject({ sku: 'NOT-IN-CATALOG-1', matched: false, allocations: [] });
    expect(res.body.routing_explanation).toContain('NOT-IN-CATALOG-1 matches no SKU');
    const inbox = await call('GET', '/api/v1/exceptions', { as: owner });
    expect(inbox.body.data.find((e: { order_id: string }) => e.order_id === res.body.id)).toMatchObject({
      kind: 'unmatched_sku',
      sku: 'NOT-IN-CATALOG-1',
    });
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ reserved: 1 });
  });

  it('maps a line by barcode', async () => {
    const loc = await makeLocation(owner);
    const barcode = `2${Date.now().toString().slice(-11)}`;
    const { sku } = await makeSku(owner, { barcodes: [barcode] });
    await receive(owner, sku, loc.code, 1);
    const res = await call('POST', '/api/v1/orders', {
      as: owner,
      body: orderBody([{ sku: barcode, quantity: 1 }]),
    });
    expect(res.body).toMatchObject({ status: 'allocated', lines: [{ sku, matched: true }] });
  });

  it('backorders what no location has, and allocates it when stock is received', async () => {
    const loc = await makeLocation(owner, { name: 'Newark warehouse' });
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 1);
    const res = await call('POST', '/api/v1/orders', { as: owner, body: orderBody([{ sku, quantity: 3 }]) });
    expect(res.body).toMatchObject({
      status: 'backordered',
      lines: [{ allocations: [{ location: loc.code, quantity: 1 }], backordered: 2 }],
      routing_explanation: 'Ships from Newark warehouse: the only location with stock; 2 units backordered',
    });
    const received = await receive(owner, sku, loc.code, 5);
    expect(received.backorders_allocated).toBe(2);
    const after = await call('GET', `/api/v1/orders/${res.body.id}`, { as: owner });
    expect(after.body).toMatchObject({ status: 'allocated', lines: [{ backordered: 0 }] });
    expect(
      after.body.lines[0].allocations.reduce((s: number, a: { quantity: number }) => s + a.quantity, 0),
    ).toBe(3);
    expect(after.body.timeline.map((t: { type: string }) => t.type)).toEqual([
      'created',
      'backordered',
      'backorder_filled',
    ]);
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ on_hand: 6, reserved: 3 });
  });

  it('splits a multi-line order as little as possible', async () => {
    const a = await makeLocation(owner, { name: 'Near', lat: 40.7, lng: -73.95 });
    const b = await makeLocation(owner, { name: 'Far', lat: 41.8, lng: -87.6 });
    const one = await makeSku(owner);
    const two = await makeSku(owner);
    await receive(owner, one.sku, a.code, 5);
    await receive(owner, one.sku, b.code, 5);
    await receive(owner, two.sku, b.code, 5);
    const res = await call('POST', '/api/v1/orders', {
      as: owner,
      body: orderBody([
        { sku: one.sku, quantity: 1 },
        { sku: two.sku, quantity: 1 },
      ]),
    });
    expect(
      res.body.lines.map((l: { allocations: { location: string }[] }) => l.allocations[0]!.location),
    ).toEqual([b.code, b.code]);
  });

  it('answers malformed bodies with 400 and the envelope, and writes nothing', async () => {
    const before = await count('orders');
    const bad = [
      { ...orderBody([{ sku: 'X', quantity: 1 }]), lines: [] },
      { ...orderBody([{ sku: 'X', quantity: 0 }]) },
      { ...orderBody([{ sku: 'X', quantity: 1, unit_price: 12.5 }]) },
      { ...orderBody([{ sku: 'X', quantity: 1 }]), currency: 'usd' },
      { ...orderBody([{ sku: 'X', quantity: 1 }]), external_id: undefined },
    ];
    for (const body of bad) {
      const res = await call('POST', '/api/v1/orders', { as: owner, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues.length).toBeGreaterThan(0);
    }
    const notJson = await call('POST', '/api/v1/orders', {
      as: owner,
      raw: '{"channel":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('malformed_request');
    const wrongType = await call('POST', '/api/v1/orders', {
      as: owner,
      raw: 'a=1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.code).toBe('unsupported_media_type');
    expect(await count('orders')).toBe(before);
  });
});

describe('Idempotency-Key on POST /api/v1/orders', () => {
  it('replays the first answer for the same key and body', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    const body = orderBody([{ sku, quantity: 1 }]);
    const headers = { 'idempotency-key': `k-${crypto.randomUUID()}` };
    const first = await call('POST', '/api/v1/orders', { as: owner, body, headers });
    const again = await call('POST', '/api/v1/orders', { as: owner, body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('refuses the same key with a different body with 422', async () => {
    const headers = { 'idempotency-key': `k-${crypto.randomUUID()}` };
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    await call('POST', '/api/v1/orders', { as: owner, body: orderBody([{ sku, quantity: 1 }]), headers });
    const other = await call('POST', '/api/v1/orders', {
      as: owner,
      body: orderBody([{ sku, quantity: 2 }]),
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    const body = orderBody([{ sku, quantity: 1 }]);
    const headers = { 'idempotency-key': `k-${crypto.randomUUID()}` };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => call('POST', '/api/v1/orders', { as: owner, body, headers })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const a of answers.filter((a) => a.status === 409))
      expect(a.body.error.code).toBe('idempotency_in_progress');
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ reserved: 1 });
  });
});

describe('cancel, list and detail', () => {
  it('cancels an order, releases its stock, and is idempotent', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 4);
    const order = (
      await call('POST', '/api/v1/orders', { as: owner, body: orderBody([{ sku, quantity: 3 }]) })
    ).body;
    const res = await call('POST', `/api/v1/orders/${order.id}/cancel`, {
      as: owner,
      body: { reason: 'customer asked' },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.timeline.at(-1)).toMatchObject({
      type: 'cancelled',
      message: 'Cancelled: customer asked',
    });
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ on_hand: 4, reserved: 0, available: 4 });
    const again = await call('POST', `/api/v1/orders/${order.id}/cancel`, { as: owner });
    expect(again.status).toBe(200);
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ reserved: 0 });
  });

  it('answers 404 for an unknown order and 400 for a malformed id', async () => {
    const missing = await call('GET', '/api/v1/orders/ord_00000000000000000000000000', { as: owner });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('order_not_found');
    expect((await call('GET', '/api/v1/orders/nope', { as: owner })).status).toBe(400);
  });

  it('lists newest first with status and channel filters, text search and a cursor', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 10);
    const channel = `chan-${crypto.randomUUID().slice(0, 6)}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call('POST', '/api/v1/orders', {
        as: owner,
        body: orderBody([{ sku, quantity: 1 }], {
          channel,
          customer: { name: i === 2 ? 'Zelda Fitzgerald' : 'Someone' },
        }),
      });
      ids.push(res.body.id);
    }
    await call('POST', `/api/v1/orders/${ids[0]}/cancel`, { as: owner });
    const page1 = await call('GET', `/api/v1/orders?channel=${channel}&limit=2`, { as: owner });
    expect(page1.body.data.map((o: { id: string }) => o.id)).toEqual([ids[4], ids[3]]);
    const page2 = await call(
      'GET',
      `/api/v1/orders?channel=${channel}&limit=2&cursor=${page1.body.next_cursor}`,
      { as: owner },
    );
    expect(page2.body.data.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]]);
    const cancelled = await call('GET', `/api/v1/orders?channel=${channel}&status=cancelled`, { as: owner });
    expect(cancelled.body.data.map((o: { id: string }) => o.id)).toEqual([ids[0]]);
    const byName = await call('GET', `/api/v1/orders?channel=${channel}&q=zelda`, { as: owner });
    expect(byName.body.data.map((o: { id: string }) => o.id)).toEqual([ids[2]]);
    const wildcard = await call('GET', `/api/v1/orders?channel=${channel}&q=%25`, { as: owner });
    expect(wildcard.body.data).toEqual([]);
    const bySku = await call('GET', `/api/v1/orders?q=${sku}&limit=10`, { as: owner });
    expect(bySku.body.data).toHaveLength(5);
    expect(page1.body.data[0]).toMatchObject({
      channel,
      external_id: expect.any(String),
      status: 'allocated',
    });
  });
});
