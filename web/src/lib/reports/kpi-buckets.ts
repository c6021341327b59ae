/**
 * The KPI buckets as the API sends them (typed `unknown` there: each KPI has its own numbers), read into
 * the few shapes the dashboard shows. A number the API left out reads as absent, never as zero.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (o: Json, key: string): number | null => (typeof o[key] === 'number' ? (o[key] as number) : null);

/** Every bucket and trend point has its day; channel and location are absent on trend points. */
export interface BucketBase {
  day: string;
  channel?: string;
  location?: string | null;
  raw: Json;
}

export const bucketsOf = (value: unknown): BucketBase[] =>
  (Array.isArray(value) ? value : []).filter(isObject).flatMap((raw) =>
    typeof raw.day === 'string'
      ? [
          {
            day: raw.day,
            channel: typeof raw.channel === 'string' ? raw.channel : undefined,
            location: typeof raw.location === 'string' ? raw.location : null,
            raw,
          },
        ]
      : [],
  );

export interface RateNumbers {
  numerator: number;
  denominator: number;
}

export function rateOf(b: BucketBase): RateNumbers | null {
  const numerator = num(b.raw, 'numerator');
  const denominator = num(b.raw, 'denominator');
  return numerator === null || denominator === null ? null : { numerator, denominator };
}

/** Order-to-label and backorder age: a count and nearest-rank percentiles in milliseconds. */
export interface Percentiles {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
  maxMs: number | null;
}

export function percentilesOf(b: BucketBase): Percentiles | null {
  const count = num(b.raw, 'shipments') ?? num(b.raw, 'backorders');
  if (count === null) return null;
  return {
    count,
    p50Ms: num(b.raw, 'p50_ms'),
    p90Ms: num(b.raw, 'p90_ms'),
    maxMs: num(b.raw, 'max_ms') ?? num(b.raw, 'oldest_ms'),
  };
}

export interface Incidents {
  incidents: number;
  units: number;
  byCause: Record<string, { incidents: number; units: number }>;
}

export function incidentsOf(b: BucketBase): Incidents | null {
  const incidents = num(b.raw, 'incidents');
  const units = num(b.raw, 'units');
  if (incidents === null || units === null) return null;
  const byCause: Incidents['byCause'] = {};
  if (isObject(b.raw.by_cause)) {
    for (const [cause, tally] of Object.entries(b.raw.by_cause)) {
      if (!isObject(tally)) continue;
      byCause[cause] = { incidents: num(tally, 'incidents') ?? 0, units: num(tally, 'units') ?? 0 };
    }
  }
  return { incidents, units, byCause };
}

/** Money per currency (minor units): cost per order's `costs`, profitability's `currencies`. */
export function moneyOf(b: BucketBase, key: 'costs' | 'currencies'): Record<string, Json> {
  const value = b.raw[key];
  return isObject(value)
    ? (Object.fromEntries(Object.entries(value).filter(([, v]) => isObject(v))) as Record<string, Json>)
    : {};
}

export const amount = (line: Json, key: string): number => num(line, key) ?? 0;
