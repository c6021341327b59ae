import {
  AMAZON_THRESHOLDS,
  type AmazonHealthLine,
  type AmazonMetric,
  amazonHealthLines,
} from '../../domain/kpi/amazon-health';
import { betweenDays, ratio } from '../../domain/kpi/buckets';
import { daysEnding } from '../../domain/kpi/context';
import { allKpis, kpiDefinitions } from './all-kpis';
import { CLOCK_KPIS, type DayNumbers, kpiDayNumbers } from './kpi-day-cache';
import { summaryOf } from './kpi-wire';
import { loadKpiFacts } from './load-kpi-facts';
import { collapsed, reportContext, TREND_DAYS } from './report-window';

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
 * thresholds with the channels at risk. Day numbers come from the KPI day cache; the age of open backorders
 * is computed at each request.
 */
export async function kpiDashboard(db: D1Database, q: KpiQuery, asOf = new Date().toISOString()) {
  const ctx = reportContext(q.timeZone, asOf);
  const filter = { channel: q.channel, location: q.location };
  const range = daysFrom(q.from, q.to);
  const trendDays = daysEnding(q.to, TREND_DAYS);
  // Amazon's windows end today, whatever range is asked for.
  const today = ctx.dayOf(asOf);
  const healthDays = daysEnding(today, HEALTH_DAYS);
  const [numbers, waiting] = await Promise.all([
    kpiDayNumbers(db, ctx, filter, [...range, ...trendDays, ...healthDays]),
    loadKpiFacts(db, { kind: 'open_backorders', ...filter }),
  ]);
  const clockKpis = new Map(
    allKpis(waiting.facts, ctx)
      .filter((k) => CLOCK_KPIS.has(k.id))
      .map((k) => [k.id, k]),
  );
  const clockTrend = new Map(
    allKpis(collapsed(waiting.facts), ctx)
      .filter((k) => CLOCK_KPIS.has(k.id))
      .map((k) => [k.id, new Map(k.buckets.map((b) => [b.day, b]))]),
  );
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
      const clock = clockKpis.get(kpi.id);
      return {
        id: kpi.id,
        title: kpi.title,
        definition: kpi.definition,
        buckets: clock
          ? summaryOf(betweenDays(clock.buckets, q.from, q.to))
          : range.flatMap((day) => numbers.get(day)?.kpis[kpi.id]?.buckets ?? []),
        trend: trendDays.map((day) => {
          if (clock) {
            const b = clockTrend.get(kpi.id)?.get(day);
            return b ? summaryOf({ ...b, channel: undefined, location: undefined }) : { day };
          }
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
