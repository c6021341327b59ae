import type { KpiContext } from '../../domain/kpi/context';
import { dayEnd, hoursOfDays } from '../../domain/kpi/day-hours';
import { allKpis } from './all-kpis';
import { summaryOf } from './kpi-wire';
import { loadKpiFacts } from './load-kpi-facts';
import { collapsed } from './report-window';

/** Every KPI's numbers for one calendar day, as the dashboard shows them (no id lists). */
export interface DayNumbers {
  /** Per KPI id: the day's buckets per channel and location, and its trend point (everything as one), or null. */
  kpis: Record<string, { buckets: Record<string, unknown>[]; trend: Record<string, unknown> | null }>;
  /** Amazon channels with a bucket that day: the account-health lines to draw. */
  amazonChannels: string[];
}

export interface KpiFilter {
  channel?: string;
  location?: string;
}

/**
 * KPIs about "now" (the age of what still waits): one bucket per channel on today, whose `*_ms` numbers are
 * ages. While the set of what waits is unchanged, every age (and so every percentile of them) grows by
 * exactly the time passed, so they are cached once and served shifted (see clockKpiNumbers).
 */
export const CLOCK_KPIS = new Set(['backorder_age']);

/**
 * A day that had not ended when computed changes with time alone (an order passes its ship-by date), so its
 * numbers are reused for this long at most; any write to its facts makes it stale at once.
 */
export const OPEN_DAY_TTL_MS = 60_000;
/**
 * How old the numbers of a day under way may be when served while they are computed again after the answer
 * (when the caller can run work in the background): a busy shop writes every second, and a dashboard that
 * recomputed today's facts on each open would wait for them every time.
 */
export const REVALIDATE_MS = 5_000;

// Days this isolate is computing again after an answer: a burst of requests starts one computation, not one each.
const revalidating = new Set<string>();

/** Runs work after the answer (the Worker's waitUntil). */
export type Background = (work: Promise<unknown>) => void;

// A cold cache is filled this many days per read, so one request never holds months of facts in memory.
const DAYS_PER_READ = 14;

const scopeKey = (f: KpiFilter) => `${f.channel ?? '*'}|${f.location ?? '*'}`;

/** Consecutive days in runs of at most DAYS_PER_READ. */
function runsOf(days: string[]): string[][] {
  const runs: string[][] = [];
  for (const day of days) {
    const run = runs.at(-1);
    const previous = run?.at(-1);
    const consecutive =
      previous !== undefined &&
      Date.parse(`${day}T00:00:00Z`) - Date.parse(`${previous}T00:00:00Z`) === 86_400_000;
    if (run && consecutive && run.length < DAYS_PER_READ) run.push(day);
    else runs.push([day]);
  }
  return runs;
}

/** Computes the days of one run from the facts of every order with an event in them. */
async function computeRun(db: D1Database, ctx: KpiContext, filter: KpiFilter, run: string[]) {
  const hours = hoursOfDays(ctx, run[0]!, run.at(-1)!);
  const { facts, readAt } = await loadKpiFacts(db, {
    kind: 'events',
    startHour: hours.start,
    endHour: hours.end,
    ...filter,
  });
  const detail = allKpis(facts, ctx).filter((k) => !CLOCK_KPIS.has(k.id));
  const trend = allKpis(collapsed(facts), ctx).filter((k) => !CLOCK_KPIS.has(k.id));
  const amazon = new Set(facts.orders.filter((o) => o.channelType === 'amazon').map((o) => o.channel));
  const days = new Map<string, DayNumbers>();
  for (const day of run) {
    const amazonChannels = new Set<string>();
    const kpis: DayNumbers['kpis'] = {};
    for (const [i, kpi] of detail.entries()) {
      const buckets = kpi.buckets.filter((b) => b.day === day);
      for (const b of buckets) if (amazon.has(b.channel)) amazonChannels.add(b.channel);
      const point = trend[i]!.buckets.find((b) => b.day === day);
      kpis[kpi.id] = {
        buckets: summaryOf(buckets) as Record<string, unknown>[],
        trend: point
          ? (summaryOf({ ...point, channel: undefined, location: undefined }) as Record<string, unknown>)
          : null,
      };
    }
    days.set(day, { kpis, amazonChannels: [...amazonChannels].sort() });
  }
  return { days, readAt };
}

