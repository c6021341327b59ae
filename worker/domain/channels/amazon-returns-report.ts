/**
 * Amazon's merchant-fulfilled returns through the Reports API 2021-06-30: the createReport request for
 * GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE, the getReport / getReportDocument answers, and the report itself
 * (tab-separated, one row per returned item) read as marketplace returns.
 */
import { z } from 'zod';
import type {
  MarketplaceReturn,
  MarketplaceReturnLine,
  MarketplaceReturnState,
} from '../returns/marketplace-return';
import type { ReturnReason } from '../returns/return-status';
import { minorUnits, parsePayload, text } from './payload';
import { ChannelPayloadError, type ChannelRequest } from './types';

const CHANNEL = 'amazon';
export const RETURNS_REPORT_TYPE = 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE';
const REPORTS = '/reports/2021-06-30';

/** createReport for the returns asked for in [start, end]. */
export const amazonCreateReturnsReport = (
  marketplaceIds: string[],
  start: string,
  end: string,
): ChannelRequest => ({
  method: 'POST',
  path: `${REPORTS}/reports`,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    reportType: RETURNS_REPORT_TYPE,
    marketplaceIds,
    dataStartTime: start,
    dataEndTime: end,
  }),
});

export const amazonGetReport = (reportId: string): ChannelRequest => ({
  method: 'GET',
  path: `${REPORTS}/reports/${encodeURIComponent(reportId)}`,
  headers: {},
  body: '',
});

export const amazonGetReportDocument = (documentId: string): ChannelRequest => ({
  method: 'GET',
  path: `${REPORTS}/documents/${encodeURIComponent(documentId)}`,
  headers: {},
  body: '',
});

export const parseCreateReport = (body: unknown) =>
  parsePayload(CHANNEL, z.object({ reportId: z.string().min(1) }), body).reportId;

const Report = z.object({
  reportId: z.string(),
  processingStatus: z.enum(['CANCELLED', 'DONE', 'FATAL', 'IN_PROGRESS', 'IN_QUEUE']),
  reportDocumentId: z.string().nullish(),
});

export type ReportProgress =
  | { status: 'pending' }
  /** CANCELLED: Amazon cancels a report that has no data, so nothing came back in the window. */
  | { status: 'empty' }
  | { status: 'done'; documentId: string }
  | { status: 'fatal'; documentId: string | null };

export function parseReportProgress(body: unknown): ReportProgress {
  const r = parsePayload(CHANNEL, Report, body);
  switch (r.processingStatus) {
    case 'IN_QUEUE':
    case 'IN_PROGRESS':
      return { status: 'pending' };
    case 'CANCELLED':
      return { status: 'empty' };
    case 'FATAL':
      return { status: 'fatal', documentId: r.reportDocumentId ?? null };
    case 'DONE':
      if (!r.reportDocumentId)
        throw new ChannelPayloadError(CHANNEL, 'reportDocumentId', 'is missing on a DONE report');
      return { status: 'done', documentId: r.reportDocumentId };
  }
}

/** Where to download the document (a pre-signed URL that needs no credentials) and whether it is gzipped. */
export const parseReportDocument = (body: unknown) => {
  const d = parsePayload(
    CHANNEL,
    z.object({ url: z.url(), compressionAlgorithm: z.enum(['GZIP']).nullish() }),
    body,
  );
  return { url: d.url, gzip: d.compressionAlgorithm === 'GZIP' };
};

// Seller Central reason codes, with and without the RO_ prefix some exports keep.
const REASONS: Record<string, ReturnReason> = {
  'CR-DAMAGED_BY_CARRIER': 'damaged',
  'CR-DAMAGED_BY_FC': 'damaged',
  'CR-DEFECTIVE': 'damaged',
  'CR-SWITCHEROO': 'wrong_item',
  'CR-EXTRA_ITEM': 'wrong_item',
  'AMZ-PG-BAD-DESC': 'not_as_described',
  'CR-NOT_AS_DESCRIBED': 'not_as_described',
  'CR-MISSING_PARTS': 'not_as_described',
  'CR-QUALITY_UNACCEPTABLE': 'not_as_described',
  'CR-NOT_COMPATIBLE': 'not_as_described',
  'CR-UNWANTED_ITEM': 'changed_mind',
  'CR-FOUND_BETTER_PRICE': 'changed_mind',
  'CR-ORDERED_WRONG_ITEM': 'changed_mind',
  'AMZ-PG-MISORDERED': 'changed_mind',
  'CR-UNAUTHORIZED_PURCHASE': 'changed_mind',
};

