import type { Package, PackMismatch, PickList, Shipment } from './api-types.ts';

/** A shipment line as the packer sees it: its name and barcodes come from the pick list it was picked on. */
export interface PackItem {
  sku: string;
  name: string;
  barcodes: string[];
  quantity: number;
  picked: number;
}

export function packItems(shipment: Shipment, list: PickList | null): PackItem[] {
  const bySku = new Map<string, PackItem>();
  for (const l of shipment.lines) {
    const known = list?.lines.find((p) => p.sku === l.sku);
    const item = bySku.get(l.sku) ?? {
      sku: l.sku,
      name: known?.name ?? l.sku,
      barcodes: known?.barcodes ?? [],
      quantity: 0,
      picked: 0,
    };
    item.quantity += l.quantity;
    item.picked += l.picked;
    bySku.set(l.sku, item);
  }
  // a short pick can leave a line with nothing to ship
  return [...bySku.values()].filter((i) => i.quantity > 0);
}

/** The item a scanned code stands for: its SKU (any case) or one of its barcodes (a UPC-A read as EAN-13 too). */
export function itemFor(items: PackItem[], code: string): PackItem | undefined {
  const upc = /^0\d{12}$/.test(code) ? code.slice(1) : code;
  return items.find(
    (i) =>
      i.sku.toUpperCase() === code.toUpperCase() || i.barcodes.includes(code) || i.barcodes.includes(upc),
  );
}

export const fullyPicked = (items: PackItem[]) => items.every((i) => i.picked >= i.quantity);

/** The body of a pack call: one scan entry per SKU with the units counted on the phone. */
export const scansOf = (counted: Record<string, number>) =>
  Object.entries(counted)
    .filter(([, n]) => n > 0)
    .map(([code, quantity]) => ({ code, quantity }));

/**
 * The package from what was typed: whole grams and millimetres. Null when the weight is not a positive
 * number; dimensions are sent only when all three are given.
 */
export function packageOf(weight: string, dims: [string, string, string]): Package | null {
  const grams = Math.round(Number(weight));
  if (!weight.trim() || !Number.isFinite(grams) || grams <= 0) return null;
  const mm = dims.map((d) => Math.round(Number(d)));
  if (dims.every((d) => d.trim()) && mm.every((n) => Number.isFinite(n) && n > 0)) {
    return { weight_grams: grams, length_mm: mm[0], width_mm: mm[1], height_mm: mm[2] };
  }
  return { weight_grams: grams };
}

/** "2 × TOTE-NAT, 1 × MUG-BLK-12": what a pack mismatch lacks or has too much of, for one line of text. */
export const describeUnits = (units: PackMismatch['missing']) =>
  units.map((u) => `${u.quantity} × ${u.sku}`).join(', ');

/** The shipments of a pick list with every unit picked, and what each holds, for a "Pack" link. */
export function readyToPack(list: PickList): { id: string; contents: string }[] {
  return list.shipments
    .filter((s) => s.status === 'picking')
    .map((s) => {
      const parts = list.lines.flatMap((l) =>
        l.shipments.filter((p) => p.shipment_id === s.id && p.quantity > 0).map((p) => ({ l, p })),
      );
      const done = parts.length > 0 && parts.every(({ p }) => p.picked >= p.quantity);
      return done
        ? { id: s.id, contents: parts.map(({ l, p }) => `${p.quantity} × ${l.sku}`).join(', ') }
        : null;
    })
    .filter((s) => s !== null);
}
