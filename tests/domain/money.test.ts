import { describe, expect, it } from 'vitest';
import { currencyExponent, MoneyFormatError, toMinorUnits } from '../../worker/domain/money';

describe('toMinorUnits', () => {
  it.each([
    ['199.00', 'USD', 19900],
    ['1.5', 'USD', 150],
    ['0.10', 'USD', 10],
    ['12', 'USD', 1200],
    ['0.29', 'USD', 29],
    ['4.35', 'USD', 435],
    ['10.000', 'USD', 1000],
    ['0', 'EUR', 0],
    ['-5.00', 'USD', -500],
    ['-0.00', 'USD', 0],
    ['12', 'JPY', 12],
    ['25.00', 'JPY', 25],
    ['1.5', 'KWD', 1500],
    ['0.001', 'BHD', 1],
    ['90071992547409.91', 'USD', Number.MAX_SAFE_INTEGER],
  ])('reads %s %s as %i minor units', (amount, currency, expected) => {
    expect(toMinorUnits(amount, currency)).toBe(expected);
  });

  it.each([
    ['1,99', 'USD'],
    [' 1.00', 'USD'],
    ['1.', 'USD'],
    ['.5', 'USD'],
    ['1e3', 'USD'],
    ['+1.00', 'USD'],
    ['0x10', 'USD'],
    ['', 'USD'],
    ['1.999', 'USD'],
    ['25.99', 'JPY'],
    ['1.0001', 'KWD'],
    ['90071992547409.92', 'USD'],
  ])('refuses %j in %s rather than guess or round', (amount, currency) => {
    expect(() => toMinorUnits(amount, currency)).toThrow(MoneyFormatError);
  });

  it('refuses numbers, because a parsed float may already have lost the cents', () => {
    expect(() => toMinorUnits(19.99, 'USD')).toThrow(MoneyFormatError);
    expect(() => toMinorUnits(null, 'USD')).toThrow(MoneyFormatError);
  });

  it('names the field and the currency in the error', () => {
    expect(() => toMinorUnits('25.99', 'JPY', 'ItemPrice.Amount')).toThrow(
      expect.objectContaining({ code: 'invalid_money', field: 'ItemPrice.Amount', currency: 'JPY' }),
    );
  });
});

describe('currencyExponent', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['CLF', 4],
  ])('gives %s %i decimal places', (currency, digits) => {
    expect(currencyExponent(currency)).toBe(digits);
  });

  it('refuses a code that is not three capital letters', () => {
    expect(() => currencyExponent('usd')).toThrow(MoneyFormatError);
    expect(() => toMinorUnits('1.00', 'US')).toThrow(MoneyFormatError);
  });
});
