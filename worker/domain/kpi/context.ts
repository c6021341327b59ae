/** The account's clock for KPIs: which calendar day an instant falls on in its time zone, and "now". */

export interface KpiContext {
  timeZone: string;
  /** The moment the report is computed for; nothing after it is known. */
  asOf: number;
  /** The calendar day (YYYY-MM-DD) of an instant in the account's time zone. */
  dayOf(iso: string): string;
}

export type KpiContextResult =
  | { ok: true; context: KpiContext }
  | { ok: false; code: 'invalid_time_zone'; timeZone: string }
  | { ok: false; code: 'invalid_as_of'; asOf: string };

/** Milliseconds since the epoch of an ISO instant; throws on text that is not one (facts come from our own rows). */
export function instant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Not an ISO instant: ${JSON.stringify(iso)}`);
  return ms;
}

function dayFormatter(timeZone: string): Intl.DateTimeFormat | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    return null; // RangeError: not an IANA zone the runtime knows
  }
}

/** A context for an IANA time zone and an ISO `asOf`; refuses a zone or instant it cannot read. */
export function kpiContext(timeZone: string, asOf: string): KpiContextResult {
  const format = dayFormatter(timeZone);
  if (!format) return { ok: false, code: 'invalid_time_zone', timeZone };
  const asOfMs = Date.parse(asOf);
  if (Number.isNaN(asOfMs)) return { ok: false, code: 'invalid_as_of', asOf };
  const dayOf = (iso: string) => {
    const parts = Object.fromEntries(format.formatToParts(instant(iso)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  };
  return { ok: true, context: { timeZone, asOf: asOfMs, dayOf } };
}

/** The `count` calendar days ending with `lastDay` (inclusive), oldest first. */
export function daysEnding(lastDay: string, count: number): string[] {
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) =>
    new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}
