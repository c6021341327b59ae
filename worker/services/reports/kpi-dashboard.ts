import {
  AMAZON_THRESHOLDS,
  type AmazonHealthLine,
  type AmazonMetric,
  amazonHealthLines,
} from '../../domain/kpi/amazon-health';
import { ratio } from '../../domain/kpi/buckets';
import { daysEnding } from '../../domain/kpi/context';
import { kpiDefinitions } from './all-kpis';
import { type Background, clockKpiNumbers, type DayNumbers, kpiDayNumbers } from './kpi-day-cache';
import { summaryOf } from './kpi-wire';
import { reportContext, TREND_DAYS } from './report-window';

export interface KpiQuery {
  from: string;
  to: string;
  timeZone: string;
  channel?: string;
  location?: string;
}

const healthLine = (l: AmazonHealthLine) => ({
  ...(summaryOf(l) as object),
  ratio: l.rate.ratio,
});

const HEALTH_DAYS = Math.max(...Object.values(AMAZON_THRESHOLDS).map((t) => t.windowDays));

/** The days from `from` to `to`, inclusive. */
const daysFrom = (from: string, to: string) =>
  daysEnding(to, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1);

/** A metric's rate for one channel over [from, to], added up from the days' cached numbers. */
function windowRate(
  numbers: Map<string, DayNumbers>,
  channel: string,
  metric: AmazonMetric,
  from: string,
  to: string,
) {
  let numerator = 0;
  let denominator = 0;
  for (const day of daysFrom(from, to)) {
    for (const b of numbers.get(day)?.kpis[metric]?.buckets ?? []) {
      if (b.channel !== channel) continue;
      numerator += Number(b.numerator);
      denominator += Number(b.denominator);
    }
  }
  return {
    numerator,
    denominator,
    ratio: ratio(numerator, denominator),
    ids: { numerator: [], denominator: [] },
  };
}

/**
 * Every KPI for the days [from, to] in the account's zone: definition, buckets per channel, location and day
 * (numbers only: the drill-down lists the orders), a trend of the 30 days ending with `to`, and Amazon's
 * thresholds with the channels at risk. Day numbers come from the KPI day cache, the age of open backorders
 * from the clock cache. With `background`, the day under way may be served up to REVALIDATE_MS old while it
 * is computed again after the answer.
 */
export async function kpiDashboard(
  db: D1Database,
  q: KpiQuery,
  asOf = new Date().toISOString(),
  background?: Background,
) {
  const ctx = reportContext(q.timeZone, asOf);
  const filter = { channel: q.channel, location: q.location };
  const range = daysFrom(q.from, q.to);
  const trendDays = daysEnding(q.to, TREND_DAYS);
  // Amazon's windows end today, whatever range is asked for.
  const today = ctx.dayOf(asOf);
  const healthDays = daysEnding(today, HEALTH_DAYS);
  const [numbers, clock] = await Promise.all([
    kpiDayNumbers(db, ctx, filter, [...range, ...trendDays, ...healthDays], background),
    clockKpiNumbers(db, ctx, filter),
  ]);
  const inRange = today >= q.from && today <= q.to;
  const amazonChannels = new Set([...numbers.values()].flatMap((n) => n.amazonChannels));
  const health = amazonHealthLines([...amazonChannels], today, (channel, metric, from, to) =>
    windowRate(numbers, channel, metric, from, to),
  );
  return {
    from: q.from,
    to: q.to,
    time_zone: ctx.timeZone,
    as_of: new Date(ctx.asOf).toISOString(),
    kpis: kpiDefinitions(ctx).map((kpi) => {
      const now = clock[kpi.id];
      return {
        id: kpi.id,
        title: kpi.title,
        definition: kpi.definition,
        buckets: now
          ? inRange
            ? now.buckets
            : []
          : range.flatMap((day) => numbers.get(day)?.kpis[kpi.id]?.buckets ?? []),
        trend: trendDays.map((day) => {
          if (now) return (day === today && now.trend) || { day };
          return numbers.get(day)?.kpis[kpi.id]?.trend ?? { day };
        }),
      };
    }),
    amazon: {
      thresholds: summaryOf(AMAZON_THRESHOLDS),
      lines: health.lines.map(healthLine),
      alerts: health.alerts.map(healthLine),
    },
  };
}
