import type { z } from 'zod';
import type { Statement } from '../../../db/batch';
import type { Database } from '../../../db/client';
import type { ImportReport, RowError } from '../../schemas/imports';
import type { CsvRow, TableLayout } from './csv-table';

/** What one import applies at a time: a catalog row, a stock count, or an order (its lines). */
export interface ImportUnit<Row> {
  lines: number[];
  row: Row;
}

export interface ApplyContext {
  env: Env;
  db: Database;
  jobId: string;
  actor: string;
  /** A redelivered chunk: some of its rows may have been applied by the attempt that failed. */
  retry: boolean;
}

export interface ChunkOutcome {
  tally: ImportReport;
  errors: RowError[];
  /** D1 writes still to make: they land in one batch with the chunk's progress, all or nothing. */
  statements: Statement[];
}

/** How one kind of file is read, checked against what is stored (dry run), and applied chunk by chunk. */
export interface ImportHandler<Row> {
  layout: TableLayout;
  read(rows: CsvRow[], columns: string[]): { units: ImportUnit<Row>[]; errors: RowError[] };
  check(env: Env, db: Database, units: ImportUnit<Row>[]): Promise<RowError[]>;
  apply(ctx: ApplyContext, units: ImportUnit<Row>[]): Promise<ChunkOutcome>;
}

export const emptyTally = (): ImportReport => ({ created: 0, updated: 0, unchanged: 0, failed: 0 });

export const rowError = (line: number, code: string, message: string, column?: string): RowError =>
  column === undefined ? { line, code, message } : { line, column, code, message };

/** Each row through its zod schema: the parsed rows, and one error per row that fails (its first issue). */
export function parseRows<S extends z.ZodType>(rows: CsvRow[], columns: string[], schema: S) {
  const parsed: { line: number; row: z.output<S> }[] = [];
  const errors: RowError[] = [];
  for (const r of rows) {
    if (r.width !== columns.length) {
      const message = `The row has ${r.width} cells; the header has ${columns.length}`;
      errors.push(rowError(r.line, 'wrong_cell_count', message));
      continue;
    }
    const result = schema.safeParse(r.cells);
    if (result.success) parsed.push({ line: r.line, row: result.data });
    else {
      const issue = result.error.issues[0]!;
      const column = issue.path[0] === undefined ? undefined : String(issue.path[0]);
      errors.push(rowError(r.line, 'invalid_value', `${column ?? 'row'}: ${issue.message}`, column));
    }
  }
  return { parsed, errors };
}

/** Runs a lookup over values in slices that stay under D1's 100 bound parameters, as one batch. */
export async function lookupInSlices<T>(
  db: Database,
  values: string[],
  query: (slice: string[]) => Statement,
): Promise<T[]> {
  const unique = [...new Set(values)];
  if (!unique.length) return [];
  const statements: Statement[] = [];
  for (let i = 0; i < unique.length; i += 90) statements.push(query(unique.slice(i, i + 90)));
  const results = await db.batch(statements as [Statement, ...Statement[]]);
  return (results as unknown as T[][]).flat();
}
