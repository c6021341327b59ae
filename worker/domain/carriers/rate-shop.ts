/** Rate shopping: which of the carriers' rates to buy. */
import { labelFailure } from './failures';
import type { LabelFailure, Rate, ServiceChoice } from './types';

export interface RateRule {
  /** Days the customer was promised; a rate meets it when its delivery_days is known and not larger. */
  promise_days?: number;
  /** Only these carrier + service pairs (case-insensitive); every rate when omitted or empty. */
  allowed?: ServiceChoice[];
  prefer?: 'cheapest' | 'fastest';
}

export type RateChoice = { ok: true; rate: Rate; late: boolean } | { ok: false; failure: LabelFailure };

// Unknown transit time sorts after every known one.
const byDays = (a: Rate, b: Rate) =>
  (a.delivery_days ?? Number.POSITIVE_INFINITY) - (b.delivery_days ?? Number.POSITIVE_INFINITY) || 0;
const byName = (a: Rate, b: Rate) => a.carrier.localeCompare(b.carrier) || a.service.localeCompare(b.service);
const cheapest = (a: Rate, b: Rate) => a.amount - b.amount || byDays(a, b) || byName(a, b);
const fastest = (a: Rate, b: Rate) => byDays(a, b) || a.amount - b.amount || byName(a, b);

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The cheapest rate that meets the promise (ties: fewer days, then carrier and service name). When none
 * meets it, the fastest rate flagged late; when no rate is allowed at all, a rate_unavailable failure.
 * With `prefer: 'fastest'` the fastest rate wins outright and is late only if it misses the promise.
 * Amounts are compared as they are: the rates of one shipment share a currency.
 */
export function chooseRate(rates: Rate[], rule: RateRule = {}): RateChoice {
  const allowed = rule.allowed?.length
    ? rates.filter((r) => rule.allowed?.some((a) => same(a.carrier, r.carrier) && same(a.service, r.service)))
    : rates;
  if (allowed.length === 0) {
    const why =
      rates.length === 0 ? 'No carrier returned a rate.' : 'No rate from the allowed carriers and services.';
    return { ok: false, failure: labelFailure('rate_unavailable', why) };
  }
  const meets = (r: Rate) =>
    rule.promise_days === undefined || (r.delivery_days !== null && r.delivery_days <= rule.promise_days);
  const quickest = [...allowed].sort(fastest)[0]!; // allowed is not empty
  if (rule.prefer === 'fastest') return { ok: true, rate: quickest, late: !meets(quickest) };
  const best = allowed.filter(meets).sort(cheapest)[0];
  return best ? { ok: true, rate: best, late: false } : { ok: true, rate: quickest, late: true };
}