/**
 * The numbers of each day, from the cache where no fact of the day changed since it was computed (the
 * triggers of migration 0011 mark the hours of every changed order's events), computing and storing the
 * others. A day's facts are the orders with an event on it, however long ago they were placed.
 */
export async function kpiDayNumbers(
  db: D1Database,
  ctx: KpiContext,
  filter: KpiFilter,
  wanted: readonly string[],
  background?: Background,
): Promise<Map<string, DayNumbers>> {
  const days = [...new Set(wanted)].sort();
  if (days.length === 0) return new Map();
  const scope = scopeKey(filter);
  const span = hoursOfDays(ctx, days[0]!, days.at(-1)!);
  const [cachedRows, dirtyRows] = await db.batch<Record<string, string>>([
    db
      .prepare(
        'select day, computed_at, payload from kpi_day_cache where time_zone = ?1 and scope = ?2 and day >= ?3 and day <= ?4',
      )
      .bind(ctx.timeZone, scope, days[0], days.at(-1)),
    db
      .prepare('select hour, changed_at from kpi_dirty_hours where hour >= ?1 and hour < ?2')
      .bind(span.start, span.end),
  ]);
  const cached = new Map(cachedRows!.results.map((r) => [r.day!, r]));
  const dirty = dirtyRows!.results;
  const numbers = new Map<string, DayNumbers>();
  const stale: string[] = [];
  const revalidate: string[] = [];
  for (const day of days) {
    const row = cached.get(day);
    const fresh = row !== undefined && isFresh(ctx, day, row.computed_at!, dirty);
    const servable = !fresh && row !== undefined && background && isRecentOpenDay(ctx, day, row.computed_at!);
    if (fresh || servable) numbers.set(day, JSON.parse(row!.payload!) as DayNumbers);
    if (servable) revalidate.push(day);
    if (!fresh && !servable) stale.push(day);
  }
  const again = revalidate.filter((day) => !revalidating.has(`${ctx.timeZone}|${scope}|${day}`));
  if (again.length) {
    const keys = again.map((day) => `${ctx.timeZone}|${scope}|${day}`);
    for (const key of keys) revalidating.add(key);
    background!(
      computeAndStore(db, ctx, filter, again, new Map()).finally(() => {
        for (const key of keys) revalidating.delete(key);
      }),
    );
  }
  await computeAndStore(db, ctx, filter, stale, numbers);
  return numbers;
}

/** Computes the days and stores them, adding each to `numbers`. */
async function computeAndStore(
  db: D1Database,
  ctx: KpiContext,
  filter: KpiFilter,
  stale: string[],
  numbers: Map<string, DayNumbers>,
) {
  const scope = scopeKey(filter);
  for (const run of runsOf(stale)) {
    const { days: computed, readAt } = await computeRun(db, ctx, filter, run);
    await db.batch(
      [...computed].map(([day, n]) => {
        numbers.set(day, n);
        // An older computation that finishes last must not replace a newer one.
        return db
          .prepare(
            `insert into kpi_day_cache (time_zone, scope, day, computed_at, payload) values (?1, ?2, ?3, ?4, ?5)
             on conflict (time_zone, scope, day) do update set computed_at = excluded.computed_at, payload = excluded.payload
             where excluded.computed_at > kpi_day_cache.computed_at`,
          )
          .bind(ctx.timeZone, scope, day, readAt, JSON.stringify(n));
      }),
    );
  }
}

/** A day not over when computed, computed under REVALIDATE_MS ago. */
function isRecentOpenDay(ctx: KpiContext, day: string, computedAt: string): boolean {
  const at = Date.parse(computedAt);
  return at < dayEnd(ctx, day) && ctx.asOf - at < REVALIDATE_MS;
}

