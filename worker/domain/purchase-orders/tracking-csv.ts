/** Reads a supplier's tracking upload (po_number, carrier, tracking_code), reporting bad rows by number. */

export interface TrackingRow {
  /** 1-based line in the file, the header being line 1. */
  row: number;
  po_number: string;
  carrier: string;
  tracking_code: string;
}

export interface RowError {
  row: number;
  code: string;
  message: string;
}

export type TrackingCsv =
  | { ok: true; rows: TrackingRow[]; errors: RowError[] }
  | { ok: false; code: 'missing_columns'; missing: string[] };

const COLUMNS = ['po_number', 'carrier', 'tracking_code'] as const;
const PO_NUMBER = /^PO-\d{6,}$/;
const TRACKING = /^[A-Za-z0-9-]{4,64}$/;

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The valid rows and one error per bad row; blank lines are skipped, not errors. */
export function parseTrackingCsv(text: string): TrackingCsv {
  const [header = [], ...body] = csvRecords(text);
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) return { ok: false, code: 'missing_columns', missing };
  const at = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  const rows: TrackingRow[] = [];
  const errors: RowError[] = [];
  body.forEach((fields, i) => {
    const row = i + 2;
    if (fields.every((f) => f.trim() === '')) return;
    const [po, carrier, tracking] = COLUMNS.map((c) => (fields[at[c]] ?? '').trim());
    if (!PO_NUMBER.test(po!))
      errors.push({ row, code: 'invalid_po_number', message: `"${po}" is not a PO number like PO-000123` });
    else if (!carrier || carrier.length > 40)
      errors.push({ row, code: 'invalid_carrier', message: 'The carrier is missing or too long' });
    else if (!TRACKING.test(tracking!))
      errors.push({
        row,
        code: 'invalid_tracking_code',
        message: `"${tracking}" is not a tracking code (4-64 letters, digits or -)`,
      });
    else rows.push({ row, po_number: po!, carrier: carrier!, tracking_code: tracking! });
  });
  return { ok: true, rows, errors };
}
