import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvedReturn, returnBody, shippedOrder } from '../fixtures/returns/shipped-order';
import { type Caller, call, signedIn } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive, stockAt } from '../helpers/factories';

let owner: Caller;
let manager: Caller;
let staff: Caller;
beforeAll(async () => {
  [owner, manager, staff] = await Promise.all([signedIn('owner'), signedIn('manager'), signedIn('staff')]);
});

const returnsOf = async (orderId: string) =>
  (await call('GET', `/api/v1/returns?order_id=${orderId}`, { as: owner })).body.data as { status: string }[];

describe('opening a return', () => {
  it('opens a return for shipped units with a readable number, approved by the default policy', async () => {
    const { order } = await shippedOrder(owner, [2]);
    const res = await call('POST', '/api/v1/returns', {
      as: staff,
      body: returnBody(order, [{ line: 0, quantity: 1 }]),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      number: expect.stringMatching(/^RMA-\d{6}$/),
      order_id: order.id,
      status: 'approved',
      source: 'staff',
      approval: { auto: true, reasons: [], decided_by: 'policy' },
      lines: [{ quantity: 1, reason: 'damaged', received: 0, restocked: 0, quarantined: 0, written_off: 0 }],
    });
    const again = await call('POST', '/api/v1/returns', {
      as: staff,
      body: returnBody(order, [{ line: 0, quantity: 1 }]),
    });
    expect(Number(again.body.number.slice(4))).toBeGreaterThan(Number(res.body.number.slice(4)));
    const detail = await call('GET', `/api/v1/returns/${res.body.id}`, { as: staff });
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual(['requested', 'approved']);
  });

  it('refuses more than was shipped less earlier returns, across two returns, and changes nothing', async () => {
    const { order } = await shippedOrder(owner, [3]);
    const first = await call('POST', '/api/v1/returns', {
      as: staff,
      body: returnBody(order, [{ line: 0, quantity: 2 }]),
    });
    expect(first.status).toBe(201);
    const over = await call('POST', '/api/v1/returns', {
      as: staff,
      body: returnBody(order, [{ line: 0, quantity: 2 }]),
    });
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({
      code: 'return_quantity_exceeded',
      details: { lines: [{ order_line_id: order.lines[0]!.id, requested: 2, returnable: 1 }] },
    });
    expect(await returnsOf(order.id)).toHaveLength(1);
    expect(
      (
        await call('POST', '/api/v1/returns', {
          as: staff,
          body: returnBody(order, [{ line: 0, quantity: 1 }]),
        })
      ).status,
    ).toBe(201);
    // a cancelled return gives its units back to what may be returned
    await call('POST', `/api/v1/returns/${first.body.id}/cancel`, {
      as: staff,
      body: { note: 'customer kept them' },
    });
    expect(
      (
        await call('POST', '/api/v1/returns', {
          as: staff,
          body: returnBody(order, [{ line: 0, quantity: 2 }]),
        })
      ).status,
    ).toBe(201);
  });

  it('lets only one of two returns racing for the same units through', async () => {
    const { order } = await shippedOrder(owner, [3]);
    const body = returnBody(order, [{ line: 0, quantity: 2 }]);
    const answers = await Promise.all([
      call('POST', '/api/v1/returns', { as: staff, body }),
      call('POST', '/api/v1/returns', { as: staff, body }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    expect(await returnsOf(order.id)).toHaveLength(1);
  });

  it('refuses units that were never shipped', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    const order = (
      await call('POST', '/api/v1/orders', {
        as: owner,
        body: orderBody([{ sku, quantity: 1 }]),
      })
    ).body;
    const res = await call('POST', '/api/v1/returns', {
      as: staff,
      body: returnBody(order, [{ line: 0, quantity: 1 }]),
    });
    expect([res.status, res.body.error.code]).toEqual([422, 'return_quantity_exceeded']);
  });

  it('answers 404 for an unknown order and 422 for a line of another order', async () => {
    const missing = await call('POST', '/api/v1/returns', {
      as: staff,
      body: {
        order_id: 'ord_00000000000000000000000000',
        lines: [{ order_line_id: 'x', quantity: 1, reason: 'damaged' }],
      },
    });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'order_not_found']);
    const { order } = await shippedOrder(owner, [1]);
    const other = await shippedOrder(owner, [1]);
    const res = await call('POST', '/api/v1/returns', {
      as: staff,
      body: {
        order_id: order.id,
        lines: [{ order_line_id: other.order.lines[0]!.id, quantity: 1, reason: 'damaged' }],
      },
    });
    expect([res.status, res.body.error.code]).toEqual([422, 'unknown_order_line']);
    const bad = await call('POST', '/api/v1/returns', {
      as: staff,
      body: returnBody(order, [{ line: 0, quantity: 1, reason: 'bored' }]),
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
  });
});

describe('approval', () => {
  it('leaves a change of mind on a final-sale SKU waiting, notifies, and lets only an owner or manager decide', async () => {
    const { order, skus } = await shippedOrder(owner, [1]);
    await env.DB.prepare('UPDATE skus SET final_sale = 1 WHERE sku = ?').bind(skus[0]).run();
    const made = await call('POST', '/api/v1/returns', {
      as: staff,
      body: returnBody(order, [{ line: 0, quantity: 1, reason: 'changed_mind' }]),
    });
    expect(made.body).toMatchObject({
      status: 'requested',
      approval: { auto: false, reasons: [`${skus[0]} is final sale and the reason is changed_mind`] },
    });
    const outbox = await env.DB.prepare(
      `SELECT topic, delivered_at FROM notification_outbox WHERE entity_id = ?`,
    )
      .bind(made.body.id)
      .first<{ topic: string; delivered_at: string | null }>();
    expect(outbox).toEqual({ topic: 'return.awaiting_approval', delivered_at: null });

    const byStaff = await call('POST', `/api/v1/returns/${made.body.id}/approve`, { as: staff, body: {} });
    expect([byStaff.status, byStaff.body.error.code]).toEqual([403, 'forbidden']);
    const early = await call('POST', `/api/v1/returns/${made.body.id}/receive`, {
      as: staff,
      body: {
        location_id: 'ANY',
        op_id: `op-${crypto.randomUUID()}`,
        items: [{ code: skus[0], disposition: 'restock' }],
      },
    });
    expect([early.status, early.body.error.code]).toEqual([409, 'illegal_transition']);

    const approved = await call('POST', `/api/v1/returns/${made.body.id}/approve`, {
      as: manager,
      body: { note: 'arrived unopened' },
    });
    expect(approved.body).toMatchObject({ status: 'approved', approval: { note: 'arrived unopened' } });
    const audit = await call('GET', `/api/v1/audit?entity=return&entity_id=${made.body.id}`, { as: owner });
    expect(audit.body.data.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['return.create', 'return.approved']),
    );
    const twice = await call('POST', `/api/v1/returns/${made.body.id}/reject`, { as: owner, body: {} });
    expect([twice.status, twice.body.error]).toEqual([
      409,
      expect.objectContaining({ code: 'illegal_transition', details: { from: 'approved', to: 'rejected' } }),
    ]);
  });

  it('follows a saved policy: with auto approval off, every return waits and can be rejected with a note', async () => {
    const saved = await call('GET', '/api/v1/return-policy', { as: owner });
    const forbidden = await call('PUT', '/api/v1/return-policy', { as: staff, body: saved.body });
    expect(forbidden.status).toBe(403);
    const put = await call('PUT', '/api/v1/return-policy', {
      as: owner,
      body: { ...saved.body, auto_approve: false },
    });
    expect(put.body.auto_approve).toBe(false);
    try {
      const { order } = await shippedOrder(owner, [1]);
      const made = await call('POST', '/api/v1/returns', {
        as: staff,
        body: returnBody(order, [{ line: 0, quantity: 1 }]),
      });
      expect(made.body.status).toBe('requested');
      const rejected = await call('POST', `/api/v1/returns/${made.body.id}/reject`, {
        as: owner,
        body: { note: 'worn' },
      });
      expect(rejected.body).toMatchObject({ status: 'rejected', approval: { note: 'worn' } });
    } finally {
      await call('PUT', '/api/v1/return-policy', { as: owner, body: saved.body });
    }
  });
});

describe('receiving', () => {
  it('restocks at the location that scans it, with the return as the ledger reference, once per op id', async () => {
    const { order, skus, location } = await shippedOrder(owner, [3]);
    const sku = skus[0]!;
    const store = await makeLocation(owner, { kind: 'store', name: 'Store' });
    const rma = await approvedReturn(staff, returnBody(order, [{ line: 0, quantity: 3 }]));
    const before = await stockAt(owner, sku, location);
    const op_id = `op-${crypto.randomUUID()}`;
    const body = {
      location_id: store.code,
      op_id,
      items: [
        { code: sku, quantity: 1, disposition: 'restock' },
        { code: sku, quantity: 1, disposition: 'quarantine' },
      ],
    };
    const first = await call('POST', `/api/v1/returns/${rma.id}/receive`, { as: staff, body });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ applied: true, replayed: false, return: { status: 'received' } });
    expect(first.body.return.lines[0]).toMatchObject({
      received: 2,
      restocked: 1,
      quarantined: 1,
      written_off: 0,
    });
    const replay = await call('POST', `/api/v1/returns/${rma.id}/receive`, { as: staff, body });
    expect(replay.body).toMatchObject({ applied: false, replayed: true });
    expect(replay.body.return.lines[0]).toMatchObject({ received: 2, restocked: 1 });
    expect(await stockAt(owner, sku, store.code)).toMatchObject({ on_hand: 1, available: 1 });
    expect((await stockAt(owner, sku, location)).on_hand).toBe(before.on_hand);
    const ledger = await call('GET', `/api/v1/inventory/${sku}/movements`, { as: owner });
    const returned = ledger.body.data.filter((m: { type: string }) => m.type === 'return');
    expect(returned).toEqual([
      expect.objectContaining({ location: store.code, on_hand_delta: 1, reference: `${rma.id}#${op_id}` }),
    ]);

    const over = await call('POST', `/api/v1/returns/${rma.id}/receive`, {
      as: staff,
      body: {
        location_id: store.code,
        op_id: `op-${crypto.randomUUID()}`,
        items: [{ code: sku, quantity: 2, disposition: 'write_off' }],
      },
    });
    expect([over.status, over.body.error.code]).toEqual([422, 'over_receive']);
    const wrong = await call('POST', `/api/v1/returns/${rma.id}/receive`, {
      as: staff,
      body: {
        location_id: store.code,
        op_id: `op-${crypto.randomUUID()}`,
        items: [{ code: 'NOPE-404', disposition: 'restock' }],
      },
    });
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'wrong_item']);
    const last = await call('POST', `/api/v1/returns/${rma.id}/receive`, {
      as: staff,
      body: {
        location_id: store.code,
        op_id: `op-${crypto.randomUUID()}`,
        items: [{ code: sku, disposition: 'write_off' }],
      },
    });
    expect(last.body.return).toMatchObject({ status: 'inspected' });
    expect(last.body.return.lines[0]).toMatchObject({
      received: 3,
      restocked: 1,
      quarantined: 1,
      written_off: 1,
    });
    expect((await stockAt(owner, sku, store.code)).on_hand).toBe(1);

    const refunded = await call('POST', `/api/v1/returns/${rma.id}/refund`, {
      as: manager,
      body: { lines_amount: 4500, shipping_amount: 0, restocking_fee: 500 },
    });
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ status: 'closed', refunds: [{ status: 'manual', amount: 4000 }] });
    const more = await call('POST', `/api/v1/returns/${rma.id}/refund`, {
      as: manager,
      body: { lines_amount: 100 },
    });
    expect([more.status, more.body.error.code]).toEqual([409, 'refund_not_allowed']);
  });

  it('refuses a refund larger than the order and a refund by staff', async () => {
    const { order } = await shippedOrder(owner, [1], { unit_price: 1000 });
    const rma = await approvedReturn(staff, returnBody(order, [{ line: 0, quantity: 1 }]));
    const byStaff = await call('POST', `/api/v1/returns/${rma.id}/refund`, {
      as: staff,
      body: { lines_amount: 100 },
    });
    expect(byStaff.status).toBe(403);
    const tooMuch = await call('POST', `/api/v1/returns/${rma.id}/refund`, {
      as: owner,
      body: { lines_amount: 1001 },
    });
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([422, 'refund_exceeds_order']);
    expect((await call('GET', `/api/v1/returns/${rma.id}`, { as: owner })).body.refunds).toEqual([]);
  });
});

