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