/** No fact of the day changed since `computedAt`, and the day had ended by then (or was computed moments ago). */
function isFresh(ctx: KpiContext, day: string, computedAt: string, dirty: Record<string, string>[]): boolean {
  const { start, end } = hoursOfDays(ctx, day, day);
  if (dirty.some((d) => d.hour! >= start && d.hour! < end && d.changed_at! >= computedAt)) return false;
  const at = Date.parse(computedAt);
  return at >= dayEnd(ctx, day) || ctx.asOf - at < OPEN_DAY_TTL_MS;
}

/** The clock KPIs as computed at `asOf` (ms), on `day` (the day of asOf in the zone). */
interface ClockNumbers {
  day: string;
  asOf: number;
  kpis: DayNumbers['kpis'];
}

const aged = (value: Record<string, unknown>, ms: number) =>
  Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k.endsWith('_ms') && typeof v === 'number' ? v + ms : v]),
  );

const agedBy = (kpis: DayNumbers['kpis'], ms: number): DayNumbers['kpis'] =>
  Object.fromEntries(
    Object.entries(kpis).map(([id, k]) => [
      id,
      { buckets: k.buckets.map((b) => aged(b, ms)), trend: k.trend && aged(k.trend, ms) },
    ]),
  );

/**
 * The clock KPIs now: from kpi_clock_cache when the open backorders did not change since (the `backorders`
 * mark of kpi_dirty_hours) and today is the day they were computed on, their ages moved on by the time
 * passed; otherwise computed from the open backorders and stored.
 */
export async function clockKpiNumbers(
  db: D1Database,
  ctx: KpiContext,
  filter: KpiFilter,
): Promise<DayNumbers['kpis']> {
  const scope = scopeKey(filter);
  const today = ctx.dayOf(new Date(ctx.asOf).toISOString());
  const [rows, marks] = await db.batch<Record<string, string>>([
    db
      .prepare('select computed_at, payload from kpi_clock_cache where time_zone = ?1 and scope = ?2')
      .bind(ctx.timeZone, scope),
    db.prepare("select changed_at from kpi_dirty_hours where hour = 'backorders'"),
  ]);
  const row = rows!.results[0];
  const changedAt = marks!.results[0]?.changed_at;
  if (row && (changedAt === undefined || changedAt < row.computed_at!)) {
    const cached = JSON.parse(row.payload!) as ClockNumbers;
    if (cached.day === today && cached.asOf <= ctx.asOf) return agedBy(cached.kpis, ctx.asOf - cached.asOf);
  }
  const { facts, readAt } = await loadKpiFacts(db, { kind: 'open_backorders', ...filter });
  // Ages as of the read (a backorder written between the request and the read is in the facts).
  const at = { ...ctx, asOf: Math.max(ctx.asOf, Date.parse(readAt)) };
  const detail = allKpis(facts, at).filter((k) => CLOCK_KPIS.has(k.id));
  const trend = allKpis(collapsed(facts), at).filter((k) => CLOCK_KPIS.has(k.id));
  const kpis: DayNumbers['kpis'] = {};
  for (const [i, kpi] of detail.entries()) {
    const point = trend[i]!.buckets[0];
    kpis[kpi.id] = {
      buckets: summaryOf(kpi.buckets) as Record<string, unknown>[],
      trend: point
        ? (summaryOf({ ...point, channel: undefined, location: undefined }) as Record<string, unknown>)
        : null,
    };
  }
  const computed: ClockNumbers = { day: at.dayOf(new Date(at.asOf).toISOString()), asOf: at.asOf, kpis };
  await db
    .prepare(
      `insert into kpi_clock_cache (time_zone, scope, computed_at, payload) values (?1, ?2, ?3, ?4)
       on conflict (time_zone, scope) do update set computed_at = excluded.computed_at, payload = excluded.payload
       where excluded.computed_at > kpi_clock_cache.computed_at`,
    )
    .bind(ctx.timeZone, scope, readAt, JSON.stringify(computed))
    .run();
  // as of the request (the read came a moment after it)
  return agedBy(kpis, ctx.asOf - at.asOf);
}
