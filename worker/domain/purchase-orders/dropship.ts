/** Which dropship supplier ships what our own locations cannot: pure, from the suppliers' profiles. */

/** Kept in the dropship location's `address` JSON under `supplier` (see routes/purchase-orders.ts). */
export interface SupplierProfile {
  /** Where PO emails go; the address's own `email` when not set here. */
  email?: string;
  /** Our SKUs this supplier ships to customers for us. */
  dropship_skus: string[];
}

export interface DropshipSupplier {
  code: string;
  name: string;
  priority: number;
  skus: ReadonlySet<string>;
}

export interface ShortLine {
  key: string;
  sku: string;
  /** Units no location of ours could reserve. */
  backordered: number;
}

export interface DropshipTake {
  key: string;
  sku: string;
  quantity: number;
}

/** The supplier profile stored in a location's address JSON, or null when it has none. */
export function supplierProfileOf(address: unknown): SupplierProfile | null {
  const raw = (address as { supplier?: unknown } | null)?.supplier as Partial<SupplierProfile> | undefined;
  if (!raw || !Array.isArray(raw.dropship_skus)) return null;
  return {
    ...(typeof raw.email === 'string' ? { email: raw.email } : {}),
    dropship_skus: raw.dropship_skus.filter((s): s is string => typeof s === 'string'),
  };
}

/**
 * Sends each short line's backordered units to one supplier that carries its SKU, preferring (per order) the
 * supplier that carries the most of the short lines, then priority, then code: fewer POs, fewer parcels.
 * Lines no supplier carries stay backordered. Returns the takes per supplier code.
 */
export function assignDropship(
  lines: ShortLine[],
  suppliers: DropshipSupplier[],
): Map<string, DropshipTake[]> {
  const short = lines.filter((l) => l.backordered > 0);
  const coverage = (s: DropshipSupplier) => short.filter((l) => s.skus.has(l.sku)).length;
  const ranked = [...suppliers].sort(
    (a, b) =>
      coverage(b) - coverage(a) ||
      a.priority - b.priority ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  const takes = new Map<string, DropshipTake[]>();
  for (const l of short) {
    const supplier = ranked.find((s) => s.skus.has(l.sku));
    if (!supplier) continue;
    const list = takes.get(supplier.code) ?? [];
    list.push({ key: l.key, sku: l.sku, quantity: l.backordered });
    takes.set(supplier.code, list);
  }
  return takes;
}
