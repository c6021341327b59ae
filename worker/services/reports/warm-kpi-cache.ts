import { daysEnding } from '../../domain/kpi/context';
import { kpiDayNumbers } from './kpi-day-cache';
import { reportContext, TREND_DAYS } from './report-window';

// The zones the dashboard was last opened in (the owner's, usually one).
const ZONES = 3;

/**
 * Keeps the last 30 days of the unfiltered dashboard computed in the zones it is read in, so opening it
 * after a busy hour reads the cache: only days whose facts changed since are computed (most minutes: none).
 */
export async function warmKpiCache(db: D1Database, now: number) {
  const zones = await db
    .prepare(
      `select time_zone from kpi_day_cache where scope = '*|*'
       group by time_zone order by max(computed_at) desc limit ?1`,
    )
    .bind(ZONES)
    .all<{ time_zone: string }>();
  const asOf = new Date(now).toISOString();
  for (const { time_zone } of zones.results) {
    const ctx = reportContext(time_zone, asOf);
    await kpiDayNumbers(db, ctx, {}, daysEnding(ctx.dayOf(asOf), TREND_DAYS));
  }
}
