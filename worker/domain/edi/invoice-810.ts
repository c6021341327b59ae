/** Outbound 810 invoice: BIG, IT1 lines, TDS total in implied hundredths, CTT. */
import { currencyExponent } from '../money';
import type { TransactionSetDraft } from './build-interchange';
import { readCurrency } from './currency';
import type { TransactionSet } from './envelope';
import { type FieldReader, fieldReader, type ReadResult, verdict } from './field-reader';
import { type Party, partySegments, readParty } from './parties';
import { type ProductId, productIdElements, readProductIds } from './product-ids';
import { draft, element, type Located, type SegmentDraft } from './segment';
import { formatAmount, formatCount, formatDate } from './values';

export interface InvoiceLine {
  /** The 850's PO101. */
  lineNumber: string;
  quantity: number;
  unit: string;
  /** Minor units of the invoice's currency. */
  unitPrice: number;
  productIds: ProductId[];
  description: string | null;
}

export interface Invoice {
  invoiceNumber: string;
  invoiceDate: string;
  poNumber: string;
  poDate: string | null;
  currency: string;
  /** N1 loops: RI remit-to, BT bill-to, ST ship-to... */
  parties: Party[];
  lines: InvoiceLine[];
}

export type Write810Result =
  | { ok: true; transactionSet: TransactionSetDraft }
  | { ok: false; code: 'total_not_representable'; message: string };

/** The amount due: the sum of quantity x unit price, in minor units. */
export const invoiceTotal = (invoice: Invoice): number =>
  invoice.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);

/** Writes the 810; refuses a total TDS cannot carry (over 2^53, or below a hundredth in a 3-decimal currency). */
export function write810(invoice: Invoice): Write810Result {
  const hundredths = toHundredths(invoiceTotal(invoice), invoice.currency);
  if (hundredths === null) {
    return {
      ok: false,
      code: 'total_not_representable',
      message: 'TDS carries the total in whole hundredths',
    };
  }
  const segments: SegmentDraft[] = [
    draft(
      'BIG',
      formatDate(invoice.invoiceDate),
      invoice.invoiceNumber,
      invoice.poDate && formatDate(invoice.poDate),
      invoice.poNumber,
    ),
    draft('CUR', 'SE', invoice.currency),
    ...invoice.parties.flatMap(partySegments),
  ];
  for (const line of invoice.lines) {
    const price = formatAmount(line.unitPrice, invoice.currency);
    segments.push(
      draft(
        'IT1',
        line.lineNumber,
        formatCount(line.quantity),
        line.unit,
        price,
        '',
        ...productIdElements(line.productIds),
      ),
    );
    if (line.description) segments.push(draft('PID', 'F', '', '', '', line.description));
  }
  segments.push(draft('TDS', formatCount(hundredths)), draft('CTT', formatCount(invoice.lines.length)));
  return { ok: true, transactionSet: { id: '810', segments } };
}

/** Maps an 810 back, with the TDS total as sent (a partner's may include allowances the lines do not show). */
export function read810(set: TransactionSet): ReadResult<{ invoice: Invoice; total: number }> {
  const r = fieldReader(set);
  const big = r.body[0]?.segment.id === 'BIG' ? r.body[0] : undefined;
  if (!big) r.missing('BIG', r.body[0]);
  const currency = readCurrency(r);
  const invoice: Invoice = {
    invoiceNumber: big ? r.text(big, 2, true) : '',
    invoiceDate: (big && r.date(big, 1)) ?? '',
    poNumber: big ? r.text(big, 4) : '',
    poDate: (big && r.date(big, 3, false)) ?? null,
    currency,
    parties: [],
    lines: [],
  };
  let total: number | null = null;
  for (let i = big ? 1 : 0; i < r.body.length; i++) {
    const at = r.body[i]!;
    const line = invoice.lines.at(-1);
    if (at.segment.id === 'N1' && !line) {
      const { party, next } = readParty(r, r.body, i);
      invoice.parties.push(party);
      i = next - 1;
    }
    if (at.segment.id === 'IT1') invoice.lines.push(readLine(r, at, currency));
    if (at.segment.id === 'PID' && line && element(at.segment, 1) === 'F') line.description = r.text(at, 5);
    if (at.segment.id === 'TDS') total = readTotal(r, at, currency);
  }
  if (invoice.lines.length === 0) r.missing('IT1');
  if (total === null && !r.errors.some((e) => e.segmentId === 'TDS')) r.missing('TDS');
  return verdict(r, { invoice, total: total ?? 0 });
}

function readLine(r: FieldReader, at: Located, currency: string): InvoiceLine {
  return {
    lineNumber: r.text(at, 1),
    quantity: r.count(at, 2) ?? 0,
    unit: r.text(at, 3, true),
    unitPrice: r.amount(at, 4, currency) ?? 0,
    productIds: readProductIds(r, at, 6),
    description: null,
  };
}

function readTotal(r: FieldReader, at: Located, currency: string): number | null {
  const hundredths = r.count(at, 1);
  if (hundredths === null) return null;
  const shift = currencyExponent(currency) - 2;
  const scale = 10 ** Math.abs(shift);
  if (shift >= 0) return hundredths * scale;
  if (hundredths % scale === 0) return hundredths / scale;
  r.fail(at, 'invalid_character', `has a fraction ${currency} does not have`, 1);
  return null;
}

function toHundredths(minor: number, currency: string): number | null {
  const shift = 2 - currencyExponent(currency);
  const scale = 10 ** Math.abs(shift);
  const hundredths = shift >= 0 ? minor * scale : minor % scale === 0 ? minor / scale : null;
  return hundredths !== null && Number.isSafeInteger(hundredths) && hundredths >= 0 ? hundredths : null;
}
