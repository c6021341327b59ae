import { describe, expect, it } from 'vitest';
import { codeFromText, parcelFailure } from '../../../worker/domain/carriers/failures';
import { fromGrams, fromMm, parcelDims } from '../../../worker/domain/carriers/units';
import { toMinorUnitsRounded as decimalToMinor } from '../../../worker/domain/money';

describe('toMinorUnitsRounded', () => {
  it.each([
    ['7.58', 'USD', 758],
    ['51.20', 'USD', 5120],
    ['5.5', 'USD', 550],
    ['12', 'USD', 1200],
    ['0.07', 'USD', 7],
    ['8.20000', 'USD', 820],
    ['1.24995', 'USD', 125],
    ['1.244', 'USD', 124],
    ['-3.10', 'EUR', -310],
    ['1000', 'JPY', 1000],
    ['1.5', 'jpy', 2],
    ['0.125', 'KWD', 125],
    ['abc', 'USD', null],
    ['', 'USD', null],
    ['1,50', 'EUR', null],
  ])('reads %s %s as %s minor units, from the digits alone', (value, currency, minor) => {
    expect(decimalToMinor(value, currency)).toBe(minor);
  });
});

describe('unit conversions', () => {
  it.each([
    [1868, 'oz', 1, 65.9],
    [100, 'oz', 1, 3.6],
    [1868, 'lb', 1, 4.2],
    [453, 'lb', 1, 1],
    [454, 'lb', 1, 1.1],
    [1868, 'kg', 3, 1.868],
    [1868.2, 'kg', 3, 1.869],
  ] as const)('%d g is %d %s rounded up to %d places', (grams, unit, places, expected) => {
    expect(fromGrams(grams, unit, places)).toBe(expected);
  });

  it('keeps an exact value exact instead of bumping it up', () => {
    expect(fromMm(127, 'in', 1)).toBe(5);
    expect(fromMm(254, 'in', 0)).toBe(10);
    expect(fromMm(510, 'cm', 1)).toBe(51);
  });

  it('rounds a length up to the next tenth', () => {
    expect(fromMm(513, 'in', 1)).toBe(20.2);
    expect(fromMm(276, 'in', 1)).toBe(10.9);
  });

  it('gives dimensions only as a complete set', () => {
    expect(parcelDims({ weight_grams: 1, length_mm: 10, width_mm: 10, height_mm: 10 }, 'cm', 1)).toEqual({
      length: 1,
      width: 1,
      height: 1,
    });
    expect(parcelDims({ weight_grams: 1, length_mm: 10, width_mm: 10 }, 'cm', 1)).toBeNull();
  });
});

describe('label failures', () => {
  it.each([
    [{ weight_grams: 0 }, 'weight_missing'],
    [{ weight_grams: Number.NaN }, 'weight_missing'],
    [{ weight_grams: 500, length_mm: -1 }, 'unknown'],
  ])('refuses the parcel %j as %s', (parcel, code) => {
    expect(parcelFailure(parcel)?.code).toBe(code);
  });

  it('accepts a parcel with a weight', () => {
    expect(parcelFailure({ weight_grams: 500 })).toBeNull();
  });

  it.each([
    ['There was an error generating the label.', 'unknown'],
    ['Insufficient funds in your account.', 'insufficient_funds'],
    ['Carrier service temporarily unavailable.', 'carrier_unavailable'],
    ['Invalid ZIP code for destination.', 'address_invalid'],
    ['No rates found for this service level.', 'rate_unavailable'],
  ])('reads "%s" as %s', (text, code) => {
    expect(codeFromText(text)).toBe(code);
  });
});
