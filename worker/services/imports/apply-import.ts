import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { importJobs } from '../../../db/schema';
import { ApiError } from '../../http/errors';
import { auditInsert } from '../../repo/audit';
import { chunksOf, readImportFile } from './import-handlers';
import { type ApplyingReport, findImportJob, type ImportJobRow } from './import-jobs';

/** One queue message: apply chunk `chunk` of the job's file. */
export interface ImportChunkMessage {
  job_id: string;
  chunk: number;
}

// A queue's sendBatch takes at most 100 messages.
const MESSAGES_PER_SEND = 100;

/** The job's file, read again from R2 (the bytes the dry run checked). */
export async function readJobFile(env: Env, job: ImportJobRow) {
  const object = await env.IMPORTS.get(job.r2Key);
  if (!object) throw new Error(`import file ${job.r2Key} is missing from R2`);
  const read = readImportFile(job.kind, await object.text());
  if (!read.ok) throw new Error(`import file ${job.r2Key} no longer reads: ${read.message}`);
  return read;
}

/**
 * Starts applying a validated job: status applying, then one queue message per chunk of rows. Refuses a job
 * that is invalid or already applying or applied (`import_not_validated`).
 */
export async function applyImport(env: Env, db: Database, id: string, actor: string): Promise<ImportJobRow> {
  const job = await findImportJob(db, id);
  if (!job) throw new ApiError(404, 'import_not_found', 'No such import');
  if (job.status !== 'validated') {
    throw new ApiError(
      409,
      'import_not_validated',
      `The import is ${job.status}; only a validated one applies`,
      {
        status: job.status,
      },
    );
  }
  const chunks = chunksOf((await readJobFile(env, job)).units).length;
  const report: ApplyingReport = { chunks, done: {}, created: 0, updated: 0, unchanged: 0, failed: 0 };
  const [started] = await db.batch([
    db
      .update(importJobs)
      .set({ status: 'applying', report })
      .where(and(eq(importJobs.id, id), eq(importJobs.status, 'validated')))
      .returning(),
    auditInsert(db, { actor, action: 'import.apply', entity: 'import_job', entityId: id, data: { chunks } }),
  ]);
  if (!started[0]) throw new ApiError(409, 'import_not_validated', 'The import is being applied already');
  const messages = Array.from({ length: chunks }, (_, chunk) => ({ body: { job_id: id, chunk } }));
  for (let i = 0; i < messages.length; i += MESSAGES_PER_SEND) {
    await env.IMPORT_JOBS.sendBatch(messages.slice(i, i + MESSAGES_PER_SEND));
  }
  return started[0];
}
