import { describe, expect, it, vi } from 'vitest';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeSku } from '../helpers/factories';

const ROWS = 10_000;
const HEADER = 'sku,name,barcodes,weight_grams,cost,cost_currency,final_sale';

/** A catalog of ROWS SKUs: `SKU-<run>-<i>`, one barcode each, a weight and a cost in dollars. */
function catalog(
  run: string,
  row = (i: number) =>
    `SKU-${run}-${i},Tote ${i},BC${run}${i},${100 + (i % 900)},${(i % 50) + 1}.25,USD,${i % 7 === 0}`,
) {
  return [HEADER, ...Array.from({ length: ROWS }, (_, i) => row(i))].join('\n');
}

const upload = (as: Caller, csv: string, kind = 'catalog') =>
  call('POST', `/api/v1/imports/${kind}`, { as, raw: csv, headers: { 'content-type': 'text/csv' } });

async function applyAndWatch(as: Caller, id: string) {
  const applying = await call('POST', `/api/v1/imports/${id}/apply`, { as });
  expect(applying.status, JSON.stringify(applying.body)).toBe(202);
  expect(applying.body.status).toBe('applying');
  const progress: number[] = [];
  const done = await vi.waitFor(
    async () => {
      const job = (await call('GET', `/api/v1/imports/${id}`, { as })).body;
      progress.push(job.applied_rows);
      expect(job.status).toBe('applied');
      return job;
    },
    { timeout: 180_000, interval: 25 },
  );
  return { done, progress };
}

describe('catalog import', () => {
  it('checks 10,000 rows, reports bad ones by line, applies in chunks, and applies the same content once', {
    timeout: 300_000,
  }, async () => {
    const as = await signedIn('manager');
    const run = uid();
    const unchanged = await makeSku(as, {
      sku: `SKU-${run}-1`,
      name: 'Tote 1',
      barcodes: [`BC${run}1`],
      weight_grams: 101,
      cost: 225,
      cost_currency: 'USD',
      final_sale: false,
    });
    const updated = await makeSku(as, { sku: `SKU-${run}-2`, name: 'An old name' });
    const taken = await makeSku(as, { barcodes: [`TAKEN${run}`] });

    // line n of the file is row n - 2: the header is line 1
    const bad = catalog(run, (i) => {
      if (i === 10) return `SKU-${run}-${i},Tote,,heavy,1.00,USD,false`;
      if (i === 500) return `SKU-${run}-${i},Tote,,,1.234,USD,false`;
      if (i === 4321) return `SKU-${run}-1,Tote again,,,,,`;
      if (i === 9998) return `SKU-${run}-${i},Tote,TAKEN${run},,,,`;
      return `SKU-${run}-${i},Tote ${i},BC${run}${i},${100 + (i % 900)},${(i % 50) + 1}.25,USD,${i % 7 === 0}`;
    });
    const dry = await upload(as, bad);
    expect(dry.status, JSON.stringify(dry.body)).toBe(201);
    expect(dry.body).toMatchObject({
      kind: 'catalog',
      status: 'invalid',
      total_rows: ROWS,
      applied_rows: 0,
      error_count: 4,
    });
    expect(dry.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [12, 'invalid_value'],
      [502, 'invalid_value'],
      [4323, 'duplicate_sku'],
      [10000, 'barcode_in_use'],
    ]);
    expect(dry.body.errors[0].column).toBe('weight_grams');
    expect((await call('GET', `/api/v1/skus/SKU-${run}-3`, { as })).status).toBe(404);
    const refused = await call('POST', `/api/v1/imports/${dry.body.id}/apply`, { as });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('import_not_validated');

    const file = catalog(run);
    const first = await upload(as, file);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ status: 'validated', total_rows: ROWS, error_count: 0, errors: [] });
    const { done, progress } = await applyAndWatch(as, first.body.id);
    expect(
      progress.some((n) => n > 0 && n < ROWS),
      `progress seen: ${[...new Set(progress)]}`,
    ).toBe(true);
    expect(done).toMatchObject({
      applied_rows: ROWS,
      report: { created: ROWS - 2, updated: 1, unchanged: 1, failed: 0 },
    });
    expect(done.finished_at).toBeTruthy();

    const sku = (await call('GET', `/api/v1/skus/SKU-${run}-7`, { as })).body;
    expect(sku).toMatchObject({
      name: 'Tote 7',
      weight_grams: 107,
      cost: 825,
      cost_currency: 'USD',
      final_sale: true,
    });
    expect(sku.barcodes).toEqual([{ barcode: `BC${run}7`, kind: 'other' }]);
    expect((await call('GET', `/api/v1/skus/${updated.sku}`, { as })).body.name).toBe('Tote 2');
    expect((await call('GET', `/api/v1/skus/${unchanged.sku}`, { as })).body.name).toBe('Tote 1');
    expect((await call('GET', `/api/v1/skus/${taken.sku}`, { as })).body.barcodes).toHaveLength(1);

    const again = await upload(as, file);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'applied' });
    const twice = await call('POST', `/api/v1/imports/${first.body.id}/apply`, { as });
    expect(twice.status).toBe(409);

    // the same rows in another file (CRLF line ends): a new job that finds everything as it is
    const same = await upload(as, `${file.replaceAll('\n', '\r\n')}\r\n`);
    expect(same.status, JSON.stringify(same.body)).toBe(201);
    expect(same.body.id).not.toBe(first.body.id);
    const rerun = await applyAndWatch(as, same.body.id);
    expect(rerun.done.report).toEqual({ created: 0, updated: 0, unchanged: ROWS, failed: 0 });

    const listed = (await call('GET', '/api/v1/imports', { as })).body.data.map((j: { id: string }) => j.id);
    expect(listed).toEqual(expect.arrayContaining([first.body.id, same.body.id, dry.body.id]));
  });

  it('keeps what a file leaves out, and clears what it leaves blank', async () => {
    const as = await signedIn('owner');
    const { sku } = await makeSku(as, {
      barcodes: [`KEEP${uid()}`],
      weight_grams: 300,
      cost: 1999,
      cost_currency: 'EUR',
      final_sale: true,
    });
    const csv = `sku,name,weight_grams\r\n${sku},Renamed tote,\r\n`;
    const job = (await upload(as, csv)).body;
    expect(job.status).toBe('validated');
    const { done } = await applyAndWatch(as, job.id);
    expect(done.report).toEqual({ created: 0, updated: 1, unchanged: 0, failed: 0 });
    const after = (await call('GET', `/api/v1/skus/${sku}`, { as })).body;
    expect(after).toMatchObject({
      name: 'Renamed tote',
      weight_grams: null,
      cost: 1999,
      cost_currency: 'EUR',
      final_sale: true,
    });
    expect(after.barcodes).toHaveLength(1);
  });
});

