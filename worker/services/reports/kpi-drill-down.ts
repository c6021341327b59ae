import { hoursOfDays } from '../../domain/kpi/day-hours';
import { ApiError } from '../../http/errors';
import { allKpis } from './all-kpis';
import { CLOCK_KPIS } from './kpi-day-cache';
import { type IdRole, idsIn } from './kpi-wire';
import { loadKpiFacts } from './load-kpi-facts';
import { reportContext } from './report-window';

export interface DrillDownQuery {
  kpi: string;
  day: string;
  timeZone: string;
  channel?: string;
  location?: string;
}

export interface DrillDownOrder {
  id: string;
  channel: string;
  external_id: string;
  status: string;
  currency: string;
  total: number;
  placed_at: string;
  /** Which of the KPI's numbers the order is behind: a rate's numerator and denominator, or simply listed. */
  counted_in: IdRole[];
}

const ROLE_ORDER: IdRole[] = ['numerator', 'denominator', 'listed'];

/**
 * The orders behind one KPI's number on one day (and channel, location): the ids its buckets keep, each
 * shipment, return line, refund or backorder traced to its order. 404 `unknown_kpi` for a KPI we do not have.
 */
export async function kpiDrillDown(db: D1Database, q: DrillDownQuery, asOf = new Date().toISOString()) {
  const ctx = reportContext(q.timeZone, asOf);
  const filter = { channel: q.channel, location: q.location };
  const hours = hoursOfDays(ctx, q.day, q.day);
  // The same facts the day's cached numbers were computed from: orders with an event that day.
  const { facts } = await loadKpiFacts(
    db,
    CLOCK_KPIS.has(q.kpi)
      ? { kind: 'open_backorders', ...filter }
      : { kind: 'events', startHour: hours.start, endHour: hours.end, ...filter },
  );
  const kpi = allKpis(facts, ctx).find((k) => k.id === q.kpi);
  if (!kpi) throw new ApiError(404, 'unknown_kpi', `No KPI called ${q.kpi}`);
  const buckets = kpi.buckets.filter(
    (b) =>
      b.day === q.day &&
      (q.channel === undefined || b.channel === q.channel) &&
      (q.location === undefined || b.location === null || b.location === q.location),
  );
  const orderOf = new Map<string, string>([
    ...facts.orders.map((o) => [o.id, o.id] as const),
    ...facts.shipments.map((s) => [s.id, s.orderId] as const),
    ...facts.backorders.map((b) => [b.id, b.orderId] as const),
    ...facts.returns.map((r) => [r.id, r.orderId] as const),
    ...facts.refunds.map((r) => [r.id, r.orderId] as const),
  ]);
  const roles = new Map<string, Set<IdRole>>();
  for (const { id, role } of buckets.flatMap((b) => idsIn(b))) {
    const orderId = orderOf.get(id);
    if (orderId === undefined) continue;
    roles.set(orderId, (roles.get(orderId) ?? new Set()).add(role));
  }
  const ids = [...roles.keys()];
  const rows = ids.length
    ? (
        await db
          .prepare(
            `select id, channel, external_id, status, currency, total, coalesce(placed_at, created_at) as placed_at
             from orders where id in (select value from json_each(?1)) order by placed_at, id`,
          )
          .bind(JSON.stringify(ids))
          .all<Omit<DrillDownOrder, 'counted_in'>>()
      ).results
    : [];
  return {
    kpi: { id: kpi.id, title: kpi.title, definition: kpi.definition },
    day: q.day,
    time_zone: ctx.timeZone,
    orders: rows.map((r) => ({
      ...r,
      counted_in: ROLE_ORDER.filter((role) => roles.get(r.id)?.has(role)),
    })),
  };
}
