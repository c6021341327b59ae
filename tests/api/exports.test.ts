import { beforeAll, describe, expect, it } from 'vitest';
import { csvCell, csvRecord } from '../../worker/services/exports/csv';
import { parseCsv } from '../../worker/services/imports/parse-csv';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive } from '../helpers/factories';

const today = () => new Date().toISOString().slice(0, 10);

const rowsOf = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.message);
  const [header, ...rows] = parsed.records.map((r) => r.fields);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
};

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Smith, Jr.')).toBe('"Smith, Jr."');
    expect(csvCell('6" ruler')).toBe('"6"" ruler"');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    for (const risky of ['+1', '-2', '@SUM(A1)', '\tx']) expect(csvCell(risky).startsWith("'")).toBe(true);
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(null)).toBe('');
    expect(csvRecord(['a', 1, null])).toBe('a,1,\r\n');
  });

  it('reads back what it writes', () => {
    const cells = ['a,b', 'say "hi"', 'multi\nline', '', 'x'];
    const parsed = parseCsv(csvRecord(cells) + csvRecord(['1', '2', '3', '4', '5']));
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, fields: cells },
        { line: 3, fields: ['1', '2', '3', '4', '5'] },
      ],
    });
  });
});

describe('exports', () => {
  let owner: Caller;
  let channel: string;
  let orderId: string;
  const customer = '=cmd|"/c calc"!A1, the "boss"\nsecond line';

  beforeAll(async () => {
    owner = await signedIn('owner');
    channel = `exp-${uid()}`;
    const loc = (await makeLocation(owner)).code;
    const { sku } = await makeSku(owner, { cost: 250, cost_currency: 'USD' });
    await receive(owner, sku, loc, 5);
    const order = await call('POST', '/api/v1/orders', {
      as: owner,
      body: orderBody([{ sku, quantity: 3, unit_price: 1000 }], {
        channel,
        customer: { name: customer },
        shipping_total: 500,
        tax_total: 240,
        discount_total: 100,
      }),
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    orderId = order.body.id;
  });

  const download = (file: string) =>
    call('GET', `/api/v1/exports/${file}?from=${today()}&to=${today()}`, { as: owner });

  it('exports orders with hostile text escaped and defused', async () => {
    const res = await download('orders.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`orders-${today()}-${today()}.csv`);
    const text = res.body as string;
    expect(text.startsWith('id,channel,external_id,status,')).toBe(true);
    const row = rowsOf(text).find((r) => r.id === orderId)!;
    expect(row).toMatchObject({ channel, currency: 'USD', total: expect.any(String) });
    expect(row.customer_name).toBe(`'${customer}`);
  });

  it('exports shipments and the stock ledger of the range', async () => {
    const shipments = rowsOf((await download('shipments.csv')).body as string);
    expect(shipments.filter((s) => s.order_id === orderId)).toEqual([
      expect.objectContaining({ status: 'allocated', units: '3' }),
    ]);
    const ledger = rowsOf((await download('stock-ledger.csv')).body as string);
    expect(ledger.some((m) => m.type === 'receive' && m.on_hand_delta === '5')).toBe(true);
  });

  it('posts a balanced daily journal per channel and currency', async () => {
    const lines = rowsOf((await download('journal.csv')).body as string).filter((l) => l.channel === channel);
    const byAccount = Object.fromEntries(lines.map((l) => [l.account_code, l.amount]));
    // 3 x 10.00 goods, 5.00 shipping, 2.40 tax, 1.00 discount; cost 3 x 2.50
    expect(byAccount).toEqual({
      '1200': '36.4',
      '1400': '-7.5',
      '2200': '-2.4',
      '4000': '-30',
      '4100': '-5',
      '4900': '1',
      '5000': '7.5',
    });
    expect(lines.reduce((sum, l) => sum + Number(l.amount) * 100, 0)).toBeCloseTo(0);
    expect(new Set(lines.map((l) => l.journal_no))).toEqual(new Set([`SY-${today()}-${channel}-USD`]));
    expect(lines.find((l) => l.account_code === '4000')).toMatchObject({ debit: '', credit: '30' });
  });

  it('refuses an unknown file, a bad range, and callers without the permission', async () => {
    expect(
      (await call('GET', `/api/v1/exports/people.csv?from=${today()}&to=${today()}`, { as: owner })).status,
    ).toBe(400);
    const backwards = await call('GET', '/api/v1/exports/orders.csv?from=2025-02-02&to=2025-02-01', {
      as: owner,
    });
    expect([backwards.status, backwards.body.error.code]).toEqual([400, 'validation_failed']);
    const bad = await call('GET', '/api/v1/exports/orders.csv?from=2025-02-30&to=2025-03-01', { as: owner });
    expect(bad.status).toBe(400);
    const seller = await call('GET', `/api/v1/exports/orders.csv?from=${today()}&to=${today()}`, {
      as: await signedIn('seller'),
    });
    expect(seller.status).toBe(403);
  });
});
