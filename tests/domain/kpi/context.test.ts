import { describe, expect, it } from 'vitest';
import { daysEnding, instant, kpiContext } from '../../../worker/domain/kpi/context';
import { nearestRank } from '../../../worker/domain/kpi/percentile';
import { context } from './facts';

describe('dayOf', () => {
  it.each([
    // the same instant is the 11th in UTC and still the 10th in Los Angeles (PDT, UTC-7 since March 9)
    ['UTC', '2025-03-11T03:30:00Z', '2025-03-11'],
    ['America/Los_Angeles', '2025-03-11T03:30:00Z', '2025-03-10'],
    ['America/Los_Angeles', '2025-03-11T06:59:59.999Z', '2025-03-10'],
    ['America/Los_Angeles', '2025-03-11T07:00:00Z', '2025-03-11'],
    // Tokyo is UTC+9 all year: 16:00Z is 01:00 the next day
    ['Asia/Tokyo', '2025-03-10T16:00:00Z', '2025-03-11'],
    ['Asia/Tokyo', '2025-03-10T14:59:59Z', '2025-03-10'],
    // Berlin changes to summer time on March 30: midnight is 23:00Z before, 22:00Z after
    ['Europe/Berlin', '2025-03-29T23:30:00Z', '2025-03-30'],
    ['Europe/Berlin', '2025-03-30T21:59:00Z', '2025-03-30'],
    ['Europe/Berlin', '2025-03-30T22:30:00Z', '2025-03-31'],
    // an instant written with an offset is the same instant
    ['UTC', '2025-03-10T23:30:00-05:00', '2025-03-11'],
  ])('in %s, %s is on %s', (zone, iso, day) => {
    expect(context('2025-04-01T00:00:00Z', zone).dayOf(iso)).toBe(day);
  });
});

describe('kpiContext', () => {
  it('refuses a time zone that is not an IANA zone', () => {
    expect(kpiContext('Mars/Olympus_Mons', '2025-04-01T00:00:00Z')).toEqual({
      ok: false,
      code: 'invalid_time_zone',
      timeZone: 'Mars/Olympus_Mons',
    });
  });

  it('refuses a report time that is not an instant', () => {
    expect(kpiContext('UTC', 'yesterday')).toEqual({ ok: false, code: 'invalid_as_of', asOf: 'yesterday' });
  });

  it('reads the report time as milliseconds', () => {
    expect(context('2025-04-01T00:00:00Z').asOf).toBe(Date.UTC(2025, 3, 1));
  });
});

describe('instant', () => {
  it('throws on a timestamp that is not one (a bug in the query, not user input)', () => {
    expect(() => instant('not a date')).toThrow(/Not an ISO instant/);
  });
});

describe('daysEnding', () => {
  it('lists calendar days oldest first, across a month end', () => {
    expect(daysEnding('2025-03-02', 4)).toEqual(['2025-02-27', '2025-02-28', '2025-03-01', '2025-03-02']);
  });

  it('is one day for a window of one', () => {
    expect(daysEnding('2025-03-02', 1)).toEqual(['2025-03-02']);
  });
});

describe('nearestRank', () => {
  const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
  it.each<[string, number[], number, number | null]>([
    ['no values: null', [], 50, null],
    ['one value is every percentile', [7], 90, 7],
    // rank = ceil(50% x 10) = 5 -> the 5th smallest
    ['p50 of 1..10 is the 5th value', ten, 50, 5],
    // rank = ceil(90% x 10) = 9
    ['p90 of 1..10 is the 9th value', ten, 90, 9],
    // rank = ceil(50% x 4) = 2: no averaging of the middle two
    ['p50 of four values is the 2nd, not an average', [40, 10, 30, 20], 50, 20],
    // rank = ceil(90% x 4) = ceil(3.6) = 4
    ['p90 of four values is the largest', [40, 10, 30, 20], 90, 40],
    // rank = ceil(90% x 30) = 27 exactly (no floating point drift to 28)
    ['p90 of 1..30 is 27', Array.from({ length: 30 }, (_, i) => 30 - i), 90, 27],
    ['p0 is the smallest', [3, 1, 2], 0, 1],
    ['p100 is the largest', [3, 1, 2], 100, 3],
  ])('%s', (_name, values, p, expected) => {
    expect(nearestRank(values, p)).toBe(expected);
  });

  it('does not reorder the values it was given', () => {
    const values = [3, 1, 2];
    nearestRank(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});
