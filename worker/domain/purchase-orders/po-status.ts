/** A purchase order's status machine, per kind: named transitions only, never a free-form status write. */

export const PO_STATUSES = [
  'draft', // written, not yet sent to the supplier
  'sent', // the supplier has it (its message is in the outbox)
  'confirmed', // the supplier accepted it, maybe with their reference and a date
  'partially_received', // replenishment: some units arrived at our location, more are expected
  'received', // replenishment: every unit arrived
  'shipped', // dropship: the supplier shipped to the customer with tracking
  'cancelled', // withdrawn before the supplier shipped or anything arrived
] as const;

export type PoStatus = (typeof PO_STATUSES)[number];

export const PO_KINDS = ['dropship', 'replenishment'] as const;
export type PoKind = (typeof PO_KINDS)[number];

// `partially_received` may follow itself: each partial receipt is a transition to the same state.
const TRANSITIONS: Record<PoKind, Record<PoStatus, readonly PoStatus[]>> = {
  dropship: {
    draft: ['sent', 'cancelled'],
    sent: ['confirmed', 'cancelled'],
    confirmed: ['shipped', 'cancelled'],
    partially_received: [],
    received: [],
    shipped: [],
    cancelled: [],
  },
  replenishment: {
    draft: ['sent', 'cancelled'],
    sent: ['confirmed', 'cancelled'],
    confirmed: ['partially_received', 'received', 'cancelled'],
    partially_received: ['partially_received', 'received'],
    received: [],
    shipped: [],
    cancelled: [],
  },
};

export const canPoTransition = (kind: PoKind, from: PoStatus, to: PoStatus) =>
  TRANSITIONS[kind][from].includes(to);

export type PoTransitionCheck =
  | { ok: true }
  | { ok: false; code: 'illegal_transition'; kind: string; from: string; to: string };

/** Allows the move or says which one was refused (unknown stored kinds or states are refused too). */
export function checkPoTransition(kind: string, from: string, to: PoStatus): PoTransitionCheck {
  const known =
    (PO_KINDS as readonly string[]).includes(kind) && (PO_STATUSES as readonly string[]).includes(from);
  return known && canPoTransition(kind as PoKind, from as PoStatus, to)
    ? { ok: true }
    : { ok: false, code: 'illegal_transition', kind, from, to };
}

/** The status after a receipt: every line full means received. */
export const statusAfterReceipt = (lines: { quantity: number; received: number }[]): PoStatus =>
  lines.every((l) => l.received >= l.quantity) ? 'received' : 'partially_received';

/** PO-000123 as SQLite's printf writes it from the `po` counter, in the batch that stores the PO. */
export const PO_NUMBER_FORMAT = 'PO-%06d';
export const PO_COUNTER = 'po';
