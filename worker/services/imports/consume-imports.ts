import { and, eq } from 'drizzle-orm';
import { runBatch } from '../../../db/batch';
import type { Database } from '../../../db/client';
import { importJobs } from '../../../db/schema';
import { RetryLater } from '../retry-later';
import { type ImportChunkMessage, readJobFile } from './apply-import';
import { chunksOf, IMPORT_HANDLERS } from './import-handlers';
import { chunkDone, findImportJob, finishIfComplete, recordChunk } from './import-jobs';

// wrangler.toml: max_retries = 3 for switchyard-imports, so the fourth delivery is the last.
const LAST_ATTEMPT = 4;

const log = (level: string, message: string, extra: Record<string, unknown>) =>
  console.error(JSON.stringify({ level, message, ...extra }));

/** Applies one chunk of a job once: its writes and its progress land together; the last chunk finishes the job. */
export async function applyChunk(env: Env, db: Database, m: ImportChunkMessage, attempts: number) {
  const job = await findImportJob(db, m.job_id);
  if (!job || chunkDone(job, m.chunk)) return;
  const units = chunksOf((await readJobFile(env, job)).units)[m.chunk];
  if (!units) throw new Error(`import ${job.id} has no chunk ${m.chunk}`);
  const ctx = { env, db, jobId: job.id, actor: job.createdBy, retry: attempts > 1 };
  const outcome = await IMPORT_HANDLERS[job.kind].apply(ctx, units);
  const rows = units.reduce((n, u) => n + u.lines.length, 0);
  await runBatch(db, [...outcome.statements, recordChunk(db, job.id, m.chunk, rows, outcome)]);
  await finishIfComplete(db, job.id);
}

async function failJob(db: Database, jobId: string, error: unknown) {
  await db
    .update(importJobs)
    .set({ status: 'failed', finishedAt: new Date().toISOString() })
    .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'applying')));
  log('error', 'import failed', { job: jobId, error: String(error) });
}

/** The switchyard-imports consumer: a failing chunk is retried; one that fails its last attempt fails the job. */
export async function consumeImports(batch: MessageBatch<unknown>, env: Env, db: Database) {
  for (const m of batch.messages) {
    const body = m.body as ImportChunkMessage;
    try {
      await applyChunk(env, db, body, m.attempts);
      m.ack();
    } catch (err) {
      if (m.attempts >= LAST_ATTEMPT) {
        await failJob(db, body.job_id, err);
        m.ack();
        continue;
      }
      log('warn', 'import chunk deferred', { job: body.job_id, chunk: body.chunk, error: String(err) });
      m.retry({ delaySeconds: err instanceof RetryLater ? err.seconds : Math.min(60, 2 ** m.attempts) });
    }
  }
}
