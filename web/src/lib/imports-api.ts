// The CSV imports screens' calls, through api.ts's typed client.
import { type Answer, ApiError, call, client, segment } from './api.ts';

type Client = typeof client;
export type ImportJob = Answer<Awaited<ReturnType<Client['imports'][':id']['$get']>>>;
export type ImportKind = ImportJob['kind'];
export type ImportStatus = ImportJob['status'];
export type ImportRowError = ImportJob['errors'][number];

/** The API's limit for an import file: refused here before a phone sends megabytes to be told so. */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** What an upload answered: the job, and whether the same file had been uploaded before (its job). */
export interface Uploaded {
  job: ImportJob;
  seenBefore: boolean;
}

export const importsApi = {
  recent: () => call(() => client.imports.$get()),
  get: (id: string) => call(() => client.imports[':id'].$get({ param: { id: segment(id) } })),
  /**
   * Sends the file as text/csv whatever type the phone gives it (a CSV saved by Excel is often
   * `application/vnd.ms-excel`, or untyped). 422 when the header does not fit the kind; 413 over 20 MiB.
   */
  async upload(kind: ImportKind, file: Blob): Promise<Uploaded> {
    if (file.size > MAX_IMPORT_BYTES) {
      throw new ApiError(
        413,
        'payload_too_large',
        'The file is larger than 20 MiB. Split it and import the parts.',
      );
    }
    let seenBefore = false;
    const job = await call(async () => {
      const res = await client.imports[':kind'].$post(
        { param: { kind } },
        { headers: { 'content-type': 'text/csv' }, init: { body: file } },
      );
      seenBefore = res.status === 200;
      return res;
    });
    return { job, seenBefore };
  },
  /** 409 `import_not_validated` when the job has row errors, or is applying or applied already. */
  apply: (id: string) => call(() => client.imports[':id'].apply.$post({ param: { id: segment(id) } })),
};
