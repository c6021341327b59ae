import type { Database } from '../../../db/client';
import { importJobs } from '../../../db/schema';
import { newId } from '../../domain/ids';
import { ApiError } from '../../http/errors';
import type { ImportKind } from '../../schemas/imports';
import { IMPORT_HANDLERS, readImportFile } from './import-handlers';
import { findImportByFile, type ImportJobRow, storedErrors } from './import-jobs';

export interface Upload {
  created: boolean;
  job: ImportJobRow;
}

const hex = (digest: ArrayBuffer) =>
  [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');

function decode(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError(422, 'invalid_encoding', 'The file is not UTF-8 text');
  }
}

/**
 * A dry run of a CSV file: stored in R2 and every row checked against its schema and what is stored, with
 * nothing applied. The same file for the same kind answers its existing job. Refuses a file that is not CSV
 * or whose header does not fit the kind, without making a job.
 */
export async function uploadImport(
  env: Env,
  db: Database,
  kind: ImportKind,
  bytes: ArrayBuffer,
  actor: string,
): Promise<Upload> {
  if (bytes.byteLength === 0) throw new ApiError(400, 'empty_file', 'The file is empty');
  const fileHash = hex(await crypto.subtle.digest('SHA-256', bytes));
  const existing = await findImportByFile(db, kind, fileHash);
  if (existing) return { created: false, job: existing };
  const read = readImportFile(kind, decode(bytes));
  if (!read.ok) throw new ApiError(422, read.code, read.message, read.line ? { line: read.line } : undefined);
  const checked = await IMPORT_HANDLERS[kind].check(env, db, read.units);
  const errors = [...read.errors, ...checked];
  const r2Key = `imports/${kind}/${fileHash}.csv`;
  await env.IMPORTS.put(r2Key, bytes, { httpMetadata: { contentType: 'text/csv; charset=utf-8' } });
  const [job] = await db
    .insert(importJobs)
    .values({
      id: newId('imp'),
      kind,
      fileHash,
      r2Key,
      status: errors.length ? 'invalid' : 'validated',
      totalRows: read.totalRows,
      errors: storedErrors(errors),
      createdBy: actor,
    })
    .onConflictDoNothing()
    .returning();
  if (job) return { created: true, job };
  // the same file uploaded twice at once: the other upload made the job
  return { created: false, job: (await findImportByFile(db, kind, fileHash))! };
}
