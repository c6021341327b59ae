/** Amazon account health as the dashboard lists it: each channel's three metrics against Amazon's targets. */
import type { KpiAnswer } from '../report-types.ts';
import { formatDay } from './report-days.ts';
import { formatPercent } from './report-format.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface HealthLine {
  channel: string;
  metric: string;
  rate: string;
  counted: string;
  window: string;
  target: string;
  status: 'at_risk' | 'ok' | 'no_data';
}

/** Each metric's limit as a ratio, to draw on its trend chart. */
export function amazonTargets(amazon: KpiAnswer['amazon']): Record<string, number> {
  if (!isObject(amazon.thresholds)) return {};
  return Object.fromEntries(
    Object.entries(amazon.thresholds).flatMap(([metric, t]) =>
      isObject(t) && typeof t.line === 'number' ? [[metric, t.line]] : [],
    ),
  );
}

function lineOf(raw: unknown, thresholds: Json): HealthLine | null {
  if (!isObject(raw) || typeof raw.channel !== 'string' || typeof raw.metric !== 'string') return null;
  const rate = isObject(raw.rate) ? raw.rate : {};
  const numerator = typeof rate.numerator === 'number' ? rate.numerator : 0;
  const denominator = typeof rate.denominator === 'number' ? rate.denominator : 0;
  const threshold = thresholds[raw.metric];
  return {
    channel: raw.channel,
    metric: raw.metric,
    rate: formatPercent(denominator ? numerator / denominator : null),
    counted: `${numerator} of ${denominator}`,
    window:
      typeof raw.from === 'string' && typeof raw.to === 'string'
        ? `${formatDay(raw.from)} – ${formatDay(raw.to)}`
        : '',
    target: isObject(threshold) && typeof threshold.wording === 'string' ? threshold.wording : '',
    status: raw.at_risk === true ? 'at_risk' : raw.at_risk === false ? 'ok' : 'no_data',
  };
}

/** Every line, and those at risk (the API's alerts). */
export function amazonHealth(amazon: KpiAnswer['amazon']): { lines: HealthLine[]; alerts: HealthLine[] } {
  const thresholds = isObject(amazon.thresholds) ? amazon.thresholds : {};
  const read = (list: unknown[]) => list.flatMap((l) => lineOf(l, thresholds) ?? []);
  return { lines: read(amazon.lines), alerts: read(amazon.alerts) };
}

export const metricLabel = (metric: string) =>
  (metric.charAt(0).toUpperCase() + metric.slice(1)).replaceAll('_', ' ');
