import { gs1CheckDigit } from '../barcodes';

/** SSCC-18, the GS1 serial shipping container code an 856 puts on each carton (MAN*GM). */

export interface SsccParts {
  /** 0-9, chosen by the company to widen its serial range. */
  extensionDigit: number;
  /** The GS1 company prefix, 6 to 12 digits. */
  companyPrefix: string;
  /** The carton's serial reference; must fit in 16 - companyPrefix.length digits. */
  serial: number;
}

export type SsccResult =
  | { ok: true; sscc: string }
  | {
      ok: false;
      code: 'invalid_extension_digit' | 'invalid_company_prefix' | 'serial_out_of_range';
      message: string;
    };

/** The 18 digits for a carton, or why the parts cannot make one. */
export function buildSscc({ extensionDigit, companyPrefix, serial }: SsccParts): SsccResult {
  if (!Number.isInteger(extensionDigit) || extensionDigit < 0 || extensionDigit > 9) {
    return { ok: false, code: 'invalid_extension_digit', message: 'extension digit must be 0 to 9' };
  }
  if (!/^\d{6,12}$/.test(companyPrefix)) {
    return {
      ok: false,
      code: 'invalid_company_prefix',
      message: 'GS1 company prefix must be 6 to 12 digits',
    };
  }
  const serialDigits = 16 - companyPrefix.length;
  if (!Number.isSafeInteger(serial) || serial < 0 || String(serial).length > serialDigits) {
    return {
      ok: false,
      code: 'serial_out_of_range',
      message: `serial must be 0 to ${'9'.repeat(serialDigits)}`,
    };
  }
  const body = `${extensionDigit}${companyPrefix}${String(serial).padStart(serialDigits, '0')}`;
  return { ok: true, sscc: `${body}${gs1CheckDigit(body)}` };
}

/** True for 18 digits whose last is the check digit of the first 17. */
export const isValidSscc = (code: string): boolean =>
  /^\d{18}$/.test(code) && gs1CheckDigit(code.slice(0, 17)) === Number(code[17]);