describe('exchanges', () => {
  it('places the replacement at once, reserved, and holds it until the return is received', async () => {
    const { order, skus, location } = await shippedOrder(owner, [1]);
    const rma = await approvedReturn(
      staff,
      returnBody(order, [{ line: 0, quantity: 1, reason: 'wrong_item' }], {
        exchange: { lines: [{ sku: skus[0], quantity: 1 }], ship: 'on_receipt' },
      }),
    );
    expect(rma.exchange).toMatchObject({ ship: 'on_receipt', order_id: expect.stringMatching(/^ord_/) });
    const replacement = await call('GET', `/api/v1/orders/${rma.exchange.order_id}`, { as: owner });
    expect(replacement.body).toMatchObject({
      channel: 'exchange',
      external_id: rma.number,
      status: 'on_hold',
    });
    expect(replacement.body.lines[0].allocations).toEqual([{ location, quantity: 1 }]);
    expect((await stockAt(owner, skus[0]!, location)).reserved).toBe(1);
    const picks = await call('POST', '/api/v1/pick-lists', { as: staff, body: { location } });
    expect([picks.status, picks.body.error.code]).toEqual([409, 'nothing_to_pick']);

    await call('POST', `/api/v1/returns/${rma.id}/receive`, {
      as: staff,
      body: {
        location_id: location,
        op_id: `op-${crypto.randomUUID()}`,
        items: [{ code: skus[0], disposition: 'restock' }],
      },
    });
    const released = await call('GET', `/api/v1/orders/${rma.exchange.order_id}`, { as: owner });
    expect(released.body.status).toBe('allocated');
    expect((await call('GET', `/api/v1/returns/${rma.id}`, { as: owner })).body.status).toBe('closed');
  });

  it('refuses an exchange for a SKU that does not exist, storing nothing', async () => {
    const { order } = await shippedOrder(owner, [1]);
    const res = await call('POST', '/api/v1/returns', {
      as: staff,
      body: returnBody(order, [{ line: 0, quantity: 1 }], {
        exchange: { lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] },
      }),
    });
    expect([res.status, res.body.error.code]).toEqual([422, 'unknown_sku']);
    expect(await returnsOf(order.id)).toEqual([]);
  });
});
