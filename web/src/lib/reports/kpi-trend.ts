/** The 30-day trend of a KPI as chart series: one value per day, null where nothing was counted. */
import type { KpiSummary } from '../report-types.ts';
import { type BucketBase, bucketsOf, incidentsOf, percentilesOf, rateOf } from './kpi-buckets.ts';

export interface TrendSeries {
  label: string;
  values: (number | null)[];
}

export interface TrendChart {
  id: string;
  title: string;
  unit: string;
  days: string[];
  series: TrendSeries[];
  /** A target to draw across the chart (Amazon's limit for its metrics). */
  target: { label: string; value: number } | null;
}

const MINUTE = 60_000;

function rateSeries(points: BucketBase[]): TrendSeries[] {
  const values = points.map((p) => {
    const rate = rateOf(p);
    return rate && rate.denominator > 0 ? (rate.numerator / rate.denominator) * 100 : null;
  });
  return [{ label: 'Rate', values }];
}

function durationSeries(points: BucketBase[]): { unit: string; series: TrendSeries[] } {
  const all = points.map(percentilesOf);
  const longest = Math.max(0, ...all.map((p) => p?.p90Ms ?? 0));
  const [unit, per] =
    longest >= 120 * MINUTE ? ['h', 60 * MINUTE] : longest >= 2 * MINUTE ? ['min', MINUTE] : ['s', 1000];
  const at = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : ms / per);
  return {
    unit,
    series: [
      { label: 'p50', values: all.map((p) => (p && p.count > 0 ? at(p.p50Ms) : null)) },
      { label: 'p90', values: all.map((p) => (p && p.count > 0 ? at(p.p90Ms) : null)) },
    ],
  };
}

/**
 * The chart of a KPI's trend, or null for the KPIs a daily line does not tell (backorder age is a snapshot
 * of now; money is per currency). `targets` are Amazon's limits by KPI id, as ratios.
 */
export function trendChartOf(kpi: KpiSummary, targets: Record<string, number>): TrendChart | null {
  const points = bucketsOf(kpi.trend);
  const base = { id: kpi.id, title: kpi.title, days: points.map((p) => p.day) };
  if (kpi.id === 'order_to_label_time') return { ...base, ...durationSeries(points), target: null };
  if (kpi.id === 'oversell_incidents') {
    // a day without a bucket had no incident
    const values = points.map((p) => incidentsOf(p)?.incidents ?? 0);
    return { ...base, unit: '', series: [{ label: 'Incidents', values }], target: null };
  }
  if (!points.some((p) => rateOf(p) !== null)) return null;
  const target = targets[kpi.id];
  return {
    ...base,
    unit: '%',
    series: rateSeries(points),
    target: target === undefined ? null : { label: 'Amazon target', value: target * 100 },
  };
}
