import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive, stockAt } from '../helpers/factories';

let owner: Caller;
let manager: Caller;
let staff: Caller;
let seller: Caller;
beforeAll(async () => {
  [owner, manager, staff, seller] = await Promise.all([
    signedIn('owner'),
    signedIn('manager'),
    signedIn('staff'),
    signedIn('seller'),
  ]);
});
afterEach(() => vi.restoreAllMocks());

const op = () => `op-${crypto.randomUUID()}`;

/** A dropship supplier (a location of kind dropship, far from Brooklyn) shipping the given SKUs for us. */
async function makeSupplier(skus: string[]) {
  const email = `po-${uid()}@acme.test`;
  const loc = await makeLocation(owner, {
    name: 'Acme Supply',
    kind: 'dropship',
    address: { line1: '9 Mill Rd', city: 'Chicago', country: 'US', email },
    lat: 41.8781,
    lng: -87.6298,
  });
  const saved = await call('PUT', `/api/v1/suppliers/${loc.code}`, {
    as: owner,
    body: { dropship_skus: skus },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  return { code: loc.code, email };
}

async function placeOrder(lines: { sku: string; quantity: number }[], over: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/v1/orders', { as: owner, body: orderBody(lines, over) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; external_id: string; status: string; lines: { id: string }[] };
}

const posOf = async (orderId: string) =>
  (await call('GET', `/api/v1/purchase-orders?order_id=${orderId}`, { as: owner })).body.data as {
    id: string;
    number: string;
    status: string;
  }[];

const po = async (id: string) => (await call('GET', `/api/v1/purchase-orders/${id}`, { as: owner })).body;

describe('dropship', () => {
  it('sends a PO for a line only the supplier has, and its tracking ships the order without our stock', async () => {
    const warehouse = await makeLocation(owner);
    const { sku } = await makeSku(owner, { name: 'Cedar planter' });
    const supplier = await makeSupplier([sku]);
    const sent = vi.spyOn(env.EVENTS, 'sendBatch');
    const order = await placeOrder([{ sku, quantity: 2 }]);
    expect(order.status).toBe('allocated');

    const [summary] = await posOf(order.id);
    expect(summary).toMatchObject({ number: expect.stringMatching(/^PO-\d{6}$/), status: 'sent' });
    const detail = await po(summary!.id);
    expect(detail).toMatchObject({
      kind: 'dropship',
      supplier: supplier.code,
      location: null,
      order_id: order.id,
      lines: [{ sku, quantity: 2, received: 0, order_line_id: order.lines[0]!.id }],
      messages: [
        {
          kind: 'email',
          recipient: supplier.email,
          subject: `${summary!.number} for order ${order.external_id}`,
          status: 'queued',
        },
      ],
    });
    expect(detail.messages[0].body).toContain(`- 2 x ${sku}\n`);
    expect(detail.messages[0].body).toContain('Ada Lovelace\n  5 Main St');
    expect(detail.messages[0].body).toContain(`Purchase order ${summary!.number}.`);

    const early = await call('POST', `/api/v1/purchase-orders/${summary!.id}/ship`, {
      as: owner,
      body: { carrier: 'UPS', tracking_code: '1Z999AA10123456784' },
    });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({
      code: 'illegal_transition',
      details: { from: 'sent', to: 'shipped' },
    });

    const confirmed = await call('POST', `/api/v1/purchase-orders/${summary!.id}/confirm`, {
      as: manager,
      body: { supplier_reference: 'ACME-77', expected_at: '2030-01-02T00:00:00Z' },
    });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', supplier_reference: 'ACME-77' });
    const notReceivable = await call('POST', `/api/v1/purchase-orders/${summary!.id}/receive`, {
      as: staff,
      body: { op_id: op(), lines: [{ sku, quantity: 1 }] },
    });
    expect(notReceivable.status).toBe(409);

    const shipped = await call('POST', `/api/v1/purchase-orders/${summary!.id}/ship`, {
      as: owner,
      body: { carrier: 'UPS', tracking_code: '1Z999AA10123456784' },
    });
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({
      status: 'shipped',
      carrier: 'UPS',
      tracking_code: '1Z999AA10123456784',
    });
    expect(shipped.body.timeline.map((t: { action: string }) => t.action)).toEqual([
      'purchase_order.create',
      'purchase_order.send',
      'purchase_order.confirm',
      'purchase_order.ship',
    ]);

    const after = await call('GET', `/api/v1/orders/${order.id}`, { as: owner });
    expect(after.body.status).toBe('shipped');
    const shipments = (await call('GET', `/api/v1/shipments?order_id=${order.id}`, { as: owner })).body.data;
    expect(shipments).toMatchObject([
      { location: supplier.code, status: 'shipped', carrier: 'UPS', tracking_code: '1Z999AA10123456784' },
    ]);
    const events = sent.mock.calls.flatMap(([batch]) => [...batch].map((m) => m.body as { type: string }));
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'shipment.shipped',
        subject: shipments[0].id,
        data: expect.objectContaining({ order_id: order.id, tracking_code: '1Z999AA10123456784' }),
      }),
    );
    expect(await stockAt(owner, sku, warehouse.code)).toMatchObject({ on_hand: 0, reserved: 0 });
    expect(await stockAt(owner, sku, supplier.code)).toMatchObject({ on_hand: 0, reserved: 0 });
  });

  it('dropships only what our locations cannot fill, and a cancelled PO puts the units back to wait', async () => {
    const warehouse = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, warehouse.code, 1);
    const supplier = await makeSupplier([sku]);
    const order = await placeOrder([{ sku, quantity: 3 }]);
    expect(order.status).toBe('allocated');
    const [summary] = await posOf(order.id);
    expect((await po(summary!.id)).lines).toMatchObject([{ sku, quantity: 2 }]);
    expect(await stockAt(owner, sku, warehouse.code)).toMatchObject({ on_hand: 1, reserved: 1 });

    const cancelled = await call('POST', `/api/v1/purchase-orders/${summary!.id}/cancel`, { as: owner });
    expect(cancelled.body.status).toBe('cancelled');
    const after = (await call('GET', `/api/v1/orders/${order.id}`, { as: owner })).body;
    expect(after.status).toBe('backordered');
    expect(after.lines[0].backordered).toBe(2);
    const shipments = (await call('GET', `/api/v1/shipments?order_id=${order.id}`, { as: owner })).body.data;
    expect(shipments.find((s: { location: string }) => s.location === supplier.code).status).toBe(
      'cancelled',
    );
    const again = await call('POST', `/api/v1/purchase-orders/${summary!.id}/confirm`, { as: owner });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ from: 'cancelled', to: 'confirmed' });
  });

  it('cancels the open PO and tells the supplier when the customer order is cancelled', async () => {
    const { sku } = await makeSku(owner, { name: 'Teak bench' });
    const supplier = await makeSupplier([sku]);
    const order = await placeOrder([{ sku, quantity: 1 }]);
    const [summary] = await posOf(order.id);
    expect(summary!.status).toBe('sent');
    const cancelled = await call('POST', `/api/v1/orders/${order.id}/cancel`, { as: owner, body: {} });
    expect(cancelled.status).toBe(200);
    await vi.waitFor(async () => expect((await po(summary!.id)).status).toBe('cancelled'), {
      timeout: 10_000,
      interval: 100,
    });
    const messages = (await po(summary!.id)).messages as { recipient: string; subject: string }[];
    expect(messages.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^PO-/),
      `CANCELLED: ${summary!.number}`,
    ]);
    expect(messages.every((m) => m.recipient === supplier.email)).toBe(true);
  });

  it('ships from a CSV: valid rows applied once, bad rows reported by line', async () => {
    const { sku } = await makeSku(owner);
    await makeSupplier([sku]);
    const [first, second] = [
      await placeOrder([{ sku, quantity: 1 }]),
      await placeOrder([{ sku, quantity: 1 }]),
    ];
    const [a] = await posOf(first.id);
    const [b] = await posOf(second.id);
    await call('POST', `/api/v1/purchase-orders/${a!.id}/confirm`, { as: owner });
    const csv = [
      'po_number,carrier,tracking_code',
      `${a!.number},USPS,9400111899223197428490`,
      'PO-12,USPS,9400111899223197428491',
      'PO-999999999,USPS,9400111899223197428492',
      `${b!.number},USPS,9400111899223197428493`,
    ].join('\n');
    const upload = () =>
      call('POST', '/api/v1/purchase-orders/tracking.csv', {
        as: owner,
        raw: csv,
        headers: { 'content-type': 'text/csv' },
      });
    const res = await upload();
    expect(res.status).toBe(200);
    expect(res.body.applied).toEqual([{ row: 2, po_number: a!.number, already: false }]);
    expect(res.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'invalid_po_number'],
      [4, 'purchase_order_not_found'],
      [5, 'illegal_transition'],
    ]);
    expect((await call('GET', `/api/v1/orders/${first.id}`, { as: owner })).body.status).toBe('shipped');
    expect((await po(b!.id)).status).toBe('sent');

    const replay = await upload();
    expect(replay.body.applied).toEqual([{ row: 2, po_number: a!.number, already: true }]);
    expect(
      (await po(a!.id)).timeline.filter((t: { action: string }) => t.action === 'purchase_order.ship'),
    ).toHaveLength(1);

    const json = await call('POST', '/api/v1/purchase-orders/tracking.csv', { as: owner, body: {} });
    expect(json.status).toBe(415);
  });
});