/** Our reason code for Amazon's; late delivery, "no reason" and codes we do not know stay unspecified. */
export const amazonReturnReason = (code: string): ReturnReason | 'unspecified' =>
  REASONS[code.trim().toUpperCase().replace(/^RO_/, '')] ?? 'unspecified';

/** Header names vary in case ("A-to-z claim", "A-to-Z Claim"): compare them as lower-case letters and digits. */
const key = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "29-Sep-2026" (how the flat file writes dates) or ISO-8601, as UTC ISO-8601. */
export function amazonReportDate(field: string, value: string): string {
  const dmy = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(value.trim());
  const month = dmy ? MONTHS.indexOf(dmy[2]!.toLowerCase()) : -1;
  const ms = dmy && month >= 0 ? Date.UTC(Number(dmy[3]), month, Number(dmy[1])) : Date.parse(value);
  if (Number.isNaN(ms))
    throw new ChannelPayloadError(CHANNEL, field, `${JSON.stringify(value)} is not a date`);
  return new Date(ms).toISOString();
}

/** The return request status and delivery date as a marketplace state. */
function stateOf(status: string, delivered: string | undefined): MarketplaceReturnState {
  const s = status.toLowerCase();
  if (/reject|cancel|denied|declined/.test(s)) return 'cancelled';
  if (/closed|completed/.test(s)) return 'closed';
  return delivered ? 'delivered' : 'open';
}

export interface ReturnsReport {
  returns: MarketplaceReturn[];
  /** Rows that could not be read: their line number (the header is line 1) and why. */
  errors: { line: number; field: string; message: string }[];
}

/**
 * The flat file read as one return per Amazon RMA ID (several rows are several items of one return). A row
 * without an order id, RMA id, SKU or a positive quantity is reported in `errors` and skipped; the rest of the
 * report still counts. Columns are found by name, so Amazon adding or moving a column changes nothing.
 */
export function parseAmazonReturnsReport(tsv: string): ReturnsReport {
  const rows = tsv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (rows[0] ?? '').split('\t').map(key);
  const byId = new Map<string, MarketplaceReturn>();
  const errors: ReturnsReport['errors'] = [];
  for (const [i, raw] of rows.slice(1).entries()) {
    if (raw.trim() === '') continue;
    const cells = raw.split('\t');
    const cell = (name: string) => text(cells[header.indexOf(key(name))]);
    try {
      const required = (name: string) => {
        const value = cell(name);
        if (!value) throw new ChannelPayloadError(CHANNEL, name, 'is empty');
        return value;
      };
      const orderId = required('Order ID');
      const rmaId = required('Amazon RMA ID');
      const quantity = Number(required('Return quantity'));
      if (!Number.isInteger(quantity) || quantity <= 0)
        throw new ChannelPayloadError(CHANNEL, 'Return quantity', 'is not a positive whole number');
      const reason = cell('Return reason') ?? '';
      const line: MarketplaceReturnLine = {
        channel_sku: required('Merchant SKU'),
        quantity,
        reason: amazonReturnReason(reason),
        channel_reason: reason,
      };
      const currency = cell('Currency code') ?? 'USD';
      const refunded = cell('Refunded Amount');
      const amount = refunded ? minorUnits(CHANNEL, 'Refunded Amount', refunded, currency) : 0;
      const status = cell('Return request status') ?? '';
      const known = byId.get(rmaId);
      if (known) {
        known.lines.push(line);
        if (amount > 0) known.refund = { amount: (known.refund?.amount ?? 0) + amount, currency };
        continue;
      }
      byId.set(rmaId, {
        external_return_id: rmaId,
        external_order_id: orderId,
        state: stateOf(status, cell('Return delivery date')),
        channel_status: status,
        requested_at: amazonReportDate('Return request date', required('Return request date')),
        lines: [line],
        refund: amount > 0 ? { amount, currency } : null,
      });
    } catch (err) {
      if (!(err instanceof ChannelPayloadError)) throw err;
      errors.push({ line: i + 2, field: err.field, message: err.message });
    }
  }
  return { returns: [...byId.values()], errors };
}
