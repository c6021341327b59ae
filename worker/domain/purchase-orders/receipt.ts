/** Which PO lines a receipt fills: pure, so over-receipts are refused before anything is written. */

export interface PoLineState {
  id: string;
  sku: string;
  quantity: number;
  received: number;
}

export interface LineReceipt {
  lineId: string;
  sku: string;
  quantity: number;
}

export type ReceiptPlan =
  | { ok: true; receipts: LineReceipt[] }
  | { ok: false; code: 'not_on_po'; sku: string }
  | { ok: false; code: 'over_receipt'; sku: string; requested: number; expected: number };

/**
 * Spreads each SKU's units over that SKU's lines in line order (a PO may list a SKU twice), refusing a SKU
 * the PO does not have and more units than are still expected.
 */
export function planPoReceipt(lines: PoLineState[], items: { sku: string; quantity: number }[]): ReceiptPlan {
  const left = new Map(lines.map((l) => [l.id, l.quantity - l.received]));
  const wanted = new Map<string, number>();
  for (const i of items) wanted.set(i.sku, (wanted.get(i.sku) ?? 0) + i.quantity);
  const receipts: LineReceipt[] = [];
  for (const [sku, requested] of wanted) {
    const own = lines.filter((l) => l.sku === sku);
    if (own.length === 0) return { ok: false, code: 'not_on_po', sku };
    const expected = own.reduce((s, l) => s + (left.get(l.id) ?? 0), 0);
    if (requested > expected) return { ok: false, code: 'over_receipt', sku, requested, expected };
    let remaining = requested;
    for (const l of own) {
      const n = Math.min(remaining, left.get(l.id) ?? 0);
      if (n <= 0) continue;
      receipts.push({ lineId: l.id, sku, quantity: n });
      remaining -= n;
    }
  }
  return { ok: true, receipts };
}
