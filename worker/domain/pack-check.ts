/** Scan-to-verify: does what was scanned into the package match what the shipment should hold? */

export interface PackDiff {
  missing: { sku: string; quantity: number }[];
  extra: { sku: string; quantity: number }[];
}

export function comparePack(expected: Map<string, number>, scanned: Map<string, number>): PackDiff {
  const missing: PackDiff['missing'] = [];
  const extra: PackDiff['extra'] = [];
  for (const [sku, want] of expected) {
    const got = scanned.get(sku) ?? 0;
    if (got < want) missing.push({ sku, quantity: want - got });
    if (got > want) extra.push({ sku, quantity: got - want });
  }
  for (const [sku, got] of scanned) if (!expected.has(sku)) extra.push({ sku, quantity: got });
  return { missing, extra };
}

export const packMatches = (d: PackDiff) => d.missing.length === 0 && d.extra.length === 0;
