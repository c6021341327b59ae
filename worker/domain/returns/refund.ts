/** Refund amounts: what we pay back, and whether a channel's refund matches it. */

export interface RefundParts {
  lines_amount: number;
  shipping_amount: number;
  restocking_fee: number;
}

export type RefundAmount =
  | { ok: true; amount: number }
  | { ok: false; code: 'invalid_refund'; message: string };

/** Lines plus shipping less the restocking fee, in integer minor units; a fee above the rest is refused. */
export function refundAmount(p: RefundParts): RefundAmount {
  const amount = p.lines_amount + p.shipping_amount - p.restocking_fee;
  if (amount < 0)
    return { ok: false, code: 'invalid_refund', message: 'The restocking fee is larger than the refund' };
  if (amount === 0) return { ok: false, code: 'invalid_refund', message: 'The refund is zero' };
  return { ok: true, amount };
}

/** The refund would take the order's refunds past what the customer paid. */
export const exceedsOrder = (orderTotal: number, refundedSoFar: number, amount: number) =>
  refundedSoFar + amount > orderTotal;

/** A channel refund and ours disagree when both amounts are known and differ. */
export const refundMismatch = (ours: number | null, theirs: number | null) =>
  ours !== null && theirs !== null && ours !== theirs;
