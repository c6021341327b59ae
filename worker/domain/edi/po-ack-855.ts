/** Outbound 855 purchase order acknowledgement: per line, how much is accepted, backordered or rejected. */
import type { TransactionSetDraft } from './build-interchange';
import { readCurrency } from './currency';
import type { TransactionSet } from './envelope';
import { type FieldReader, fieldReader, type ReadResult, verdict } from './field-reader';
import { type ProductId, productIdElements, readProductIds } from './product-ids';
import { draft, element, type Located, type SegmentDraft } from './segment';
import { formatAmount, formatCount, formatDate } from './values';

// ACK01 line item status codes (X12 668) we use.
const STATUS_CODES = { IA: 'accepted', IB: 'backordered', IR: 'rejected' } as const;
const STATUSES = { accepted: 'IA', backordered: 'IB', rejected: 'IR' } as const;
// ACK04 date qualifier 068: current schedule ship.
const SCHEDULED_SHIP = '068';

export type LineStatus = keyof typeof STATUSES;

export interface AckLineStatus {
  status: LineStatus;
  quantity: number;
  unit: string;
  /** When a backordered quantity is expected to ship, "YYYY-MM-DD". */
  shipDate: string | null;
}

export interface AckLine {
  /** The 850's PO101, echoed. */
  lineNumber: string;
  quantityOrdered: number;
  unit: string;
  /** Minor units of the acknowledgement's currency. */
  unitPrice: number | null;
  productIds: ProductId[];
  statuses: AckLineStatus[];
}

export interface PoAcknowledgement {
  poNumber: string;
  poDate: string;
  /** BAK09 */
  acknowledgedOn: string | null;
  currency: string;
  lines: AckLine[];
}

/** BAK02: AD all accepted as ordered, RD all rejected, AC anything else (changes detailed per line). */
export function ackTypeOf(ack: PoAcknowledgement): 'AD' | 'AC' | 'RD' {
  const statuses = ack.lines.flatMap((line) => line.statuses.map((s) => s.status));
  if (statuses.every((s) => s === 'accepted')) return 'AD';
  return statuses.every((s) => s === 'rejected') ? 'RD' : 'AC';
}

export function write855(ack: PoAcknowledgement): TransactionSetDraft {
  const acknowledgedOn = ack.acknowledgedOn && formatDate(ack.acknowledgedOn);
  const segments: SegmentDraft[] = [
    draft('BAK', '00', ackTypeOf(ack), ack.poNumber, formatDate(ack.poDate), '', '', '', '', acknowledgedOn),
    draft('CUR', 'SE', ack.currency),
  ];
  for (const line of ack.lines) {
    const price = line.unitPrice === null ? '' : formatAmount(line.unitPrice, ack.currency);
    segments.push(
      draft(
        'PO1',
        line.lineNumber,
        formatCount(line.quantityOrdered),
        line.unit,
        price,
        '',
        ...productIdElements(line.productIds),
      ),
    );
    for (const s of line.statuses) {
      const shipDate = s.shipDate ? [SCHEDULED_SHIP, formatDate(s.shipDate)] : [];
      segments.push(draft('ACK', STATUSES[s.status], formatCount(s.quantity), s.unit, ...shipDate));
    }
  }
  const hashTotal = ack.lines.reduce((sum, line) => sum + line.quantityOrdered, 0);
  segments.push(draft('CTT', formatCount(ack.lines.length), formatCount(hashTotal)));
  return { id: '855', segments };
}

/** Maps an 855 back (ours on a round trip, or a supplier's). Refuses a missing BAK or bad code, count, date or price. */
export function read855(set: TransactionSet): ReadResult<PoAcknowledgement> {
  const r = fieldReader(set);
  const bak = r.body[0]?.segment.id === 'BAK' ? r.body[0] : undefined;
  if (!bak) r.missing('BAK', r.body[0]);
  const currency = readCurrency(r);
  const ack: PoAcknowledgement = {
    poNumber: bak ? r.text(bak, 3, true) : '',
    poDate: (bak && r.date(bak, 4)) ?? '',
    acknowledgedOn: (bak && r.date(bak, 9, false)) ?? null,
    currency,
    lines: [],
  };
  for (const at of r.body) {
    if (at.segment.id === 'PO1') ack.lines.push(readLine(r, at, currency));
    if (at.segment.id === 'ACK') {
      const line = ack.lines.at(-1);
      if (line) line.statuses.push(readStatus(r, at));
      else r.fail(at, 'unexpected_segment', 'ACK before any PO1');
    }
  }
  return verdict(r, ack);
}

function readLine(r: FieldReader, at: Located, currency: string): AckLine {
  return {
    lineNumber: r.text(at, 1),
    quantityOrdered: r.count(at, 2) ?? 0,
    unit: r.text(at, 3, true),
    unitPrice: r.amount(at, 4, currency, false),
    productIds: readProductIds(r, at, 6),
    statuses: [],
  };
}

function readStatus(r: FieldReader, at: Located): AckLineStatus {
  return {
    status: r.code(at, 1, STATUS_CODES) ?? 'rejected',
    quantity: r.count(at, 2) ?? 0,
    unit: r.text(at, 3, true),
    shipDate: element(at.segment, 4) === SCHEDULED_SHIP ? r.date(at, 5) : null,
  };
}
