import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantityToList, type StockRules } from '../../../worker/domain/channels/listed-quantity';

describe('quantity to list on a channel', () => {
  it.each<[string, number, StockRules, number]>([
    ['no rules lists everything', 12, {}, 12],
    ['the buffer is held back', 12, { buffer: 2 }, 10],
    ['a buffer larger than stock lists zero', 1, { buffer: 2 }, 0],
    ['a share rounds down', 5, { percent: 50 }, 2],
    ['the share applies before the buffer', 10, { percent: 50, buffer: 1 }, 4],
    ['the cap limits a large stock', 500, { max_listed: 30 }, 30],
    ['the cap does not raise a small stock', 3, { max_listed: 30 }, 3],
    ['below the floor the listing ends', 2, { end_when_below: 3 }, 0],
    ['at the floor the listing stays', 3, { end_when_below: 3 }, 3],
    ['floor after buffer: 5 less 3 is under 3', 5, { buffer: 3, end_when_below: 3 }, 0],
    ['everything at once', 100, { percent: 40, buffer: 5, end_when_below: 10, max_listed: 20 }, 20],
    ['negative available lists zero', -4, {}, 0],
  ])('%s', (_name, atp, rules, expected) => {
    expect(quantityToList(atp, rules)).toBe(expected);
  });

  it('never lists more than is available to promise, nor less than zero', () => {
    const rules = fc.record(
      {
        buffer: fc.nat(50),
        percent: fc.integer({ min: 0, max: 100 }),
        max_listed: fc.nat(200),
        end_when_below: fc.nat(20),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 10_000 }), rules, (atp, r) => {
        const q = quantityToList(atp, r);
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(Math.max(0, atp));
        expect(Number.isInteger(q)).toBe(true);
      }),
    );
  });
});
