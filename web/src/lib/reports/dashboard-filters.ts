/** The dashboard's filters as they live in the URL, and the links that carry them on. */
import { addDays, daysBetween, isDay } from './report-days.ts';

export interface DashboardFilters {
  from: string;
  to: string;
  channel: string;
  location: string;
}

/** The API reports at most this many days at once. */
export const MAX_DAYS = 366;

/** The filters in `params`; a missing or unreadable day means today. */
export function filtersFrom(params: Pick<URLSearchParams, 'get'>, today: string): DashboardFilters {
  const to = params.get('to');
  const from = params.get('from');
  return {
    from: isDay(from) ? from : isDay(to) ? to : today,
    to: isDay(to) ? to : today,
    channel: params.get('channel') ?? '',
    location: params.get('location') ?? '',
  };
}

/** Why the API would refuse these days, or null when it will answer. */
export function rangeProblem({ from, to }: Pick<DashboardFilters, 'from' | 'to'>): string | null {
  if (from > to) return 'The first day is after the last day.';
  if (daysBetween(from, to) > MAX_DAYS) return `Choose at most ${MAX_DAYS} days.`;
  return null;
}

/** The quick ranges, each ending today. */
export const PRESETS = [
  { label: 'Today', days: 1 },
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
] as const;

export const presetRange = (today: string, days: number) => ({ from: addDays(today, 1 - days), to: today });

const query = (entries: Record<string, string>) => {
  const params = new URLSearchParams(Object.entries(entries).filter(([, v]) => v !== ''));
  const text = params.toString();
  return text ? `?${text}` : '';
};

export const dashboardHref = (f: DashboardFilters) => `/dashboard${query({ ...f })}`;

/** The screen listing the orders behind a KPI's number on one day of the range. */
export const drillHref = (kpi: string, day: string, f: DashboardFilters) =>
  `/dashboard/orders${query({ kpi, day, ...f })}`;

/** The same orders as a CSV file, straight from the API (the session cookie goes with the download). */
export const drillCsvHref = (
  kpi: string,
  day: string,
  f: Pick<DashboardFilters, 'channel' | 'location'>,
  tz: string,
) =>
  `/api/v1/reports/kpis/${encodeURIComponent(kpi)}/orders${query({
    day,
    channel: f.channel,
    location: f.location,
    tz,
    format: 'csv',
  })}`;
