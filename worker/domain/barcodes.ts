/** GS1 barcodes (UPC-A, EAN-8/13, GTIN-14): which kind a scanned code is, by length and check digit. */

export type BarcodeKind = 'upc' | 'ean' | 'gtin' | 'other';

/** The GS1 mod-10 check digit of a digit string: weights 3 and 1 alternate from the rightmost digit. */
export function gs1CheckDigit(digits: string): number {
  const sum = [...digits].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10;
}

export function hasValidCheckDigit(code: string): boolean {
  if (!/^\d{8}$|^\d{12,14}$/.test(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

export function barcodeKind(code: string): BarcodeKind {
  if (!hasValidCheckDigit(code)) return 'other';
  if (code.length === 12) return 'upc';
  if (code.length === 14) return 'gtin';
  return 'ean';
}
