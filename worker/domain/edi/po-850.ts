/** Inbound 850 purchase order -> PurchaseOrder. */
import { readCurrency } from './currency';
import type { TransactionSet } from './envelope';
import { type FieldReader, fieldReader, type ReadResult, verdict } from './field-reader';
import { type Party, readParty } from './parties';
import { type ProductId, readProductIds } from './product-ids';
import { element, type Located } from './segment';

// BEG01 transaction set purpose codes (X12 353) an order can carry.
const PURPOSES = {
  '00': 'original',
  '01': 'cancellation',
  '04': 'change',
  '05': 'replace',
  '06': 'confirmation',
  '07': 'duplicate',
} as const;

export type PoPurpose = (typeof PURPOSES)[keyof typeof PURPOSES];

/** DTM dates an order or line may carry, "YYYY-MM-DD" or null. */
export interface PoDates {
  /** DTM*010 */
  requestedShip: string | null;
  /** DTM*001 */
  cancelAfter: string | null;
  /** DTM*002 */
  deliveryRequested: string | null;
}

const DATE_QUALIFIERS: Readonly<Record<string, keyof PoDates>> = {
  '010': 'requestedShip',
  '001': 'cancelAfter',
  '002': 'deliveryRequested',
};

/** TD5: how the buyer wants it shipped. */
export interface Routing {
  /** TD503 when TD502 is 2: the carrier's SCAC. */
  scac: string | null;
  /** TD504, e.g. M motor, U private parcel service. */
  transportationMethod: string;
  /** TD505 free text. */
  routing: string;
}

export interface PoLine {
  /** PO101 as sent ("1", "000010"); what the 855, 856 and 810 echo back. */
  lineNumber: string;
  quantity: number;
  /** PO103, e.g. EA, CA. */
  unit: string;
  /** PO104 in minor units of the order's currency; null when the buyer sent no price. */
  unitPrice: number | null;
  productIds: ProductId[];
  /** PID05 of a free-form (PID01 F) description. */
  description: string | null;
  dates: PoDates;
}

export interface PurchaseOrder {
  purpose: PoPurpose;
  /** BEG02, e.g. SA stand-alone, NE new order. */
  orderType: string;
  /** BEG03 */
  poNumber: string;
  /** BEG05, "YYYY-MM-DD". */
  poDate: string;
  /** CUR02, or USD when the order has no CUR. */
  currency: string;
  buyer: Party | null;
  billTo: Party | null;
  shipTo: Party | null;
  /** N1 loops of any other role (SF ship-from, MI, ...). */
  otherParties: Party[];
  dates: PoDates;
  routing: Routing | null;
  lines: PoLine[];
  /** CTT as sent: CTT01 line count (compare with lines.length to spot a damaged order), CTT02 quantity hash total. */
  totals: { lineCount: number; hashTotal: number | null } | null;
}

const noDates = (): PoDates => ({ requestedShip: null, cancelAfter: null, deliveryRequested: null });

/** Maps an 850. Refuses (with every fault, for the 997) a missing BEG, PO1 or required element, and any bad date, code, count or price. */
export function read850(set: TransactionSet): ReadResult<PurchaseOrder> {
  const r = fieldReader(set);
  const { body } = r;
  const beg = body[0]?.segment.id === 'BEG' ? body[0] : undefined;
  if (!beg) r.missing('BEG', body[0]);
  const currency = readCurrency(r);

  const order: PurchaseOrder = {
    purpose: (beg && r.code(beg, 1, PURPOSES)) ?? 'original',
    orderType: beg ? r.text(beg, 2, true) : '',
    poNumber: beg ? r.text(beg, 3, true) : '',
    poDate: (beg && r.date(beg, 5)) ?? '',
    currency,
    buyer: null,
    billTo: null,
    shipTo: null,
    otherParties: [],
    dates: noDates(),
    routing: null,
    lines: [],
    totals: null,
  };
  let line: PoLine | null = null;
  for (let i = beg ? 1 : 0; i < body.length; i++) {
    const at = body[i]!;
    switch (at.segment.id) {
      case 'N1':
        // Line-level N1 loops (ship-to per line) are not read: one order ships to one place.
        if (!line) i = addParty(order, readParty(r, body, i)) - 1;
        break;
      case 'DTM':
        readDtm(r, at, line ? line.dates : order.dates);
        break;
      case 'TD5':
        if (!line && !order.routing) order.routing = readRouting(at);
        break;
      case 'PO1':
        line = readLine(r, at, currency);
        order.lines.push(line);
        break;
      case 'PID':
        if (line && element(at.segment, 1) === 'F' && line.description === null)
          line.description = r.text(at, 5);
        break;
      case 'CTT':
        line = null;
        order.totals = { lineCount: r.count(at, 1) ?? 0, hashTotal: r.decimal(at, 2, false) };
        break;
    }
  }
  if (order.lines.length === 0) r.missing('PO1');
  return verdict(r, order);
}

function readLine(r: FieldReader, at: Located, currency: string): PoLine {
  return {
    lineNumber: r.text(at, 1),
    quantity: r.count(at, 2) ?? 0,
    unit: r.text(at, 3, true),
    unitPrice: r.amount(at, 4, currency, false),
    productIds: readProductIds(r, at, 6),
    description: null,
    dates: noDates(),
  };
}

const PARTY_SLOTS = { BY: 'buyer', BT: 'billTo', ST: 'shipTo' } as const;

function addParty(order: PurchaseOrder, { party, next }: { party: Party; next: number }): number {
  const slot = Object.hasOwn(PARTY_SLOTS, party.role)
    ? PARTY_SLOTS[party.role as keyof typeof PARTY_SLOTS]
    : null;
  if (slot && !order[slot]) order[slot] = party;
  else order.otherParties.push(party);
  return next;
}

function readDtm(r: FieldReader, at: Located, into: PoDates) {
  const slot = DATE_QUALIFIERS[element(at.segment, 1)];
  if (slot) into[slot] = r.date(at, 2);
}

function readRouting(at: Located): Routing {
  const { segment } = at;
  return {
    scac: element(segment, 2) === '2' ? element(segment, 3) : null,
    transportationMethod: element(segment, 4),
    routing: element(segment, 5),
  };
}
