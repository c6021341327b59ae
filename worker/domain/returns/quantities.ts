/** How much of an order line may still be returned, and how scanned units are matched to a return's lines. */
import type { Disposition } from './return-status';
import { spreadUnits } from './spread-units';

export interface LineBound {
  orderLineId: string;
  shipped: number;
  /** Units already on other returns that still count (not rejected or cancelled). */
  returned: number;
}

export type QuantityCheck =
  | { ok: true }
  | {
      ok: false;
      code: 'return_quantity_exceeded';
      lines: { order_line_id: string; requested: number; returnable: number }[];
    };

export const returnable = (b: Pick<LineBound, 'shipped' | 'returned'>) => Math.max(0, b.shipped - b.returned);

/** Every requested line within what was shipped less what earlier returns already claim. */
export function checkReturnQuantities(
  requested: { orderLineId: string; quantity: number }[],
  bounds: LineBound[],
): QuantityCheck {
  const byLine = new Map(bounds.map((b) => [b.orderLineId, b]));
  const over = requested.flatMap((r) => {
    const bound = byLine.get(r.orderLineId);
    const can = bound ? returnable(bound) : 0;
    return r.quantity > can ? [{ order_line_id: r.orderLineId, requested: r.quantity, returnable: can }] : [];
  });
  return over.length === 0 ? { ok: true } : { ok: false, code: 'return_quantity_exceeded', lines: over };
}

export interface OpenLine {
  id: string;
  sku: string;
  quantity: number;
  received: number;
}

export interface ScannedItem {
  sku: string;
  quantity: number;
  disposition: Disposition;
}

export interface LineReceipt {
  lineId: string;
  sku: string;
  quantity: number;
  disposition: Disposition;
}

export type ReceiptPlan =
  | { ok: true; receipts: LineReceipt[] }
  | { ok: false; code: 'wrong_item'; sku: string }
  | { ok: false; code: 'over_receive'; sku: string; scanned: number; expected: number };

/**
 * Spreads scanned units over the return's lines of that SKU (first line first), refusing an item that is
 * not on the return and more units than are still expected.
 */
export function planReceipt(lines: OpenLine[], items: ScannedItem[]): ReceiptPlan {
  const left = new Map(lines.map((l) => [l.id, l.quantity - l.received]));
  const receipts: LineReceipt[] = [];
  for (const item of items) {
    const candidates = lines.filter((l) => l.sku === item.sku);
    if (candidates.length === 0) return { ok: false, code: 'wrong_item', sku: item.sku };
    const { taken, short } = spreadUnits(candidates, left, item.quantity);
    for (const { line, quantity } of taken) {
      const same = receipts.find((r) => r.lineId === line.id && r.disposition === item.disposition);
      if (same) same.quantity += quantity;
      else receipts.push({ lineId: line.id, sku: item.sku, quantity, disposition: item.disposition });
    }
    if (short > 0) {
      const scanned = items.filter((i) => i.sku === item.sku).reduce((s, i) => s + i.quantity, 0);
      const expected = candidates.reduce((s, l) => s + l.quantity - l.received, 0);
      return { ok: false, code: 'over_receive', sku: item.sku, scanned, expected };
    }
  }
  return { ok: true, receipts };
}
