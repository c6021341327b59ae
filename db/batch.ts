import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from './client';

export type Statement = BatchItem<'sqlite'>;

/** Runs statements as one D1 batch: a single transaction, all or nothing. */
export async function runBatch(db: Database, statements: Statement[]) {
  if (statements.length === 0) return;
  await db.batch(statements as [Statement, ...Statement[]]);
}