describe('import refusals', () => {
  it('refuses an unknown kind, an empty or oversize file, another media type, a header that does not fit, and callers without data:import', async () => {
    const as = await signedIn('owner');
    const csv = 'sku,name\nA-1,Tote\n';
    const badKind = await upload(as, csv, 'customers');
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.code).toBe('validation_failed');

    const empty = await upload(as, '');
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('empty_file');

    const huge = await upload(as, `sku,name\n${'A-1,Tote\n'.repeat(2_400_000)}`);
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');

    const json = await call('POST', '/api/v1/imports/catalog', { as, body: { sku: 'A-1' } });
    expect(json.status).toBe(415);

    const missing = await upload(as, 'sku,title\nA-1,Tote\n');
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: 'missing_columns', details: { line: 1 } });
    const headerOnly = await upload(as, 'sku,name\n');
    expect(headerOnly.body.error.code).toBe('no_rows');
    const broken = await upload(as, 'sku,name\n"A-1,Tote\n');
    expect(broken.status).toBe(422);
    expect(broken.body.error.code).toBe('invalid_csv');
    const latin1 = await call('POST', '/api/v1/imports/catalog', {
      as,
      raw: new TextDecoder('latin1').decode(new Uint8Array([0x73, 0x6b, 0x75, 0x0a, 0xe9])),
      headers: { 'content-type': 'text/csv' },
    });
    expect(latin1.status).toBe(422);

    for (const role of ['staff', 'seller'] as const) {
      const denied = await upload(await signedIn(role), csv);
      expect(denied.status).toBe(403);
    }
    expect((await upload({}, csv)).status).toBe(401);
    expect((await call('GET', '/api/v1/imports/imp_01J00000000000000000000000', { as })).status).toBe(404);
  });
});
