import { daysEnding, type KpiContext, kpiContext } from '../../domain/kpi/context';
import { ApiError } from '../../http/errors';
import { rememberingDays } from './all-kpis';
import type { FactScope } from './load-kpi-facts';

/**
 * Events a KPI counts (a label, a shipment, a return) are found through their order: an order placed up to
 * this many days before the first day of a report still counts there.
 */
export const LOOKBACK_DAYS = 30;
export const TREND_DAYS = 30;

const DAY_MS = 86_400_000;
// Whatever the zone, a calendar day lies within 14 hours either side of the same UTC date.
const ZONE_SLACK_MS = 14 * 3_600_000;

/** The account's clock for a report, or a 400 when the zone or the time cannot be read. */
export function reportContext(timeZone: string, asOf: string): KpiContext {
  const checked = kpiContext(timeZone, asOf);
  if (!checked.ok) {
    throw new ApiError(
      400,
      checked.code,
      `Not a usable ${checked.code === 'invalid_time_zone' ? 'time zone' : 'report time'}`,
    );
  }
  return rememberingDays(checked.context);
}

/** The orders whose facts a report of calendar days [firstDay, lastDay] needs. */
export function scopeForDays(
  firstDay: string,
  lastDay: string,
  filter: Pick<FactScope, 'channel' | 'location'>,
): FactScope {
  const start = Date.parse(`${firstDay}T00:00:00Z`) - LOOKBACK_DAYS * DAY_MS - ZONE_SLACK_MS;
  const end = Date.parse(`${lastDay}T00:00:00Z`) + DAY_MS + ZONE_SLACK_MS;
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString(), ...filter };
}

/** The first day of the trend series ending with `lastDay`. */
export const trendStart = (lastDay: string) => daysEnding(lastDay, TREND_DAYS)[0]!;
