import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { importJobs } from '../../../db/schema';
import type { ImportKind, ImportReport, RowError } from '../../schemas/imports';
import type { ChunkOutcome } from './import-kind';

export type ImportJobRow = typeof importJobs.$inferSelect;

/** The stored error list: the first MAX_STORED_ERRORS by line, and how many there were. */
export interface StoredErrors {
  count: number;
  first: RowError[];
}

export const MAX_STORED_ERRORS = 500;

export const storedErrors = (errors: RowError[]): StoredErrors => ({
  count: errors.length,
  first: errors.toSorted((a, b) => a.line - b.line).slice(0, MAX_STORED_ERRORS),
});

/** While applying: the running counts, how many chunks there are, and each finished chunk's row errors. */
export interface ApplyingReport extends ImportReport {
  chunks: number;
  done: Record<string, RowError[]>;
}

export function importJobView(job: ImportJobRow) {
  const errors = (job.errors as StoredErrors | null) ?? { count: 0, first: [] };
  const report = job.report as ImportReport | null;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    total_rows: job.totalRows,
    applied_rows: job.appliedRows,
    error_count: errors.count,
    errors: errors.first,
    report: report && {
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      failed: report.failed,
    },
    created_by: job.createdBy,
    created_at: job.createdAt,
    finished_at: job.finishedAt,
  };
}

export const findImportJob = (db: Database, id: string) =>
  db.query.importJobs.findFirst({ where: eq(importJobs.id, id) });

export const findImportByFile = (db: Database, kind: ImportKind, fileHash: string) =>
  db.query.importJobs.findFirst({ where: and(eq(importJobs.kind, kind), eq(importJobs.fileHash, fileHash)) });

export const recentImportJobs = (db: Database, limit: number) =>
  db.select().from(importJobs).orderBy(desc(importJobs.id)).limit(limit);

const chunkKey = (chunk: number) => `$.done.c${chunk}`;

/** Whether a chunk's outcome is recorded already (a redelivered message finds its work done). */
export const chunkDone = (job: ImportJobRow, chunk: number) =>
  job.status !== 'applying' || `c${chunk}` in ((job.report as ApplyingReport | null)?.done ?? {});

/**
 * Adds a chunk's counts and rows to the job once: the update only matches while the chunk is unrecorded,
 * so a redelivered chunk adds nothing. Goes in one batch with the chunk's own writes.
 */
export function recordChunk(db: Database, jobId: string, chunk: number, rows: number, outcome: ChunkOutcome) {
  const { created, updated, unchanged, failed } = outcome.tally;
  const add = (field: keyof ImportReport, n: number) =>
    sql`, '$.${sql.raw(field)}', json_extract(${importJobs.report}, '$.${sql.raw(field)}') + ${n}`;
  return db
    .update(importJobs)
    .set({
      appliedRows: sql`${importJobs.appliedRows} + ${rows}`,
      report: sql`json_set(${importJobs.report}, ${chunkKey(chunk)}, json(${JSON.stringify(outcome.errors.slice(0, MAX_STORED_ERRORS))})${add('created', created)}${add('updated', updated)}${add('unchanged', unchanged)}${add('failed', failed)})`,
    })
    .where(
      and(
        eq(importJobs.id, jobId),
        eq(importJobs.status, 'applying'),
        sql`json_extract(${importJobs.report}, ${chunkKey(chunk)}) IS NULL`,
      ),
    );
}

/** Once every chunk is recorded: applied, with the final counts and the rows that failed. */
export async function finishIfComplete(db: Database, jobId: string) {
  const job = await findImportJob(db, jobId);
  if (job?.status !== 'applying') return;
  const report = job.report as ApplyingReport;
  if (Object.keys(report.done).length < report.chunks) return;
  const { created, updated, unchanged, failed } = report;
  await db
    .update(importJobs)
    .set({
      status: 'applied',
      report: { created, updated, unchanged, failed },
      errors: storedErrors(Object.values(report.done).flat()),
      finishedAt: new Date().toISOString(),
    })
    .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'applying')));
}
