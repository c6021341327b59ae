import { ApiError } from './errors';

/** Turns a UNIQUE constraint failure (a race with another writer) into the 409 the caller expects. */
export async function conflictOnUnique<T>(work: Promise<T>, code: string, message: string): Promise<T> {
  try {
    return await work;
  } catch (err) {
    const text = `${(err as Error)?.message} ${((err as Error)?.cause as Error | undefined)?.message ?? ''}`;
    if (text.includes('UNIQUE constraint failed')) throw new ApiError(409, code, message);
    throw err;
  }
}
