/** Money: decimal strings to integer minor units, by string arithmetic so no float ever rounds a price. */

export class MoneyFormatError extends Error {
  readonly code = 'invalid_money';
  constructor(
    readonly value: unknown,
    readonly currency: string,
    readonly field?: string,
    reason = 'is not a decimal amount',
  ) {
    super(`${field ?? 'amount'} ${JSON.stringify(value)} ${reason} in ${currency}`);
    this.name = 'MoneyFormatError';
  }
}

// ISO 4217 minor units that differ from the usual 2.
const EXPONENTS = new Map<string, number>(
  Object.entries({
    0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
    3: 'BHD IQD JOD KWD LYD OMR TND',
    4: 'CLF UYW',
  }).flatMap(([digits, codes]) => codes.split(' ').map((code) => [code, Number(digits)] as const)),
);

const CURRENCY = /^[A-Z]{3}$/;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Digits after the decimal point for a currency: JPY 0, USD 2, KWD 3. Throws on a code that is not 3 letters. */
export function currencyExponent(currency: string): number {
  if (!CURRENCY.test(currency))
    throw new MoneyFormatError(currency, currency, 'currency', 'is not an ISO 4217 code');
  return EXPONENTS.get(currency) ?? 2;
}

/**
 * "199.00" USD -> 19900, "12" JPY -> 12, "1.5" KWD -> 1500. Refuses exponents, blanks, signs other than a
 * leading minus, and any non-zero digit below the currency's minor unit ("25.99" JPY), instead of rounding.
 */
export function toMinorUnits(amount: unknown, currency: string, field?: string): number {
  const exponent = currencyExponent(currency);
  const match = typeof amount === 'string' ? DECIMAL.exec(amount) : null;
  if (!match) throw new MoneyFormatError(amount, currency, field);
  const [, sign, whole = '', fraction = ''] = match;
  if (/[1-9]/.test(fraction.slice(exponent))) {
    throw new MoneyFormatError(amount, currency, field, `has more than ${exponent} decimal places`);
  }
  const minor = Number(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor)) throw new MoneyFormatError(amount, currency, field, 'is too large');
  return sign === '-' && minor !== 0 ? -minor : minor;
}

/**
 * For amounts a provider computes (carrier rates): like toMinorUnits, but digits below the minor unit round
 * half up ("1.24995" USD -> 125). Null when the value is not a plain decimal.
 */
export function toMinorUnitsRounded(amount: string, currency: string): number | null {
  const match = DECIMAL.exec(amount.trim());
  if (!match || !CURRENCY.test(currency.toUpperCase())) return null;
  const [, sign, whole = '', fraction = ''] = match;
  const exponent = currencyExponent(currency.toUpperCase());
  let minor = BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
  if ((fraction[exponent] ?? '0') >= '5') minor += 1n;
  const n = Number(minor);
  return sign === '-' && n !== 0 ? -n : n;
}
