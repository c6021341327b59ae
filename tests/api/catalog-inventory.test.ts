import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive, stockAt } from '../helpers/factories';

let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

const rows = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())!.n;

describe('catalog', () => {
  it('adds a SKU with barcodes and tells UPC, EAN and other codes apart', async () => {
    const sku = `TOTE-${uid()}`;
    const upc = '036000291452';
    const res = await call('POST', '/api/v1/skus', {
      as: owner,
      body: {
        sku,
        name: 'Tote',
        barcodes: [upc, `CODE128-${uid()}`],
        weight_grams: 240,
        cost: 620,
        cost_currency: 'USD',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.barcodes.map((b: { kind: string }) => b.kind).sort()).toEqual(['other', 'upc']);
    const found = await call('GET', `/api/v1/skus?barcode=${upc}`, { as: owner });
    expect(found.body.data.map((s: { sku: string }) => s.sku)).toEqual([sku]);
    const scanned = await call('GET', `/api/v1/inventory/${upc}`, { as: owner });
    expect(scanned.body).toMatchObject({ sku, locations: [] });
    expect(res.body.final_sale).toBe(false);
  });

  it('marks a SKU sold as final, which returns policy reads', async () => {
    const res = await call('POST', '/api/v1/skus', {
      as: owner,
      body: { sku: `CLEAR-${uid()}`, name: 'Clearance mug', final_sale: true },
    });
    expect(res.status).toBe(201);
    expect(res.body.final_sale).toBe(true);
    const bad = await call('POST', '/api/v1/skus', {
      as: owner,
      body: { sku: `CLEAR-${uid()}`, name: 'Clearance mug', final_sale: 'yes' },
    });
    expect(bad.status).toBe(400);
  });

  it('refuses a duplicate SKU and a barcode that belongs to another SKU with 409', async () => {
    const code = `BC-${uid()}`;
    const first = await makeSku(owner, { barcodes: [code] });
    const dupSku = await call('POST', '/api/v1/skus', { as: owner, body: { sku: first.sku, name: 'again' } });
    expect(dupSku.status).toBe(409);
    expect(dupSku.body.error.code).toBe('sku_exists');
    const dupCode = await call('POST', '/api/v1/skus', {
      as: owner,
      body: { sku: `S-${uid()}`, name: 'x', barcodes: [code] },
    });
    expect(dupCode.status).toBe(409);
    expect(dupCode.body.error).toMatchObject({
      code: 'barcode_in_use',
      details: { barcodes: [{ barcode: code, sku: first.sku }] },
    });
  });

  it('adds locations and refuses bad ones without writing', async () => {
    const loc = await makeLocation(owner, { kind: 'dropship', priority: 5 });
    const got = await call('GET', `/api/v1/locations/${loc.code}`, { as: owner });
    expect(got.body).toMatchObject({ kind: 'dropship', priority: 5, active: true });
    const before = await rows('SELECT count(*) AS n FROM locations');
    for (const bad of [{ kind: 'garage' }, { lat: 91 }, { code: '' }, { address: 'nope' }]) {
      const res = await call('POST', '/api/v1/locations', {
        as: owner,
        body: { code: `L-${uid()}`, name: 'x', kind: 'store', address: {}, lat: 1, lng: 1, ...bad },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect(await rows('SELECT count(*) AS n FROM locations')).toBe(before);
    expect(
      (await call('POST', '/api/v1/locations', { as: owner, body: { ...got.body } })).body.error.code,
    ).toBe('location_exists');
  });
});

describe('inventory movements', () => {
  it('receives, adjusts, counts and transfers, with the ledger saying who and why', async () => {
    const a = await makeLocation(owner);
    const b = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    const move = (body: object) => call('POST', `/api/v1/inventory/${sku}/movements`, { as: owner, body });
    expect((await move({ type: 'receive', location: a.code, quantity: 10, reason: 'PO-7' })).status).toBe(
      201,
    );
    expect((await move({ type: 'adjust', location: a.code, quantity: -2, reason: 'damaged' })).status).toBe(
      201,
    );
    expect((await move({ type: 'count', location: a.code, quantity: 7 })).status).toBe(201);
    const t = await move({ type: 'transfer', location: a.code, to_location: b.code, quantity: 3 });
    expect(t.status).toBe(201);
    const inv = await call('GET', `/api/v1/inventory/${sku}`, { as: owner });
    expect(inv.body).toMatchObject({ sku, totals: { on_hand: 7, reserved: 0, available: 7 } });
    expect(await stockAt(owner, sku, a.code)).toMatchObject({ on_hand: 4, reserved: 0, available: 4 });
    expect(await stockAt(owner, sku, b.code)).toMatchObject({ on_hand: 3 });
    const ledger = await call('GET', `/api/v1/inventory/${sku}/movements`, { as: owner });
    expect(ledger.body.data.map((m: { type: string }) => m.type)).toEqual([
      'transfer',
      'transfer',
      'count',
      'adjust',
      'receive',
    ]);
    expect(ledger.body.data.at(-1)).toMatchObject({ reason: 'PO-7', actor: expect.stringMatching(/^user:/) });
  });

  it('refuses to adjust away reserved stock, and to count below it, with 409 and the numbers', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 3);
    await call('POST', '/api/v1/orders', { as: owner, body: orderBody([{ sku, quantity: 2 }]) });
    const adjust = await call('POST', `/api/v1/inventory/${sku}/movements`, {
      as: owner,
      body: { type: 'adjust', location: loc.code, quantity: -2 },
    });
    expect(adjust.status).toBe(409);
    expect(adjust.body.error).toMatchObject({
      code: 'insufficient_stock',
      details: { available: 1, requested: 2 },
    });
    const count = await call('POST', `/api/v1/inventory/${sku}/movements`, {
      as: owner,
      body: { type: 'count', location: loc.code, quantity: 1 },
    });
    expect(count.body.error).toMatchObject({ code: 'below_reserved', details: { reserved: 2 } });
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ on_hand: 3, reserved: 2 });
  });

  it('answers unknown SKUs, unknown locations and bad movements with clear 4xx and no change', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    const unknownSku = await call('POST', '/api/v1/inventory/NOPE-1/movements', {
      as: owner,
      body: { type: 'receive', location: loc.code, quantity: 1 },
    });
    expect([unknownSku.status, unknownSku.body.error.code]).toEqual([404, 'sku_not_found']);
    const unknownLoc = await call('POST', `/api/v1/inventory/${sku}/movements`, {
      as: owner,
      body: { type: 'receive', location: 'NOWHERE', quantity: 1 },
    });
    expect([unknownLoc.status, unknownLoc.body.error.code]).toEqual([422, 'unknown_location']);
    for (const body of [
      { type: 'steal', location: loc.code, quantity: 1 },
      { type: 'receive', location: loc.code, quantity: -1 },
      { type: 'adjust', location: loc.code, quantity: 0 },
    ]) {
      const res = await call('POST', `/api/v1/inventory/${sku}/movements`, { as: owner, body });
      expect(res.status).toBe(400);
    }
    expect((await call('GET', `/api/v1/inventory/${sku}`, { as: owner })).body.locations).toEqual([]);
  });

  it('applies a retried receive with the same Idempotency-Key once', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    const headers = { 'idempotency-key': `rcv-${uid()}` };
    const body = { type: 'receive', location: loc.code, quantity: 4 };
    for (let i = 0; i < 3; i++)
      await call('POST', `/api/v1/inventory/${sku}/movements`, { as: owner, body, headers });
    expect(await stockAt(owner, sku, loc.code)).toMatchObject({ on_hand: 4 });
  });

  it('keeps safety stock out of new orders', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    const set = await call('PUT', `/api/v1/inventory/${sku}/safety-stock`, {
      as: owner,
      body: { location: loc.code, quantity: 4 },
    });
    expect(set.body.locations[0]).toMatchObject({ safety_stock: 4, atp: 1 });
    const order = await call('POST', '/api/v1/orders', {
      as: owner,
      body: orderBody([{ sku, quantity: 2 }]),
    });
    expect(order.body.lines[0]).toMatchObject({ backordered: 1 });
  });
});
