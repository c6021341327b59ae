import { type KpiContext, kpiContext } from '../../domain/kpi/context';
import type { KpiFacts } from '../../domain/kpi/facts';
import { ApiError } from '../../http/errors';
import { rememberingDays } from './all-kpis';

export const TREND_DAYS = 30;

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

// Every channel and location as one, so each day of the trend is one bucket per KPI.
export const collapsed = (facts: KpiFacts): KpiFacts => ({
  ...facts,
  orders: facts.orders.map((o) => ({ ...o, channel: 'all' })),
  shipments: facts.shipments.map((s) => ({ ...s, location: 'all' })),
  backorders: facts.backorders.map((b) => ({ ...b, location: null })),
});
