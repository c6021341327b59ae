import { describe, expect, it, vi } from 'vitest';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive, stockAt } from '../helpers/factories';

const upload = (as: Caller, kind: string, csv: string) =>
  call('POST', `/api/v1/imports/${kind}`, { as, raw: csv, headers: { 'content-type': 'text/csv' } });

async function applied(as: Caller, id: string) {
  const started = await call('POST', `/api/v1/imports/${id}/apply`, { as });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return vi.waitFor(
    async () => {
      const job = (await call('GET', `/api/v1/imports/${id}`, { as })).body;
      expect(job.status).toBe('applied');
      return job;
    },
    { timeout: 30_000, interval: 50 },
  );
}

describe('stock count import', () => {
  it('sets on hand to the counted figures through each SKU’s DO, once', async () => {
    const as = await signedIn('manager');
    const loc = await makeLocation(as);
    const counted = await makeSku(as);
    const fresh = await makeSku(as);
    const same = await makeSku(as);
    await receive(as, counted.sku, loc.code, 5);
    await receive(as, same.sku, loc.code, 4);

    const bad = [
      'sku,location,counted',
      `NOPE-${uid()},${loc.code},3`,
      `${fresh.sku},NOWHERE-${uid()},3`,
      `${counted.sku},${loc.code},-1`,
      `${same.sku},${loc.code},4`,
      `${same.sku},${loc.code},5`,
    ].join('\n');
    const dry = (await upload(as, 'stock', bad)).body;
    expect(dry.status).toBe('invalid');
    expect(dry.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [2, 'sku_not_found'],
      [3, 'unknown_location'],
      [4, 'invalid_value'],
      [6, 'duplicate_count'],
    ]);
    expect((await stockAt(as, counted.sku, loc.code)).on_hand).toBe(5);

    const csv = `sku,location,counted\n${counted.sku},${loc.code},12\n${fresh.sku},${loc.code},3\n${same.sku},${loc.code},4\n`;
    const job = (await upload(as, 'stock', csv)).body;
    expect(job.status).toBe('validated');
    const done = await applied(as, job.id);
    expect(done).toMatchObject({
      applied_rows: 3,
      report: { created: 1, updated: 1, unchanged: 1, failed: 0 },
    });
    expect((await stockAt(as, counted.sku, loc.code)).on_hand).toBe(12);
    expect((await stockAt(as, fresh.sku, loc.code)).on_hand).toBe(3);
    expect((await stockAt(as, same.sku, loc.code)).on_hand).toBe(4);
    const ledger = (await call('GET', `/api/v1/inventory/${counted.sku}/movements`, { as })).body.data;
    expect(ledger[0]).toMatchObject({ type: 'count', on_hand_delta: 7, reference: `import:${job.id}:2` });

    const again = (await upload(as, 'stock', csv.replaceAll('\n', '\r\n'))).body;
    const rerun = await applied(as, again.id);
    expect(rerun.report).toEqual({ created: 0, updated: 0, unchanged: 3, failed: 0 });
    const after = (await call('GET', `/api/v1/inventory/${counted.sku}/movements`, { as })).body.data;
    expect(after).toHaveLength(ledger.length);
  });

  it('reports a count below what is reserved as a failed row and applies the rest', async () => {
    const as = await signedIn('owner');
    const loc = await makeLocation(as);
    const held = await makeSku(as);
    const other = await makeSku(as);
    await receive(as, held.sku, loc.code, 3);
    const order = await call('POST', '/api/v1/orders', {
      as,
      body: {
        channel: 'manual',
        external_id: `EXT-${uid()}`,
        currency: 'USD',
        lines: [{ sku: held.sku, quantity: 2, unit_price: 100 }],
        ship_to: { country: 'US', lat: 40.7, lng: -74 },
      },
    });
    expect(order.status).toBe(201);
    const csv = `sku,location,counted\n${held.sku},${loc.code},1\n${other.sku},${loc.code},8\n`;
    const job = (await upload(as, 'stock', csv)).body;
    const done = await applied(as, job.id);
    expect(done.report).toEqual({ created: 1, updated: 0, unchanged: 0, failed: 1 });
    expect(done.errors).toEqual([expect.objectContaining({ line: 2, code: 'below_reserved' })]);
    expect((await stockAt(as, held.sku, loc.code)).on_hand).toBe(3);
    expect((await stockAt(as, other.sku, loc.code)).on_hand).toBe(8);
  });
});

