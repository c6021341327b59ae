import { describe, expect, it } from 'vitest';
import { chooseRate, type RateRule } from '../../../worker/domain/carriers/rate-shop';
import type { Rate } from '../../../worker/domain/carriers/types';

const rate = (carrier: string, service: string, amount: number, delivery_days: number | null): Rate => ({
  carrier,
  service,
  amount,
  currency: 'USD',
  delivery_days,
  rate_id: `rate_${carrier}_${service}`,
});

const UPS_GROUND = rate('UPS', 'Ground', 900, 5);
const USPS_PRIORITY = rate('USPS', 'Priority', 1100, 2);
const FEDEX_2DAY = rate('FedEx', '2Day', 1100, 2);
const USPS_GROUND = rate('USPS', 'GroundAdvantage', 820, 3);
const DHL_EXPRESS = rate('DHLExpress', 'ExpressWorldwide', 3000, 1);
const MYSTERY = rate('CheapCo', 'Economy', 500, null);
const ALL = [UPS_GROUND, USPS_PRIORITY, FEDEX_2DAY, USPS_GROUND, DHL_EXPRESS, MYSTERY];

/** "USPS Priority" or "late DHLExpress ExpressWorldwide" or the failure code. */
function pick(rates: Rate[], rule?: RateRule): string {
  const c = chooseRate(rates, rule);
  return c.ok ? `${c.late ? 'late ' : ''}${c.rate.carrier} ${c.rate.service}` : c.failure.code;
}

describe('chooseRate', () => {
  it.each<[string, Rate[], RateRule | undefined, string]>([
    ['without a promise, the cheapest rate, even with unknown days', ALL, undefined, 'CheapCo Economy'],
    [
      'a 3-day promise: the cheapest rate that arrives in 3 days',
      ALL,
      { promise_days: 3 },
      'USPS GroundAdvantage',
    ],
    [
      'a 2-day promise with a price tie: fewer days, then carrier name',
      ALL,
      { promise_days: 2 },
      'FedEx 2Day',
    ],
    [
      'a 1-day promise: only the express rate meets it',
      ALL,
      { promise_days: 1 },
      'DHLExpress ExpressWorldwide',
    ],
    [
      'a promise nobody meets: the fastest, flagged late',
      ALL,
      { promise_days: 0 },
      'late DHLExpress ExpressWorldwide',
    ],
    ['unknown delivery days never meet a promise', [MYSTERY, UPS_GROUND], { promise_days: 5 }, 'UPS Ground'],
    [
      'only unknown days and a promise: the cheapest of them, late',
      [MYSTERY, rate('Z', 'Slow', 700, null)],
      { promise_days: 2 },
      'late CheapCo Economy',
    ],
    [
      'allowed services only, matched case-insensitively',
      ALL,
      { promise_days: 2, allowed: [{ carrier: 'usps', service: 'priority' }] },
      'USPS Priority',
    ],
    ['an empty allow-list allows everything', ALL, { allowed: [] }, 'CheapCo Economy'],
    [
      'nothing allowed: rate_unavailable',
      ALL,
      { allowed: [{ carrier: 'Royal Mail', service: 'Tracked 24' }] },
      'rate_unavailable',
    ],
    ['no rates at all: rate_unavailable', [], { promise_days: 2 }, 'rate_unavailable'],
    [
      'prefer fastest: the quickest rate outright',
      ALL,
      { prefer: 'fastest', promise_days: 3 },
      'DHLExpress ExpressWorldwide',
    ],
    [
      'prefer fastest, equal days: the cheaper one',
      [USPS_PRIORITY, rate('USPS', 'Express', 5120, 2)],
      { prefer: 'fastest' },
      'USPS Priority',
    ],
    [
      'prefer fastest that still misses the promise is late',
      [UPS_GROUND],
      { prefer: 'fastest', promise_days: 2 },
      'late UPS Ground',
    ],
    [
      'equal prices: fewer days first',
      [UPS_GROUND, rate('OnTrac', 'Ground', 900, 4)],
      undefined,
      'OnTrac Ground',
    ],
  ])('%s', (_name, rates, rule, expected) => {
    expect(pick(rates, rule)).toBe(expected);
  });

  it('explains a rate_unavailable failure and offers changing the service', () => {
    expect(chooseRate([], {})).toEqual({
      ok: false,
      failure: {
        code: 'rate_unavailable',
        message: 'No carrier returned a rate.',
        actions: ['change_service', 'retry', 'enter_tracking'],
      },
    });
  });

  it('does not reorder the rates it was given', () => {
    const rates = [...ALL];
    chooseRate(rates, { promise_days: 2 });
    chooseRate(rates, { prefer: 'fastest' });
    expect(rates).toEqual(ALL);
  });
});
