import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { kpiDashboard } from '../../worker/services/reports/kpi-dashboard';
import { OPEN_DAY_TTL_MS, REVALIDATE_MS } from '../../worker/services/reports/kpi-day-cache';
import { pruneKpiCache, UNREAD_AFTER_DAYS } from '../../worker/services/reports/prune-kpi-cache';
import { warmKpiCache } from '../../worker/services/reports/warm-kpi-cache';
import { approvedReturn, returnBody, shippedOrder } from '../fixtures/returns/shipped-order';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive } from '../helpers/factories';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = () => dayOf(Date.now());
// Noon UTC ten days ago: a closed day in every zone the tests use.
const tenDaysAgo = () => new Date(Date.parse(`${dayOf(Date.now() - 10 * DAY_MS)}T12:00:00Z`));

type Dashboard = {
  as_of: string;
  kpis: { id: string; buckets: Record<string, unknown>[]; trend: unknown[] }[];
};

describe('KPI day cache', () => {
  let owner: Caller;
  let channel: string;
  let location: string;
  let sku: string;
  const query = (tz = 'UTC', fresh = true) =>
    `/api/v1/reports/kpis?from=${dayOf(Date.now() - 12 * DAY_MS)}&to=${today()}&channel=${channel}&tz=${tz}&fresh=${fresh}`;

  const dashboard = async (tz = 'UTC', fresh = true) => {
    const res = await call('GET', query(tz, fresh), { as: owner });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { as_of: _, ...rest } = res.body as Dashboard;
    return rest;
  };
  /** What the numbers are with nothing cached: every day computed from the facts now. */
  const computedAfresh = async (tz = 'UTC') => {
    await env.DB.prepare('delete from kpi_day_cache').run();
    return dashboard(tz);
  };
  const bucketsOf = (d: Omit<Dashboard, 'as_of'>, kpi: string) => d.kpis.find((k) => k.id === kpi)!.buckets;
  const place = async (over: Record<string, unknown> = {}) => {
    const res = await call('POST', '/api/v1/orders', {
      as: owner,
      body: orderBody([{ sku, quantity: 1, unit_price: 2000 }], { channel, ...over }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };

  beforeAll(async () => {
    owner = await signedIn('owner');
    channel = `cache-${uid()}`;
    location = (await makeLocation(owner)).code;
    ({ sku } = await makeSku(owner));
    await receive(owner, sku, location, 20);
  });

  it('serves a closed day from the cache until one of its facts changes, then shows the change', async () => {
    const old = await place({ placed_at: tenDaysAgo().toISOString() });
    await place({ placed_at: tenDaysAgo().toISOString() });
    const first = await dashboard();
    const oldDay = dayOf(tenDaysAgo().getTime());
    expect(bucketsOf(first, 'cancellation_rate')).toEqual([
      expect.objectContaining({ day: oldDay, numerator: 0, denominator: 2 }),
    ]);
    const row = () =>
      env.DB.prepare(
        "select computed_at from kpi_day_cache where time_zone = 'UTC' and scope = ?1 and day = ?2",
      )
        .bind(`${channel}|*`, oldDay)
        .first<{ computed_at: string }>();
    const computed = (await row())!.computed_at;
    expect(await dashboard()).toEqual(first);
    expect((await row())!.computed_at).toBe(computed); // read, not computed again

    // a cancellation today changes the day the order was placed on, ten days back
    expect((await call('POST', `/api/v1/orders/${old.id}/cancel`, { as: owner, body: {} })).status).toBe(200);
    const after = await dashboard();
    expect(bucketsOf(after, 'cancellation_rate')).toEqual([
      expect.objectContaining({ day: oldDay, numerator: 1, denominator: 2 }),
    ]);
    expect((await row())!.computed_at > computed).toBe(true);
    expect(after).toEqual(await computedAfresh());
  });

  it('after every kind of write, the cached numbers are the ones computed afresh', async () => {
    await dashboard(); // fills the cache
    const writes: [string, () => Promise<unknown>][] = [
      ['an order placed today', () => place()],
      ['an order shipped (label, tracking, ship)', () => shippedOrder(owner, [2], { channel })],
      [
        'a return of a shipped order placed ten days ago',
        async () => {
          const { order } = await shippedOrder(owner, [1], {
            channel,
            placed_at: tenDaysAgo().toISOString(),
          });
          await approvedReturn(owner, returnBody(order, [{ line: 0, quantity: 1, reason: 'damaged' }]));
        },
      ],
    ];
    for (const [what, write] of writes) {
      await write();
      const cached = await dashboard();
      expect(cached, what).toEqual(await computedAfresh());
    }
    // today: 2 + 1 units shipped, 1 returned (the return of an order placed ten days ago counts today)
    expect(bucketsOf(await dashboard(), 'return_rate')).toEqual([
      expect.objectContaining({ day: today(), numerator: 1, denominator: 3 }),
    ]);
  });

  it('keeps each time zone apart: New York days are their own rows, computed from their own hours', async () => {
    const ny = await dashboard('America/New_York');
    const zones = await env.DB.prepare('select distinct time_zone from kpi_day_cache where scope = ?1')
      .bind(`${channel}|*`)
      .all<{ time_zone: string }>();
    expect(zones.results.map((r) => r.time_zone).sort()).toEqual(['America/New_York', 'UTC']);
    expect(ny).toEqual(await computedAfresh('America/New_York'));
  });

  it('recomputes the day still under way once its numbers are a minute old, never a closed day', async () => {
    const q = { from: dayOf(Date.now() - 12 * DAY_MS), to: today(), timeZone: 'UTC', channel };
    await env.DB.prepare('delete from kpi_day_cache').run();
    await kpiDashboard(env.DB, q);
    const rows = async () =>
      new Map(
        (
          await env.DB.prepare('select day, computed_at from kpi_day_cache where scope = ?1')
            .bind(`${channel}|*`)
            .all<{ day: string; computed_at: string }>()
        ).results.map((r) => [r.day, r.computed_at]),
      );
    const before = await rows();
    await kpiDashboard(env.DB, q, new Date(Date.now() + OPEN_DAY_TTL_MS / 2).toISOString());
    expect(await rows()).toEqual(before);
    await kpiDashboard(env.DB, q, new Date(Date.now() + OPEN_DAY_TTL_MS + 1000).toISOString());
    const after = await rows();
    expect(after.get(today())! > before.get(today())!).toBe(true);
    const yesterday = dayOf(Date.now() - DAY_MS);
    expect(after.get(yesterday)).toBe(before.get(yesterday));
  });

  it('the minute job computes again what a write changed, in the zones the dashboard is read in', async () => {
    const all = `/api/v1/reports/kpis?from=${today()}&to=${today()}&tz=Asia/Tokyo`;
    expect((await call('GET', all, { as: owner })).status).toBe(200);
    const computedToday = async () =>
      (await env.DB.prepare(
        "select day, computed_at from kpi_day_cache where time_zone = 'Asia/Tokyo' and scope = '*|*' order by day desc limit 1",
      ).first<{ day: string; computed_at: string }>())!;
    const before = await computedToday();
    await warmKpiCache(env.DB, Date.now());
    expect(await computedToday()).toEqual(before); // nothing changed: nothing computed
    await place();
    await warmKpiCache(env.DB, Date.now());
    const after = await computedToday();
    expect(after.day).toBe(before.day);
    expect(after.computed_at > before.computed_at).toBe(true);
  });

  it('serves the age of open backorders from the clock cache, aged by the time passed, until they change', async () => {
    const waiting = `wait-${uid()}`;
    const { sku: scarce } = await makeSku(owner);
    const res = await call('POST', '/api/v1/orders', {
      as: owner,
      body: orderBody([{ sku: scarce, quantity: 2 }], { channel: waiting }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const q = { from: today(), to: today(), timeZone: 'UTC', channel: waiting };
    const ageAt = async (asOf: number) => {
      const d = await kpiDashboard(env.DB, q, new Date(asOf).toISOString());
      return d.kpis.find((k) => k.id === 'backorder_age')!.buckets as Record<string, unknown>[];
    };
    const clockRow = () =>
      env.DB.prepare('select computed_at from kpi_clock_cache where scope = ?1')
        .bind(`${waiting}|*`)
        .first<{ computed_at: string }>();
    const now = Date.now();
    const [first] = await ageAt(now);
    expect(first).toMatchObject({ channel: waiting, backorders: 1, units: 2 });
    const computed = (await clockRow())!.computed_at;
    const [later] = await ageAt(now + 5 * 60_000);
    // the same backorder five minutes older, read from the cache
    expect(later).toEqual({
      ...first,
      p50_ms: (first!.p50_ms as number) + 5 * 60_000,
      p90_ms: (first!.p90_ms as number) + 5 * 60_000,
      oldest_ms: (first!.oldest_ms as number) + 5 * 60_000,
    });
    expect((await clockRow())!.computed_at).toBe(computed);
    // stock arrives: the backorder is filled, and the next answer knows it
    await receive(owner, scarce, location, 5);
    expect(await ageAt(Date.now() + 5 * 60_000)).toEqual([]);
    expect((await clockRow())!.computed_at > computed).toBe(true);
  });

  it('by default serves the day under way as computed moments ago, and counts the change right after', async () => {
    const before = await dashboard('UTC', true);
    const placedToday = (d: Omit<Dashboard, 'as_of'>) =>
      Number(bucketsOf(d, 'cancellation_rate').find((b) => b.day === today())?.denominator ?? 0);
    await place();
    const served = await dashboard('UTC', false);
    // the numbers computed under REVALIDATE_MS ago, while they are computed again after the answer
    expect(placedToday(served)).toBe(placedToday(before));
    let counted = served;
    for (let i = 0; i < 50 && placedToday(counted) === placedToday(before); i++) {
      await new Promise((r) => setTimeout(r, 100));
      counted = await dashboard('UTC', false);
    }
    expect(placedToday(counted)).toBe(placedToday(before) + 1);
    // numbers older than REVALIDATE_MS are not served: the answer waits for the new order
    await place();
    const later = new Date(Date.now() + REVALIDATE_MS + 1_000).toISOString();
    const deferred: Promise<unknown>[] = [];
    const q = { from: today(), to: today(), timeZone: 'UTC', channel };
    const waited = await kpiDashboard(env.DB, q, later, (p) => deferred.push(p));
    const placedInWaited = waited.kpis.find((k) => k.id === 'cancellation_rate')!.buckets as Record<
      string,
      unknown
    >[];
    expect(Number(placedInWaited.find((b) => b.day === today())?.denominator)).toBe(placedToday(before) + 2);
    expect(deferred).toEqual([]);
  });

  it('the nightly prune drops the days of a zone and filter nobody read for a month, and keeps the read ones', async () => {
    await dashboard('Europe/Lisbon');
    const rowsOf = async (tz: string) =>
      (await env.DB.prepare('select count(*) as n from kpi_day_cache where time_zone = ?1 and scope = ?2')
        .bind(tz, `${channel}|*`)
        .first<{ n: number }>())!.n;
    expect(await rowsOf('Europe/Lisbon')).toBeGreaterThan(0);
    await pruneKpiCache(env.DB, Date.now());
    expect(await rowsOf('Europe/Lisbon')).toBeGreaterThan(0); // read just now: kept
    await pruneKpiCache(env.DB, Date.now() + (UNREAD_AFTER_DAYS + 1) * DAY_MS);
    expect(await rowsOf('Europe/Lisbon')).toBe(0);
  });
});
