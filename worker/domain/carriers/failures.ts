/** Label failures: one code per cause a packer can act on, and the actions the exception offers for it. */
import type { LabelAction, LabelFailure, LabelFailureCode, Parcel } from './types';

// Every failure keeps "enter tracking by hand": the parcel may already have gone out on another label.
const ACTIONS: Record<LabelFailureCode, LabelAction[]> = {
  address_invalid: ['retry', 'enter_tracking'],
  weight_missing: ['retry', 'enter_tracking'],
  carrier_unavailable: ['retry', 'change_service', 'enter_tracking'],
  insufficient_funds: ['retry', 'enter_tracking'],
  rate_unavailable: ['change_service', 'retry', 'enter_tracking'],
  unknown: ['retry', 'change_service', 'enter_tracking'],
};

export const labelFailure = (code: LabelFailureCode, message: string): LabelFailure => ({
  code,
  message,
  actions: [...ACTIONS[code]],
});

/** The failed Result of a parser, in one call. */
export const failed = (code: LabelFailureCode, message: string): { ok: false; failure: LabelFailure } => ({
  ok: false,
  failure: labelFailure(code, message),
});

/**
 * A cause guessed from a carrier's free text, for providers without stable error codes (Shippo messages,
 * EasyPost codes we do not know). Order matters: "insufficient funds" must not read as a weight problem.
 */
export function codeFromText(text: string): LabelFailureCode {
  const t = text.toLowerCase();
  if (/insufficient|balance|funds|payment|billing|credit card/.test(t)) return 'insufficient_funds';
  if (/timed? ?out|timeout|unavailable|did not respond|try again|temporarily|service error/.test(t)) {
    return 'carrier_unavailable';
  }
  if (/weight|mass|\bweigh/.test(t)) return 'weight_missing';
  if (/address|street|zip|postal|city|state|country/.test(t)) return 'address_invalid';
  if (/\brates?\b|service ?level|not allowed for this service/.test(t)) return 'rate_unavailable';
  return 'unknown';
}

/** Status codes that mean "ask again later", whatever the body says. */
export const isTransientStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/** Refuses a parcel no carrier would rate: no weight, or dimensions that are not positive. */
export function parcelFailure(parcel: Parcel): LabelFailure | null {
  const w = parcel.weight_grams;
  if (!Number.isFinite(w) || w <= 0) return labelFailure('weight_missing', 'The parcel has no weight.');
  const dims = [parcel.length_mm, parcel.width_mm, parcel.height_mm].filter((d) => d !== undefined);
  if (dims.some((d) => !Number.isFinite(d) || d <= 0)) {
    return labelFailure('unknown', 'Parcel dimensions must be positive numbers of millimetres.');
  }
  return null;
}
