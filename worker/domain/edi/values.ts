/** X12 simple data types (DT date, TM time, N0 count, R decimal) to and from our values. */
import { currencyExponent, MoneyFormatError, toMinorUnits } from '../money';

/** CCYYMMDD -> "YYYY-MM-DD", or null when it is not a calendar date. */
export function readDate(text: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? `${match[1]}-${match[2]}-${match[3]}`
    : null;
}

/** "YYYY-MM-DD" -> CCYYMMDD. */
export function formatDate(iso: string): string {
  const compact = iso.replaceAll('-', '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || readDate(compact) === null)
    throw new RangeError(`not a date: ${iso}`);
  return compact;
}

/** HHMM or HHMMSS -> "HH:MM" or "HH:MM:SS", or null when it is not a time of day. */
export function readTime(text: string): string | null {
  const match = /^([01]\d|2[0-3])([0-5]\d)([0-5]\d)?$/.exec(text);
  if (!match) return null;
  return [match[1], match[2], match[3]].filter((p) => p !== undefined).join(':');
}

/** "HH:MM" or "HH:MM:SS" -> HHMM or HHMMSS. */
export function formatTime(time: string): string {
  const compact = time.replaceAll(':', '');
  if (!/^\d{2}:\d{2}(:\d{2})?$/.test(time) || readTime(compact) === null)
    throw new RangeError(`not a time: ${time}`);
  return compact;
}

/** A whole non-negative quantity ("120", or "120.0" as R allows), or null. */
export function readCount(text: string): number | null {
  if (!/^\d{1,15}(\.0*)?$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a count: ${n}`);
  return String(n);
}

/**
 * An R decimal in `currency` -> integer minor units ("9.25" USD -> 925, ".5" -> 50), or null when it is
 * not a decimal or has digits below the currency's minor unit: those are refused, never rounded.
 */
export function readAmount(text: string, currency: string): number | null {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || `${match[2]}${match[3] ?? ''}` === '') return null;
  try {
    return toMinorUnits(`${match[1]}${match[2] || '0'}${match[3] ? `.${match[3]}` : ''}`, currency);
  } catch (error) {
    if (error instanceof MoneyFormatError) return null;
    throw error;
  }
}

/** Minor units -> the shortest R decimal (925 USD -> "9.25", 16000 USD -> "160", 950 USD -> "9.5"). */
export function formatAmount(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not minor units: ${minor}`);
  const exponent = currencyExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent).replace(/0+$/, '');
  return `${minor < 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** A non-negative R decimal as a number (weights), or null. */
export function readDecimal(text: string): number | null {
  return /^\d{1,12}(\.\d{1,6})?$/.test(text) ? Number(text) : null;
}

export function formatDecimal(n: number): string {
  const text = String(n);
  if (!Number.isFinite(n) || n < 0 || readDecimal(text) === null) throw new RangeError(`not a decimal: ${n}`);
  return text;
}
