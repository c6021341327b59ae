/** The number at the top of each KPI's card, summed over the range the filters chose. */
import { formatMoney } from '../format.ts';
import type { KpiSummary } from '../report-types.ts';
import {
  amount,
  type BucketBase,
  bucketsOf,
  incidentsOf,
  moneyOf,
  percentilesOf,
  rateOf,
} from './kpi-buckets.ts';
import { formatDay } from './report-days.ts';
import { formatDuration, formatPercent, plural } from './report-format.ts';

export interface Headline {
  id: string;
  title: string;
  definition: string;
  value: string;
  detail: string;
  /** The day whose orders a tap lists (the latest with anything counted); null when nothing was. */
  drillDay: string | null;
}

/** What one unit of the percentile KPIs is called. */
const PERCENTILE_UNITS: Record<string, string> = {
  order_to_label_time: 'shipment',
  backorder_age: 'backorder',
};

const latestDay = (buckets: BucketBase[]) =>
  buckets
    .map((b) => b.day)
    .sort()
    .at(-1) ?? null;

const nothing = (kpi: KpiSummary): Headline => ({
  ...kpi,
  value: '–',
  detail: 'Nothing counted in these days',
  drillDay: null,
});

// Percentiles of different days cannot be added up: one day shows that day's exact p50 and p90 (the trend
// point, all channels and locations together); a longer range shows its worst day's p90.
function percentileHeadline(kpi: KpiSummary, unit: string, range: { from: string; to: string }): Headline {
  const buckets = bucketsOf(kpi.buckets);
  const count = buckets.reduce((s, b) => s + (percentilesOf(b)?.count ?? 0), 0);
  if (count === 0) return nothing(kpi);
  const drillDay = latestDay(buckets);
  const trend = bucketsOf(kpi.trend).filter((p) => p.day >= range.from && p.day <= range.to);
  const coversRange = trend.length > 0 && trend[0]!.day === range.from;
  const days = (coversRange ? trend : buckets).flatMap((b) => {
    const p = percentilesOf(b);
    return p && p.count > 0 ? [{ day: b.day, ...p }] : [];
  });
  if (range.from === range.to && coversRange && days.length === 1) {
    const [day] = days;
    return {
      ...kpi,
      value: `p50 ${formatDuration(day!.p50Ms)}`,
      detail: `p90 ${formatDuration(day!.p90Ms)} · ${plural(count, unit)}`,
      drillDay,
    };
  }
  const worst = days.reduce((a, b) => ((b.p90Ms ?? 0) > (a.p90Ms ?? 0) ? b : a));
  const where = coversRange ? `worst day ${formatDay(worst.day)}` : `worst day, channel and location`;
  return {
    ...kpi,
    value: `p90 ${formatDuration(worst.p90Ms)}`,
    detail: `${where} · ${plural(count, unit)}`,
    drillDay,
  };
}

function rateHeadline(kpi: KpiSummary): Headline {
  const counted = bucketsOf(kpi.buckets).filter((b) => (rateOf(b)?.denominator ?? 0) > 0);
  const numerator = counted.reduce((s, b) => s + rateOf(b)!.numerator, 0);
  const denominator = counted.reduce((s, b) => s + rateOf(b)!.denominator, 0);
  if (denominator === 0) return nothing(kpi);
  return {
    ...kpi,
    value: formatPercent(numerator / denominator),
    detail: `${numerator} of ${denominator}`,
    drillDay: latestDay(counted),
  };
}

function oversellHeadline(kpi: KpiSummary): Headline {
  const buckets = bucketsOf(kpi.buckets);
  const tallies = buckets.flatMap((b) => incidentsOf(b) ?? []);
  const incidents = tallies.reduce((s, t) => s + t.incidents, 0);
  const units = tallies.reduce((s, t) => s + t.units, 0);
  const causes = new Map<string, number>();
  for (const t of tallies) {
    for (const [cause, c] of Object.entries(t.byCause))
      causes.set(cause, (causes.get(cause) ?? 0) + c.incidents);
  }
  const byCause = [...causes].map(([cause, n]) => `${cause.replaceAll('_', ' ')} ${n}`);
  return {
    ...kpi,
    value: String(incidents),
    detail: incidents ? [plural(units, 'unit'), ...byCause].join(' · ') : 'None in these days',
    drillDay: incidents ? latestDay(buckets) : null,
  };
}

/** Sums each currency's `field` over the buckets; `per` also counts the buckets' `orders`. */
function moneyHeadline(kpi: KpiSummary, key: 'costs' | 'currencies', field: string, per: boolean): Headline {
  const buckets = bucketsOf(kpi.buckets);
  if (buckets.length === 0) return nothing(kpi);
  const sums = new Map<string, { total: number; orders: number }>();
  for (const b of buckets) {
    const orders = typeof b.raw.orders === 'number' ? b.raw.orders : 0;
    for (const [currency, line] of Object.entries(moneyOf(b, key))) {
      const sum = sums.get(currency) ?? { total: 0, orders: 0 };
      sums.set(currency, { total: sum.total + amount(line, field), orders: sum.orders + orders });
    }
  }
  const values = [...sums].map(([currency, s]) =>
    formatMoney(per ? Math.round(s.total / Math.max(s.orders, 1)) : s.total, currency),
  );
  const orders = buckets.reduce((s, b) => s + (typeof b.raw.orders === 'number' ? b.raw.orders : 0), 0);
  return {
    ...kpi,
    value: values[0] ?? '–',
    detail: [
      ...values.slice(1),
      per ? plural(orders, 'order') : 'after COGS, fees, shipping and refunds',
    ].join(' · '),
    drillDay: latestDay(buckets),
  };
}

/** The headline of any KPI; an id the app does not know is shown as a rate when it has one. */
export function headlineOf(kpi: KpiSummary, range: { from: string; to: string }): Headline {
  const unit = PERCENTILE_UNITS[kpi.id];
  if (unit) return percentileHeadline(kpi, unit, range);
  if (kpi.id === 'oversell_incidents') return oversellHeadline(kpi);
  if (kpi.id === 'cost_per_order') return moneyHeadline(kpi, 'costs', 'total', true);
  if (kpi.id === 'profitability') return moneyHeadline(kpi, 'currencies', 'profit', false);
  return rateHeadline(kpi);
}

/** The cards in the order an owner reads them: fulfilment speed and oversells first. */
export const FIRST = ['order_to_label_time', 'oversell_incidents', 'on_time_ship_rate', 'late_shipment_rate'];

export const byImportance = (a: { id: string }, b: { id: string }) => {
  const rank = (id: string) => (FIRST.includes(id) ? FIRST.indexOf(id) : FIRST.length);
  return rank(a.id) - rank(b.id);
};
