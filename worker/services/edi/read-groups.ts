import {
  acknowledge,
  type EdiError,
  type FunctionalAck,
  type FunctionalGroup,
  type PurchaseOrder,
  read850,
  read997,
  type TransactionSet,
  validateGroup,
} from '../../domain/edi';

export interface OrderSet {
  po: PurchaseOrder;
  set: TransactionSet;
  groupControl: string;
}

export interface ReadGroup {
  group: FunctionalGroup;
  /** Envelope and mapping faults, for the 997; more may be added before acknowledging. */
  errors: EdiError[];
  orders: OrderSet[];
  /** 997s the partner sent about our documents. */
  acknowledgements: FunctionalAck[];
}

// Purposes we act on: a new order (00), a resend (07) and a replacement (05), each captured once per PO
// number; a replacement of an order already captured is left to a person (see capture-po.ts).
const APPLIED_PURPOSES = new Set(['original', 'duplicate', 'replace']);

/** Checks each group's envelopes and maps the sets we take (850 orders, 997 answers); any other set is unsupported. */
export function readGroups(groups: FunctionalGroup[]): ReadGroup[] {
  return groups.map((group) => {
    const errors = validateGroup(group);
    const result: ReadGroup = { group, errors, orders: [], acknowledgements: [] };
    const damaged = new Set(errors.flatMap((e) => (e.level === 'group' ? [] : [e.controlNumber])));
    const groupDamaged = errors.some((e) => e.level === 'group');
    for (const set of group.transactionSets) {
      if (damaged.has(set.controlNumber) || groupDamaged) continue;
      if (set.id === '850') {
        const read = read850(set);
        if (!read.ok) errors.push(...read.errors);
        else if (!APPLIED_PURPOSES.has(read.value.purpose)) errors.push(purposeRefused(set, read.value));
        else result.orders.push({ po: read.value, set, groupControl: group.controlNumber });
      } else if (set.id === '997') {
        const read = read997(set);
        if (read.ok) result.acknowledgements.push(read.value);
        else errors.push(...read.errors);
      } else {
        errors.push({
          level: 'transaction_set',
          code: 'unsupported_transaction_set',
          transactionSetId: set.id,
          controlNumber: set.controlNumber,
          segmentId: 'ST',
          position: 1,
          element: { position: 1, value: set.id },
          message: `${set.id} is not a document we take`,
        });
      }
    }
    return result;
  });
}

function purposeRefused(set: TransactionSet, po: PurchaseOrder): EdiError {
  return {
    level: 'segment',
    code: 'invalid_code',
    transactionSetId: set.id,
    controlNumber: set.controlNumber,
    segmentId: 'BEG',
    position: 2,
    element: { position: 1, value: set.segments[1]?.elements[0] ?? '' },
    message: `BEG01 ${po.purpose} orders are not taken by EDI yet; send changes and cancellations by other means`,
  };
}

/** The 997 for a group; when the interchange itself failed, every set is rejected whatever its own state. */
export function groupAck(read: ReadGroup, interchangeFailed: boolean): FunctionalAck {
  const ack = acknowledge(read.group, read.errors);
  if (!interchangeFailed) return ack;
  return {
    ...ack,
    sets: ack.sets.map((s) => ({ ...s, status: 'R' })),
    status: 'R',
    accepted: 0,
  };
}

/** Human and machine readable notes for the HTTP answer. */
export const errorNotes = (errors: EdiError[]) =>
  errors.map((e) => ({ code: e.code, message: e.message, segment: e.segmentId, position: e.position }));
