import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive } from '../helpers/factories';

const today = () => new Date().toISOString().slice(0, 10);

type Bucket = Record<string, unknown> & { channel: string; location: string | null; day: string };
type Kpi = { id: string; definition: string; buckets: Bucket[]; trend: Record<string, unknown>[] };

describe('KPI reports', () => {
  let owner: Caller;
  let channel: string;
  let location: string;
  const ids = { shipped: '', cancelled: '', waiting: '', shipment: '' };

  // Three orders on a channel of their own: one packed, labelled by hand and shipped; one cancelled; one waiting.
  beforeAll(async () => {
    owner = await signedIn('owner');
    channel = `kpi-${uid()}`;
    location = (await makeLocation(owner)).code;
    const { sku } = await makeSku(owner, { cost: 400, cost_currency: 'USD' });
    await receive(owner, sku, location, 10);
    const place = async () => {
      const res = await call('POST', '/api/v1/orders', {
        as: owner,
        body: orderBody([{ sku, quantity: 2, unit_price: 1500 }], { channel }),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as { id: string };
    };
    ids.shipped = (await place()).id;
    ids.cancelled = (await place()).id;
    ids.waiting = (await place()).id;
    const list = (await call('POST', '/api/v1/pick-lists', { as: owner, body: { location } })).body;
    const shipment = list.shipments.find((s: { order_id: string }) => s.order_id === ids.shipped);
    ids.shipment = shipment.id;
    for (let i = 0; i < 2; i++) {
      await call('POST', `/api/v1/pick-lists/${list.id}/picks`, {
        as: owner,
        body: { op_id: `op-${crypto.randomUUID()}`, code: sku, shipment_id: ids.shipment },
      });
    }
    const packed = await call('POST', `/api/v1/shipments/${ids.shipment}/pack`, {
      as: owner,
      body: { scans: [{ code: sku, quantity: 2 }], packages: [{ weight_grams: 500 }] },
    });
    expect(packed.status, JSON.stringify(packed.body)).toBe(200);
    await call('POST', `/api/v1/shipments/${ids.shipment}/tracking`, {
      as: owner,
      body: { carrier: 'UPS', tracking_code: '1Z999AA10123456784' },
    });
    expect((await call('POST', `/api/v1/shipments/${ids.shipment}/ship`, { as: owner })).status).toBe(200);
    expect(
      (await call('POST', `/api/v1/orders/${ids.cancelled}/cancel`, { as: owner, body: {} })).status,
    ).toBe(200);
  });

  const kpis = async (query = '') => {
    const res = await call(
      'GET',
      `/api/v1/reports/kpis?from=${today()}&to=${today()}&channel=${channel}${query}`,
      {
        as: owner,
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return new Map((res.body.kpis as Kpi[]).map((k) => [k.id, k]));
  };

  it('counts the hand-built scenario: one label, one cancellation out of three orders, the cost of goods', async () => {
    const report = await kpis();
    const toLabel = report.get('order_to_label_time')!;
    expect(toLabel.definition).toMatch(/label_purchased_at/);
    expect(toLabel.buckets).toEqual([
      expect.objectContaining({ channel, location, day: today(), shipments: 1 }),
    ]);
    expect(toLabel.buckets[0]!.p50_ms).toBeGreaterThanOrEqual(0);
    // one shipment: every percentile is its own time, which the test took well under a minute to reach
    const [bucket] = toLabel.buckets as unknown as { p50_ms: number; p90_ms: number; max_ms: number }[];
    expect(bucket!.p50_ms).toBeGreaterThan(0);
    expect(bucket!.p50_ms).toBeLessThan(60_000);
    expect([bucket!.p90_ms, bucket!.max_ms]).toEqual([bucket!.p50_ms, bucket!.p50_ms]);
    expect(report.get('cancellation_rate')!.buckets).toEqual([
      expect.objectContaining({ channel, day: today(), numerator: 1, denominator: 3, ratio: 1 / 3 }),
    ]);
    const profit = report.get('profitability')!.buckets[0] as unknown as {
      currencies: Record<string, Record<string, number>>;
    };
    // two orders kept: 2 x 2 x 1500 revenue, 2 x 2 x 400 cost of goods (the SKU's cost captured on the lines)
    expect(profit.currencies.USD).toMatchObject({ revenue: 6000, cogs: 1600 });
    expect(report.get('valid_tracking_rate')!.buckets).toEqual([
      expect.objectContaining({ location, numerator: 0, denominator: 1 }),
    ]);
    for (const kpi of report.values()) expect(JSON.stringify(kpi)).not.toContain(ids.shipped);
  });

  it('draws a 30-day trend ending with the last day', async () => {
    const trend = (await kpis()).get('cancellation_rate')!.trend;
    expect(trend).toHaveLength(30);
    expect(trend.at(-1)).toMatchObject({ day: today(), numerator: 1, denominator: 3 });
    expect(trend[0]).toEqual({ day: expect.any(String) });
  });

  it('lists the orders behind a number, as JSON and as CSV', async () => {
    const path = `/api/v1/reports/kpis/cancellation_rate/orders?day=${today()}&channel=${channel}`;
    const json = await call('GET', path, { as: owner });
    expect(json.status).toBe(200);
    const byId = Object.fromEntries(
      json.body.orders.map((o: { id: string; counted_in: string[] }) => [o.id, o.counted_in]),
    );
    expect(byId).toEqual({
      [ids.shipped]: ['denominator'],
      [ids.cancelled]: ['numerator', 'denominator'],
      [ids.waiting]: ['denominator'],
    });
    const labels = await call(
      'GET',
      `/api/v1/reports/kpis/order_to_label_time/orders?day=${today()}&channel=${channel}`,
      {
        as: owner,
      },
    );
    expect(labels.body.orders.map((o: { id: string }) => o.id)).toEqual([ids.shipped]);
    const csv = await call('GET', `${path}&format=csv`, { as: owner });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (csv.body as string).split('\r\n');
    expect(lines[0]).toBe('order_id,channel,external_id,status,currency,total,placed_at,counted_in');
    expect(lines.find((l) => l.startsWith(ids.cancelled))).toMatch(
      /,cancelled,USD,3000,.*,numerator denominator$/,
    );
    expect(lines).toHaveLength(5); // header, three orders, the empty string after the last CRLF
  });

  it('filters by location: orders that ship from elsewhere are not counted', async () => {
    const other = (await makeLocation(owner)).code;
    const report = await kpis(`&location=${other}`);
    expect(report.get('cancellation_rate')!.buckets).toEqual([]);
  });

  it('refuses an unknown time zone, a backwards range and an unknown KPI, and lets staff see nothing', async () => {
    const zone = await call('GET', `/api/v1/reports/kpis?from=${today()}&to=${today()}&tz=Mars/Olympus`, {
      as: owner,
    });
    expect([zone.status, zone.body.error.code]).toEqual([400, 'invalid_time_zone']);
    const backwards = await call('GET', '/api/v1/reports/kpis?from=2025-03-02&to=2025-03-01', { as: owner });
    expect([backwards.status, backwards.body.error.code]).toEqual([400, 'validation_failed']);
    const unknown = await call('GET', `/api/v1/reports/kpis/happiness/orders?day=${today()}`, { as: owner });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'unknown_kpi']);
    const staff = await call('GET', `/api/v1/reports/kpis?from=${today()}&to=${today()}`, {
      as: await signedIn('staff'),
    });
    expect(staff.status).toBe(403);
    const seller = await call('GET', `/api/v1/reports/kpis?from=${today()}&to=${today()}`, {
      as: await signedIn('seller'),
    });
    expect(seller.status).toBe(200);
  });

  it('stores the unit cost the SKU had when the order was captured', async () => {
    const row = await env.DB.prepare('select unit_cost, cost_currency from order_lines where order_id = ?')
      .bind(ids.waiting)
      .first();
    expect(row).toEqual({ unit_cost: 400, cost_currency: 'USD' });
  });
});
