import { describe, expect, it } from 'vitest';
import { dayEnd, dayStart, hourKey, hoursOfDays } from '../../../worker/domain/kpi/day-hours';
import { context } from './facts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('dayStart', () => {
  it.each([
    ['UTC', '2025-03-11', '2025-03-11T00:00:00.000Z'],
    // Los Angeles is UTC-7 once summer time began on March 9, UTC-8 the day before
    ['America/Los_Angeles', '2025-03-11', '2025-03-11T07:00:00.000Z'],
    ['America/Los_Angeles', '2025-03-09', '2025-03-09T08:00:00.000Z'],
    ['Asia/Tokyo', '2025-03-11', '2025-03-10T15:00:00.000Z'],
    // half and quarter hour zones
    ['Asia/Kolkata', '2025-03-11', '2025-03-10T18:30:00.000Z'],
    ['Asia/Kathmandu', '2025-03-11', '2025-03-10T18:15:00.000Z'],
    // the zones furthest from UTC
    ['Pacific/Kiritimati', '2025-03-11', '2025-03-10T10:00:00.000Z'],
    ['Pacific/Pago_Pago', '2025-03-11', '2025-03-11T11:00:00.000Z'],
  ])('in %s, %s starts at %s', (zone, day, start) => {
    expect(iso(dayStart(context('2025-04-01T00:00:00Z', zone), day))).toBe(start);
  });

  it('makes a day of 23 hours when summer time begins and of 25 when it ends (Berlin)', () => {
    const ctx = context('2025-12-01T00:00:00Z', 'Europe/Berlin');
    expect((dayEnd(ctx, '2025-03-30') - dayStart(ctx, '2025-03-30')) / 3_600_000).toBe(23);
    expect((dayEnd(ctx, '2025-10-26') - dayStart(ctx, '2025-10-26')) / 3_600_000).toBe(25);
  });
});

describe('hoursOfDays', () => {
  it('covers the days with an hour of slack each side, as UTC hour keys', () => {
    const ctx = context('2025-04-01T00:00:00Z', 'America/New_York');
    // New York is UTC-4 from March 9: the 11th runs 04:00Z on the 11th to 04:00Z on the 13th for two days
    expect(hoursOfDays(ctx, '2025-03-11', '2025-03-12')).toEqual({
      start: '2025-03-11T03',
      end: '2025-03-13T05',
    });
  });

  it('floors a half-hour start to its hour, so no event of the day is left out', () => {
    const ctx = context('2025-04-01T00:00:00Z', 'Asia/Kolkata');
    const { start, end } = hoursOfDays(ctx, '2025-03-11', '2025-03-11');
    expect(start).toBe('2025-03-10T17');
    expect(end).toBe('2025-03-11T19');
    expect(hourKey(Date.parse('2025-03-10T18:30:00Z'))).toBe('2025-03-10T18');
  });
});
