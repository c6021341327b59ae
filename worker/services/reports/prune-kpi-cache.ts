/** A zone and filter whose day under way has not been computed for this long is no longer read. */
export const UNREAD_AFTER_DAYS = 30;

/**
 * Drops the cached KPI days of every (zone, filter) nobody has read for UNREAD_AFTER_DAYS: while a dashboard is
 * read, its day under way is computed again at least once a minute, so its newest row stays recent. The dirty
 * hours are kept: a cached day is only trusted while the marks after it are there to see.
 */
export async function pruneKpiCache(db: D1Database, now: number) {
  const before = new Date(now - UNREAD_AFTER_DAYS * 86_400_000).toISOString();
  await db.batch([
    db
      .prepare(
        `delete from kpi_day_cache where (time_zone, scope) in (
           select time_zone, scope from kpi_day_cache group by time_zone, scope having max(computed_at) < ?1)`,
      )
      .bind(before),
    db.prepare('delete from kpi_clock_cache where computed_at < ?1').bind(before),
  ]);
}
