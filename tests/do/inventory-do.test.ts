import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { InventoryDO } from '../../durable-objects/inventory-do';
import { uid } from '../helpers/api';

const who = { actor: 'test' };
const fresh = () => env.INVENTORY.getByName(`SKU-${uid()}`);
const hold = (
  key: string,
  quantity: number,
  fallback = ['A'],
  plan: { location: string; quantity: number }[] = [],
) => ({
  orderId: `ord_${key}`,
  lines: [{ key, quantity, plan, fallback }],
  ttlMs: 60_000,
  context: who,
});
const level = async (stub: DurableObjectStub<InventoryDO>, location: string) =>
  (await stub.levels()).find((l) => l.location === location);

describe('InventoryDO', () => {
  it('counts from a document once per reference, and records nothing for a count that matches', async () => {
    const stub = fresh();
    await stub.receive('A', 5, who);
    const ctx = { ...who, reference: 'import:job_1:7' };
    expect(await stub.countOnce('A', 3, ctx)).toMatchObject({ ok: true, level: { on_hand: 3 } });
    await stub.receive('A', 4, who);
    expect(await stub.countOnce('A', 3, ctx)).toMatchObject({
      ok: true,
      replayed: true,
      level: { on_hand: 7 },
    });
    const matching = await stub.countOnce('A', 7, { ...who, reference: 'import:job_1:8' });
    expect(matching).toMatchObject({ ok: true, level: { on_hand: 7 } });
    expect('replayed' in matching).toBe(false);
    expect((await stub.movements(10)).filter((m) => m.type === 'count')).toHaveLength(1);
  });

  it('receives against a document once per reference, however often it is replayed', async () => {
    const stub = fresh();
    const ctx = { ...who, reference: 'po_1#op_1' };
    expect(await stub.receiveOnce('A', 4, ctx)).toMatchObject({ ok: true, level: { on_hand: 4 } });
    expect(await stub.receiveOnce('A', 4, ctx)).toMatchObject({ ok: true, level: { on_hand: 4 } });
    expect(await stub.receiveOnce('A', 2, { ...who, reference: 'po_1#op_2' })).toMatchObject({
      level: { on_hand: 6 },
    });
    // a plain receive never dedupes: two real deliveries may carry the same typed reference
    await stub.receive('A', 1, ctx);
    expect((await level(stub, 'A'))!.on_hand).toBe(7);
  });

  it('receives stock and reports on hand, reserved and available per location', async () => {
    const stub = fresh();
    const r = await stub.receive('A', 5, who);
    expect(r).toMatchObject({
      ok: true,
      level: { location: 'A', on_hand: 5, reserved: 0, available: 5, atp: 5 },
    });
  });

  it('refuses a negative adjustment larger than the free stock, with the shortfall', async () => {
    const stub = fresh();
    await stub.receive('A', 3, who);
    await stub.reserve(hold('l1', 2));
    expect(await stub.adjust('A', -2, who)).toEqual({
      ok: false,
      code: 'insufficient_stock',
      location: 'A',
      requested: 2,
      available: 1,
    });
    expect(await level(stub, 'A')).toMatchObject({ on_hand: 3, reserved: 2 });
  });

  it('refuses a count below what is reserved and accepts one above it', async () => {
    const stub = fresh();
    await stub.receive('A', 10, who);
    await stub.reserve(hold('l1', 4));
    expect(await stub.count('A', 3, who)).toMatchObject({ ok: false, code: 'below_reserved', reserved: 4 });
    expect(await stub.count('A', 6, who)).toMatchObject({
      ok: true,
      level: { on_hand: 6, reserved: 4, available: 2 },
    });
  });

  it('transfers free units between locations in one step', async () => {
    const stub = fresh();
    await stub.receive('A', 4, who);
    expect(await stub.transfer('A', 'B', 5, who)).toMatchObject({ ok: false, code: 'insufficient_stock' });
    await stub.transfer('A', 'B', 3, who);
    expect(await level(stub, 'A')).toMatchObject({ on_hand: 1 });
    expect(await level(stub, 'B')).toMatchObject({ on_hand: 3 });
  });

  it('keeps safety stock out of what can be promised', async () => {
    const stub = fresh();
    await stub.receive('A', 5, who);
    await stub.setSafetyStock('A', 2);
    const r = await stub.reserve(hold('l1', 5));
    expect(r.lines[0]).toMatchObject({ backordered: 2 });
    expect(await level(stub, 'A')).toMatchObject({ reserved: 3, atp: 0, available: 2 });
  });

  it('answers a retried reservation from the holds it already made', async () => {
    const stub = fresh();
    await stub.receive('A', 5, who);
    const first = await stub.reserve(hold('line-1', 3));
    const again = await stub.reserve(hold('line-1', 3));
    expect(again.lines).toEqual(first.lines);
    expect(await level(stub, 'A')).toMatchObject({ reserved: 3 });
  });

  it('takes from the plan first, then from one fallback that covers the rest, then splits', async () => {
    const stub = fresh();
    await stub.receive('A', 1, who);
    await stub.receive('B', 2, who);
    await stub.receive('C', 5, who);
    const r = await stub.reserve(hold('l', 4, ['B', 'C'], [{ location: 'A', quantity: 4 }]));
    expect(r.lines[0]!.holds.map((h) => [h.location, h.quantity])).toEqual([
      ['A', 1],
      ['C', 3],
    ]);
  });

  it('never oversells under 40 parallel reservations for 10 units', async () => {
    const stub = fresh();
    await stub.receive('A', 10, who);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => stub.reserve(hold(`p${i}`, 1))));
    const held = results.reduce((s, r) => s + r.lines[0]!.holds.reduce((t, h) => t + h.quantity, 0), 0);
    expect(held).toBe(10);
    expect(results.filter((r) => r.lines[0]!.backordered === 1)).toHaveLength(30);
    expect(await level(stub, 'A')).toMatchObject({ on_hand: 10, reserved: 10, available: 0 });
  });

  it('ships a held quantity: on hand and reserved go down together', async () => {
    const stub = fresh();
    await stub.receive('A', 5, who);
    const r = await stub.reserve(hold('s1', 2));
    const id = r.lines[0]!.holds[0]!.id;
    expect(await stub.ship(id, who)).toMatchObject({ ok: true, level: { on_hand: 3, reserved: 0 } });
    expect(await stub.ship(id, who)).toMatchObject({ ok: true, level: { on_hand: 3, reserved: 0 } });
    expect(await stub.ship('nope@A', who)).toEqual({ ok: false, code: 'unknown_hold', hold: 'nope@A' });
  });

  it('records every change in the ledger, whose sums equal on hand and reserved', async () => {
    const stub = fresh();
    await stub.receive('A', 7, who);
    const r = await stub.reserve(hold('x', 3));
    await stub.release([r.lines[0]!.holds[0]!.id], who);
    await stub.adjust('A', -2, { actor: 'user:1', reason: 'damaged', reference: 'note-9' });
    const ledger = await stub.movements();
    expect(ledger.map((m) => m.type)).toEqual(['adjust', 'release', 'reserve', 'receive']);
    expect(ledger[0]).toMatchObject({ actor: 'user:1', reason: 'damaged', reference: 'note-9' });
    expect(ledger.reduce((s, m) => s + m.on_hand_delta, 0)).toBe(5);
    expect(ledger.reduce((s, m) => s + m.reserved_delta, 0)).toBe(0);
  });

  it('releases a pending hold whose order never reached D1 once it expires', async () => {
    const stub = fresh();
    await stub.receive('A', 4, who);
    await stub.reserve(hold('crashed', 3));
    await runInDurableObject(stub, (_i: InventoryDO, state) => {
      state.storage.sql.exec(`UPDATE holds SET expires_at = ?`, Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await level(stub, 'A')).toMatchObject({ reserved: 0, available: 4 });
    expect((await stub.holds())[0]).toMatchObject({ status: 'expired' });
  });

  it('confirms, instead of releasing, an expired hold whose allocation D1 has (a lost confirm)', async () => {
    const stub = fresh();
    await stub.receive('A', 4, who);
    const r = await stub.reserve(hold('stored', 2));
    const id = r.lines[0]!.holds[0]!.id;
    await env.DB.prepare(
      `INSERT INTO allocations (id, order_id, line_id, sku, location, quantity, status) VALUES (?, 'o', 'l', 's', 'A', 2, 'reserved')`,
    )
      .bind(id)
      .run();
    await runInDurableObject(stub, (_i: InventoryDO, state) => {
      state.storage.sql.exec(`UPDATE holds SET expires_at = ?`, Date.now() - 1);
    });
    await runDurableObjectAlarm(stub);
    expect((await stub.holds())[0]).toMatchObject({ status: 'confirmed' });
    expect(await level(stub, 'A')).toMatchObject({ reserved: 2 });
  });

  it('keeps holds and stock across an eviction mid-order, and a confirm after it still lands', async () => {
    const stub = fresh();
    await stub.receive('A', 3, who);
    const r = await stub.reserve(hold('evict', 2));
    await evictDurableObject(stub);
    expect(await stub.confirm([r.lines[0]!.holds[0]!.id])).toEqual({
      confirmed: [r.lines[0]!.holds[0]!.id],
      missing: [],
    });
    expect(await level(stub, 'A')).toMatchObject({ on_hand: 3, reserved: 2 });
  });

  it('reports a confirm for a hold that already expired as missing', async () => {
    const stub = fresh();
    await stub.receive('A', 3, who);
    const r = await stub.reserve(hold('late', 1));
    const id = r.lines[0]!.holds[0]!.id;
    await runInDurableObject(stub, (_i: InventoryDO, state) => {
      state.storage.sql.exec(`UPDATE holds SET expires_at = ?`, Date.now() - 1);
    });
    await runDurableObjectAlarm(stub);
    expect(await stub.confirm([id])).toEqual({ confirmed: [], missing: [id] });
  });

  it('shrinks a hold on a short pick, once per operation, and releases it when every unit is missing', async () => {
    const stub = fresh();
    await stub.receive('A', 5, who);
    const id = (await stub.reserve(hold('short', 3))).lines[0]!.holds[0]!.id;
    expect(await stub.shortHold(id, 1, 'op-1', who)).toMatchObject({
      ok: true,
      level: { on_hand: 4, reserved: 2 },
    });
    expect(await stub.shortHold(id, 1, 'op-1', who)).toMatchObject({
      ok: true,
      level: { on_hand: 4, reserved: 2 },
    });
    expect(await stub.shortHold(id, 3, 'op-2', who)).toMatchObject({ ok: false, code: 'invalid_quantity' });
    await stub.shortHold(id, 2, 'op-3', who);
    expect((await stub.holds())[0]).toMatchObject({ status: 'released', quantity: 2 });
    expect(await level(stub, 'A')).toMatchObject({ on_hand: 2, reserved: 0 });
  });

  it('refuses quantities that are not positive integers', async () => {
    const stub = fresh();
    expect(await stub.receive('A', 0, who)).toMatchObject({ ok: false, code: 'invalid_quantity' });
    expect(await stub.receive('A', 1.5, who)).toMatchObject({ ok: false, code: 'invalid_quantity' });
    expect(await stub.levels()).toEqual([]);
  });
});