describe('order import', () => {
  it('captures each order once, grouping lines by channel and external id', async () => {
    const as = await signedIn('owner');
    const loc = await makeLocation(as);
    const tote = await makeSku(as);
    const mug = await makeSku(as, { barcodes: [`MUG${uid()}`] });
    await receive(as, tote.sku, loc.code, 10);
    await receive(as, mug.sku, loc.code, 10);
    const [a, b] = [`IMP-${uid()}`, `IMP-${uid()}`];
    const header =
      'channel,external_id,currency,placed_at,sku,quantity,unit_price,customer_name,ship_to_country';
    const bad = [
      header,
      `manual,${a},USD,2025-03-01T10:00:00Z,${tote.sku},2,12.50,Ada,US`,
      `manual,${a},EUR,2025-03-01T10:00:00Z,${mug.sku},1,4.00,Ada,US`,
      `manual,${b},USD,2025-03-02T09:00:00Z,UNKNOWN-${uid()},1,3.00,Bo,US`,
      `manual,${b},USD,yesterday,${mug.sku},1,3.00,Bo,US`,
    ].join('\n');
    const dry = (await upload(as, 'orders', bad)).body;
    expect(dry.status).toBe('invalid');
    expect(dry.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [3, 'inconsistent_order'],
      [4, 'sku_not_found'],
      [5, 'invalid_value'],
    ]);
    expect((await call('GET', `/api/v1/orders?q=${a}`, { as })).body.data).toHaveLength(0);

    const csv = [
      header,
      `manual,${a},USD,2025-03-01T10:00:00Z,${tote.sku},2,12.50,Ada,US`,
      `manual,${b},USD,2025-03-02T09:00:00Z,${mug.sku},1,3,Bo,US`,
      `manual,${a},USD,2025-03-01T10:00:00Z,${mug.sku},1,4.00,Ada,US`,
    ].join('\n');
    const job = (await upload(as, 'orders', csv)).body;
    expect(job).toMatchObject({ status: 'validated', total_rows: 3 });
    const done = await applied(as, job.id);
    expect(done).toMatchObject({
      applied_rows: 3,
      report: { created: 2, updated: 0, unchanged: 0, failed: 0 },
    });

    const found = (await call('GET', `/api/v1/orders?q=${a}`, { as })).body.data;
    expect(found).toHaveLength(1);
    const order = (await call('GET', `/api/v1/orders/${found[0].id}`, { as })).body;
    expect(order).toMatchObject({ channel: 'manual', external_id: a, currency: 'USD', status: 'allocated' });
    expect(order.placed_at).toBe('2025-03-01T10:00:00.000Z');
    expect(order.customer.name).toBe('Ada');
    expect(
      order.lines.map((l: { sku: string; quantity: number; unit_price: number }) => [
        l.sku,
        l.quantity,
        l.unit_price,
      ]),
    ).toEqual([
      [tote.sku, 2, 1250],
      [mug.sku, 1, 400],
    ]);
    expect((await stockAt(as, tote.sku, loc.code)).reserved).toBe(2);

    const again = (await upload(as, 'orders', `${csv}\n`)).body;
    const rerun = await applied(as, again.id);
    expect(rerun.report).toEqual({ created: 0, updated: 0, unchanged: 2, failed: 0 });
    expect((await call('GET', `/api/v1/orders?q=${b}`, { as })).body.data).toHaveLength(1);
    expect((await stockAt(as, tote.sku, loc.code)).reserved).toBe(2);
  });
});
