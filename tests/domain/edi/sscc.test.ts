import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../../worker/domain/barcodes';
import { buildSscc, isValidSscc } from '../../../worker/domain/edi/sscc';

describe('SSCC-18', () => {
  it('builds the GS1 worked example: extension 1, prefix 0614141, serial 123456789', () => {
    expect(buildSscc({ extensionDigit: 1, companyPrefix: '0614141', serial: 123_456_789 })).toEqual({
      ok: true,
      sscc: '106141411234567897',
    });
  });

  it('pads the serial to fill 17 digits whatever the prefix length', () => {
    expect(buildSscc({ extensionDigit: 0, companyPrefix: '061414112345', serial: 7 })).toMatchObject({
      sscc: expect.stringMatching(/^0061414112345000(\d)\d$/),
    });
  });

  it('builds codes that validate, and no single-digit change of one still validates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.stringMatching(/^\d{6,12}$/),
        fc.nat({ max: 9999 }),
        fc.nat({ max: 17 }),
        fc.integer({ min: 1, max: 9 }),
        (extensionDigit, companyPrefix, serial, at, shift) => {
          const built = buildSscc({ extensionDigit, companyPrefix, serial });
          if (!built.ok) throw new Error(built.message);
          expect(isValidSscc(built.sscc)).toBe(true);
          const digit = (Number(built.sscc[at]) + shift) % 10;
          const altered = built.sscc.slice(0, at) + digit + built.sscc.slice(at + 1);
          expect(isValidSscc(altered)).toBe(false);
        },
      ),
    );
  });

  it('agrees with the GS1 check digit of a UPC-A', () => {
    expect(gs1CheckDigit('03600029145')).toBe(2);
  });

  it.each([
    [{ extensionDigit: 10, companyPrefix: '0614141', serial: 1 }, 'invalid_extension_digit'],
    [{ extensionDigit: 0, companyPrefix: '06141', serial: 1 }, 'invalid_company_prefix'],
    [{ extensionDigit: 0, companyPrefix: '06141A1', serial: 1 }, 'invalid_company_prefix'],
    [{ extensionDigit: 0, companyPrefix: '0614141', serial: 1_000_000_000 }, 'serial_out_of_range'],
    [{ extensionDigit: 0, companyPrefix: '0614141', serial: -1 }, 'serial_out_of_range'],
  ])('refuses %o', (parts, code) => {
    expect(buildSscc(parts)).toMatchObject({ ok: false, code });
  });

  it.each(['10614141123456789', '1061414112345678X', '106141411234567890'])('rejects %s', (code) => {
    expect(isValidSscc(code)).toBe(false);
  });
});
