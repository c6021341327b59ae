import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { counters } from '../../../db/schema';

// ISA13 and GS06 are at most nine digits; after the last one the sequence starts again at 1.
const MAX_CONTROL_NUMBER = 999_999_999;

/** Named sequences per partner: `isa` (ISA13), `gs` (GS06), `invoice` (BIG02), and SSCC serials per GS1 prefix. */
export const counterName = (scope: string, kind: 'isa' | 'gs' | 'invoice' | 'sscc') => `edi:${scope}:${kind}`;

/** The next value of a named sequence (1 for a new one); one D1 statement, so concurrent callers never share a value. */
export async function nextValue(db: Database, name: string): Promise<number> {
  const [row] = await db
    .insert(counters)
    .values({ name, value: 1 })
    .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + 1` } })
    .returning({ value: counters.value });
  return row!.value;
}

export async function nextControlNumber(db: Database, channel: string, kind: 'isa' | 'gs') {
  return (((await nextValue(db, counterName(channel, kind))) - 1) % MAX_CONTROL_NUMBER) + 1;
}
