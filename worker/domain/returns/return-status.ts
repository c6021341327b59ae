/** A return's (RMA's) status machine: named transitions only, never a free-form status write. */

export const RETURN_STATUSES = [
  'requested', // asked for; waits for an owner or manager because the policy did not approve it
  'approved', // accepted: the customer may send the items
  'rejected', // refused by an owner or manager, with a note
  'label_sent', // a prepaid return label was bought and sent to the customer
  'in_transit', // the carrier has the parcel
  'received', // some units are back and dispositioned, more are expected
  'inspected', // every unit is back and dispositioned (restocked, quarantined or written off)
  'closed', // inspected and refunded (or exchanged): nothing left to do
  'cancelled', // withdrawn before anything came back
] as const;

export type ReturnStatus = (typeof RETURN_STATUSES)[number];

// `received` may follow itself: each partial receipt is a transition to the same state.
const TRANSITIONS: Record<ReturnStatus, readonly ReturnStatus[]> = {
  requested: ['approved', 'rejected', 'cancelled'],
  approved: ['label_sent', 'in_transit', 'received', 'inspected', 'cancelled'],
  rejected: [],
  label_sent: ['in_transit', 'received', 'inspected', 'cancelled'],
  in_transit: ['received', 'inspected'],
  received: ['received', 'inspected'],
  inspected: ['closed'],
  closed: [],
  cancelled: [],
};

export const canReturnTransition = (from: ReturnStatus, to: ReturnStatus) => TRANSITIONS[from].includes(to);

export type TransitionCheck =
  | { ok: true }
  | { ok: false; code: 'illegal_transition'; from: string; to: string };

/** Allows the move or says which one was refused (unknown stored states are refused too). */
export function checkReturnTransition(from: string, to: ReturnStatus): TransitionCheck {
  const known = (RETURN_STATUSES as readonly string[]).includes(from);
  return known && canReturnTransition(from as ReturnStatus, to)
    ? { ok: true }
    : { ok: false, code: 'illegal_transition', from, to };
}

/** States in which the units of a return still count against what the order line may return. */
export const COUNTING_STATUSES: readonly ReturnStatus[] = RETURN_STATUSES.filter(
  (s) => s !== 'rejected' && s !== 'cancelled',
);

/** States in which a refund may be recorded: approved and not finished. */
export const REFUNDABLE_STATUSES: readonly ReturnStatus[] = [
  'approved',
  'label_sent',
  'in_transit',
  'received',
  'inspected',
];

export const RETURN_REASONS = [
  'damaged',
  'wrong_item',
  'not_as_described',
  'changed_mind',
  'never_arrived',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

/** restock: back on sale at the receiving location; quarantine: kept aside, not sellable; write_off: gone. */
export const DISPOSITIONS = ['restock', 'quarantine', 'write_off'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** RMA-000123 as SQLite's printf writes it from the `rma` counter, in the batch that stores the return. */
export const RMA_NUMBER_FORMAT = 'RMA-%06d';
