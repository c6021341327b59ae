// Standard Carrier Alpha Codes of the carriers our labels and hand-entered tracking name.
const SCAC: Record<string, string> = {
  ups: 'UPSN',
  usps: 'USPS',
  fedex: 'FDEG',
  dhl: 'DHLC',
  dhlexpress: 'DHLC',
  ontrac: 'EMSY',
  lasership: 'LSHP',
  canadapost: 'CNPT',
};

/** The SCAC for a carrier name ("UPS", "FedEx", "DHL Express"); a four-letter code passes through; else null. */
export function scacOf(carrier: string | null): string | null {
  if (!carrier) return null;
  const key = carrier.toLowerCase().replace(/[^a-z]/g, '');
  return SCAC[key] ?? (/^[A-Z]{2,4}$/.test(carrier) ? carrier : null);
}
