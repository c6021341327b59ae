/** Unit and money conversions for carrier payloads, in integer arithmetic so no float rounding leaks in. */
import type { Parcel } from './types';

// Exact by definition (1 lb = 0.45359237 kg, 1 oz = 1/16 lb, 1 in = 25.4 mm), as [numerator, denominator].
const GRAMS_PER = {
  oz: [28_349_523_125n, 1_000_000_000n],
  lb: [45_359_237n, 100_000n],
  kg: [1000n, 1n],
} as const;
const MM_PER = { in: [254n, 10n], cm: [10n, 1n] } as const;

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

function convertUp(value: number, [num, den]: readonly [bigint, bigint], places: number): number {
  const scale = 10n ** BigInt(places);
  const scaled = ceilDiv(BigInt(Math.ceil(value)) * den * scale, num);
  return Number(scaled) / 10 ** places;
}

/**
 * Grams in another unit, rounded UP to `places` decimals: a declared weight below the real one gets the
 * shipment re-weighed and surcharged, one slightly above costs nothing.
 */
export const fromGrams = (grams: number, unit: keyof typeof GRAMS_PER, places: number) =>
  convertUp(grams, GRAMS_PER[unit], places);

/** Millimetres in inches or centimetres, rounded up for the same reason as weight. */
export const fromMm = (mm: number, unit: keyof typeof MM_PER, places: number) =>
  convertUp(mm, MM_PER[unit], places);

/** Length, width and height in one unit, or null unless all three are known (carriers take them as a set). */
export function parcelDims(p: Parcel, unit: keyof typeof MM_PER, places: number) {
  const { length_mm: l, width_mm: w, height_mm: h } = p;
  if (!l || !w || !h) return null;
  return { length: fromMm(l, unit, places), width: fromMm(w, unit, places), height: fromMm(h, unit, places) };
}

// ISO 4217 minor-unit exponents that are not 2; the few carriers we use quote in these at most.
const EXPONENT: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  CLP: 0,
  ISK: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

export const currencyExponent = (currency: string) => EXPONENT[currency.toUpperCase()] ?? 2;

/**
 * A decimal string ("7.58", "5.5", "1.24995") in integer minor units, parsed digit by digit.
 * Digits beyond the currency's exponent round half up. Null when the string is not a plain decimal.
 */
export function decimalToMinor(value: string, currency: string): number | null {
  const m = /^\s*(-?)(\d+)(?:\.(\d*))?\s*$/.exec(value);
  if (!m) return null;
  const [, sign = '', whole = '0', frac = ''] = m;
  const exp = currencyExponent(currency);
  const kept = frac.slice(0, exp).padEnd(exp, '0');
  let minor = BigInt(whole + kept);
  if ((frac[exp] ?? '0') >= '5') minor += 1n;
  const n = Number(minor);
  return sign === '-' && n !== 0 ? -n : n;
}
