/** Which UTC hours a calendar day of the account's zone covers: how the KPI day cache finds a day's facts. */
import type { KpiContext } from './context';

const SLOT_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
// Whatever the zone, a calendar day starts within 14 hours either side of the same UTC midnight.
const ZONE_SLACK_MS = 14 * HOUR_MS;

/**
 * The first instant of `day` in the context's zone. Every zone's offset is a multiple of 15 minutes and
 * changes on such a boundary, so the first 15-minute slot that falls on the day is its start.
 */
export function dayStart(ctx: KpiContext, day: string): number {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  for (let t = midnightUtc - ZONE_SLACK_MS; t <= midnightUtc + ZONE_SLACK_MS; t += SLOT_MS) {
    if (ctx.dayOf(new Date(t).toISOString()) >= day) return t;
  }
  throw new Error(`No start found for ${day} in ${ctx.timeZone}`);
}

/** An hour as kpi_order_hours stores it: `YYYY-MM-DDTHH`, UTC. */
export const hourKey = (ms: number) => new Date(ms).toISOString().slice(0, 13);

/**
 * The UTC hours [start, end) whose events may fall on the days [firstDay, lastDay], as hour keys. One hour
 * of slack on each side covers a zone whose clock goes back across midnight (the day's last hour repeats
 * after the next day began) and zones whose offset is not whole hours.
 */
export function hoursOfDays(
  ctx: KpiContext,
  firstDay: string,
  lastDay: string,
): { start: string; end: string } {
  const next = new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    start: hourKey(dayStart(ctx, firstDay) - HOUR_MS),
    end: hourKey(dayStart(ctx, next) + HOUR_MS),
  };
}

/** The first instant after `day` in the context's zone: a day computed at or after it can no longer change by time. */
export const dayEnd = (ctx: KpiContext, day: string) =>
  dayStart(ctx, new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