describe('replenishment', () => {
  async function draft(lines: { sku: string; quantity: number; unit_cost?: number }[]) {
    const location = await makeLocation(owner);
    const vendor = await makeLocation(owner, {
      kind: 'dropship',
      address: { line1: '1 Vendor Way', country: 'US', email: 'orders@vendor.test' },
    });
    const res = await call('POST', '/api/v1/purchase-orders', {
      as: manager,
      body: { kind: 'replenishment', supplier: vendor.code, location: location.code, lines },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { po: res.body, location: location.code, vendor: vendor.code };
  }

  it('receives in two parts once per op id, refuses an over-receipt, and only owners and managers create or send', async () => {
    const { sku } = await makeSku(owner);
    const refused = await call('POST', '/api/v1/purchase-orders', {
      as: staff,
      body: { kind: 'replenishment', supplier: 'X', location: 'Y', lines: [{ sku, quantity: 1 }] },
    });
    expect(refused.status).toBe(403);
    const { po: drafted, location } = await draft([{ sku, quantity: 5, unit_cost: 700 }]);
    expect(drafted).toMatchObject({ kind: 'replenishment', status: 'draft', messages: [] });

    const early = await call('POST', `/api/v1/purchase-orders/${drafted.id}/receive`, {
      as: staff,
      body: { op_id: op(), lines: [{ sku, quantity: 1 }] },
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('illegal_transition');
    expect((await call('POST', `/api/v1/purchase-orders/${drafted.id}/send`, { as: staff })).status).toBe(
      403,
    );
    const sent = await call('POST', `/api/v1/purchase-orders/${drafted.id}/send`, { as: owner });
    expect(sent.body).toMatchObject({
      status: 'sent',
      messages: [{ kind: 'email', subject: `${drafted.number}: replenishment` }],
    });
    expect(sent.body.messages[0].body).toContain(`- 5 x ${sku} at 7.00 USD each`);
    expect((await call('POST', `/api/v1/purchase-orders/${drafted.id}/send`, { as: owner })).status).toBe(
      409,
    );
    await call('POST', `/api/v1/purchase-orders/${drafted.id}/confirm`, { as: owner });

    const first = op();
    const part = await call('POST', `/api/v1/purchase-orders/${drafted.id}/receive`, {
      as: staff,
      body: { op_id: first, lines: [{ sku, quantity: 2 }] },
    });
    expect(part.status).toBe(200);
    expect(part.body).toMatchObject({
      applied: true,
      purchase_order: { status: 'partially_received', lines: [{ quantity: 5, received: 2 }] },
    });
    const replay = await call('POST', `/api/v1/purchase-orders/${drafted.id}/receive`, {
      as: staff,
      body: { op_id: first, lines: [{ sku, quantity: 2 }] },
    });
    expect(replay.body).toMatchObject({ applied: false, replayed: true, received: [{ sku, quantity: 2 }] });
    expect(await stockAt(owner, sku, location)).toMatchObject({ on_hand: 2 });

    const over = await call('POST', `/api/v1/purchase-orders/${drafted.id}/receive`, {
      as: staff,
      body: { op_id: op(), lines: [{ sku, quantity: 4 }] },
    });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'over_receipt', details: { requested: 4, expected: 3 } });
    const stranger = await call('POST', `/api/v1/purchase-orders/${drafted.id}/receive`, {
      as: staff,
      body: { op_id: op(), lines: [{ sku: 'NOT-ON-PO', quantity: 1 }] },
    });
    expect(stranger.status).toBe(422);
    expect(await stockAt(owner, sku, location)).toMatchObject({ on_hand: 2 });

    const rest = await call('POST', `/api/v1/purchase-orders/${drafted.id}/receive`, {
      as: staff,
      body: { op_id: op(), lines: [{ sku, quantity: 3 }] },
    });
    expect(rest.body.purchase_order).toMatchObject({ status: 'received', lines: [{ received: 5 }] });
    expect(await stockAt(owner, sku, location)).toMatchObject({ on_hand: 5 });
    expect((await call('POST', `/api/v1/purchase-orders/${drafted.id}/cancel`, { as: owner })).status).toBe(
      409,
    );
    expect((await call('GET', `/api/v1/purchase-orders/${drafted.id}`, { as: seller })).status).toBe(403);
    const listed = await call('GET', '/api/v1/purchase-orders?kind=replenishment&status=received', {
      as: staff,
    });
    expect(listed.body.data.map((p: { id: string }) => p.id)).toContain(drafted.id);
  });

  it('drafts a PO from backorders and fills them by order date as receipts arrive', async () => {
    const { sku } = await makeSku(owner);
    const location = await makeLocation(owner);
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    // captured in this order, placed in another: B is the oldest, then A, then C
    const a = await placeOrder([{ sku, quantity: 2 }], { placed_at: day(3) });
    const b = await placeOrder([{ sku, quantity: 2 }], { placed_at: day(5) });
    const c = await placeOrder([{ sku, quantity: 2 }], { placed_at: day(1) });
    expect([a.status, b.status, c.status]).toEqual(['backordered', 'backordered', 'backordered']);
    const vendor = await makeLocation(owner, {
      kind: 'dropship',
      address: { line1: '1 Vendor Way', country: 'US', email: 'orders@vendor.test' },
    });

    const res = await call('POST', '/api/v1/purchase-orders/from-backorders', {
      as: manager,
      body: { supplier: vendor.code, location: location.code },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const line = res.body.lines.find((l: { sku: string }) => l.sku === sku);
    expect(line).toMatchObject({ quantity: 6, received: 0 });
    const twice = await call('POST', '/api/v1/purchase-orders/from-backorders', {
      as: manager,
      body: { supplier: vendor.code, location: location.code },
    });
    if (twice.status === 201) expect(twice.body.lines.map((l: { sku: string }) => l.sku)).not.toContain(sku);
    else expect(twice.body.error.code).toBe('nothing_backordered');

    const id = res.body.id as string;
    await call('POST', `/api/v1/purchase-orders/${id}/send`, { as: owner });
    await call('POST', `/api/v1/purchase-orders/${id}/confirm`, { as: owner });
    const status = async (o: { id: string }) =>
      (await call('GET', `/api/v1/orders/${o.id}`, { as: owner })).body;

    const first = await call('POST', `/api/v1/purchase-orders/${id}/receive`, {
      as: staff,
      body: { op_id: op(), lines: [{ sku, quantity: 3 }] },
    });
    expect(first.body.backorders_allocated).toBe(3);
    expect((await status(b)).status).toBe('allocated');
    expect((await status(a)).lines[0].backordered).toBe(1);
    expect((await status(c)).lines[0].backordered).toBe(2);

    await call('POST', `/api/v1/purchase-orders/${id}/receive`, {
      as: staff,
      body: { op_id: op(), lines: [{ sku, quantity: 3 }] },
    });
    expect((await status(a)).status).toBe('allocated');
    expect((await status(c)).status).toBe('allocated');
    expect(await stockAt(owner, sku, location.code)).toMatchObject({ on_hand: 6, reserved: 6 });
  });
});
