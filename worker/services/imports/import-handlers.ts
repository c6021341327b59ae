import type { ImportKind, RowError } from '../../schemas/imports';
import { catalogImport } from './catalog-import';
import { readTable } from './csv-table';
import type { ImportHandler, ImportUnit } from './import-kind';
import { orderImport } from './order-import';
import { stockImport } from './stock-import';

export const IMPORT_HANDLERS: Record<ImportKind, ImportHandler<unknown>> = {
  catalog: catalogImport as ImportHandler<unknown>,
  stock: stockImport as ImportHandler<unknown>,
  orders: orderImport as ImportHandler<unknown>,
};

/** Rows applied per queue message: each chunk's writes are one D1 batch or one round of DO calls. */
export const CHUNK_ROWS = 500;

export type ReadFile =
  | { ok: true; totalRows: number; units: ImportUnit<unknown>[]; errors: RowError[] }
  | { ok: false; code: string; message: string; line?: number };

/** A file's rows read and checked by its kind's schema (not yet against what is stored). */
export function readImportFile(kind: ImportKind, text: string): ReadFile {
  const handler = IMPORT_HANDLERS[kind];
  const table = readTable(text, handler.layout);
  if (!table.ok) return table;
  const { units, errors } = handler.read(table.rows, table.columns);
  return { ok: true, totalRows: table.rows.length, units, errors };
}

/** Units in chunks of about CHUNK_ROWS rows; an order's lines are never split. Same file, same chunks. */
export function chunksOf<T extends { lines: number[] }>(units: T[], rows = CHUNK_ROWS): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const u of units) {
    if (size > 0 && size + u.lines.length > rows) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(u);
    size += u.lines.length;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
