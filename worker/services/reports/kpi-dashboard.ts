import {
  AMAZON_THRESHOLDS,
  type AmazonHealthLine,
  amazonAccountHealth,
} from '../../domain/kpi/amazon-health';
import { betweenDays } from '../../domain/kpi/buckets';
import { daysEnding } from '../../domain/kpi/context';
import type { KpiFacts } from '../../domain/kpi/facts';
import { allKpis } from './all-kpis';
import { summaryOf } from './kpi-wire';
import { loadKpiFacts } from './load-kpi-facts';
import { reportContext, scopeForDays, TREND_DAYS, trendStart } from './report-window';

export interface KpiQuery {
  from: string;
  to: string;
  timeZone: string;
  channel?: string;
  location?: string;
}

// Every channel and location as one, so each day of the trend is one bucket per KPI.
const collapsed = (facts: KpiFacts): KpiFacts => ({
  ...facts,
  orders: facts.orders.map((o) => ({ ...o, channel: 'all' })),
  shipments: facts.shipments.map((s) => ({ ...s, location: 'all' })),
  backorders: facts.backorders.map((b) => ({ ...b, location: null })),
});

const healthLine = (l: AmazonHealthLine) => ({
  ...(summaryOf(l) as object),
  ratio: l.rate.ratio,
});

/**
 * Every KPI for the days [from, to] in the account's zone: definition, buckets per channel, location and day
 * (numbers only: the drill-down lists the orders), a trend of the 30 days ending with `to`, and Amazon's
 * thresholds with the channels at risk.
 */
export async function kpiDashboard(db: D1Database, q: KpiQuery, asOf = new Date().toISOString()) {
  const ctx = reportContext(q.timeZone, asOf);
  const firstTrendDay = trendStart(q.to);
  const [first] = [q.from, firstTrendDay].sort();
  // Amazon's windows end today, whatever range is asked for.
  const today = ctx.dayOf(asOf);
  const facts = await loadKpiFacts(db, scopeForDays(first!, [q.to, today].sort()[1]!, q));
  const kpis = allKpis(facts, ctx);
  const trend = allKpis(collapsed(facts), ctx);
  const days = daysEnding(q.to, TREND_DAYS);
  const health = amazonAccountHealth(facts, ctx);
  return {
    from: q.from,
    to: q.to,
    time_zone: ctx.timeZone,
    as_of: new Date(ctx.asOf).toISOString(),
    kpis: kpis.map((kpi, i) => {
      const byDay = new Map(trend[i]!.buckets.map((b) => [b.day, b]));
      return {
        id: kpi.id,
        title: kpi.title,
        definition: kpi.definition,
        buckets: summaryOf(betweenDays(kpi.buckets, q.from, q.to)),
        trend: days.map((day) => {
          const bucket = byDay.get(day);
          return bucket ? summaryOf({ ...bucket, channel: undefined, location: undefined }) : { day };
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
