import { parseCsv } from './parse-csv';

export interface CsvRow {
  /** The line of the file the row starts on: the header is line 1. */
  line: number;
  /** Cells by (lower-cased) column name, trimmed; a column the file leaves out is absent. */
  cells: Record<string, string>;
  /** How many cells the record had, to refuse one that does not match the header. */
  width: number;
}

export interface TableLayout {
  required: readonly string[];
  optional: readonly string[];
}

export type CsvTable =
  | { ok: true; columns: string[]; rows: CsvRow[] }
  | {
      ok: false;
      code: 'invalid_csv' | 'missing_columns' | 'unknown_columns' | 'no_rows';
      message: string;
      line?: number;
    };

/** The rows of a CSV file with a header, by column name; refuses a header that lacks or misspells a column. */
export function readTable(text: string, layout: TableLayout): CsvTable {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, code: 'invalid_csv', message: parsed.message, line: parsed.line };
  const [header, ...records] = parsed.records;
  if (!header) return { ok: false, code: 'no_rows', message: 'The file has no header and no rows' };
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const known = new Set([...layout.required, ...layout.optional]);
  const missing = layout.required.filter((c) => !columns.includes(c));
  if (missing.length)
    return { ok: false, code: 'missing_columns', message: `The header lacks ${missing.join(', ')}`, line: 1 };
  const unknown = columns.filter((c, i) => !known.has(c) || columns.indexOf(c) !== i);
  if (unknown.length) {
    const message = `Unknown or repeated columns: ${unknown.join(', ')}`;
    return { ok: false, code: 'unknown_columns', message, line: 1 };
  }
  if (!records.length) return { ok: false, code: 'no_rows', message: 'The file has a header but no rows' };
  const rows = records.map((r) => ({
    line: r.line,
    cells: Object.fromEntries(columns.map((c, i) => [c, (r.fields[i] ?? '').trim()])),
    width: r.fields.length,
  }));
  return { ok: true, columns, rows };
}
